// Starts the built switchboard-server for a test and stops it afterwards. The binary's path comes
// from SWITCHBOARD_SERVER_BINARY (ctest sets it); the server listens on an ephemeral loopback port.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY;

// The server gets a clean environment, except the sanitizers' settings: under
// tests/sanitize/run-suite.sh they say where reports go and which leaks are the system's.
export function sanitizerEnvironment() {
  const names = ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'];
  return Object.fromEntries(names.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
}

export async function startServer({ args = [], env = {}, port = 0, dataDir } = {}) {
  if (!serverBinary) throw new Error('SWITCHBOARD_SERVER_BINARY is not set');
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const child = spawn(serverBinary,
    ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, ...args],
    { env: { PATH: process.env.PATH, ...sanitizerEnvironment(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  const waiters = new Set();
  const onData = (chunk) => {
    logs += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const server = {
    child,
    dataDir,
    logs: () => logs,
    waitForLog(text, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (logs.includes(text)) { waiters.delete(check); clearTimeout(timer); resolve(); }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`log line "${text}" did not appear; logs:\n${logs}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
  };
  await server.waitForLog('share URLs use', 15000);
  const match = logs.match(/listening on 127\.0\.0\.1:(\d+) /);
  server.port = Number(match[1]);
  server.httpUrl = `http://127.0.0.1:${server.port}`;
  server.wsUrl = `ws://127.0.0.1:${server.port}`;
  return server;
}

// Resolves with the first value `poll` returns that is not undefined, polling until the deadline.
export async function eventually(poll, { timeoutMs = 5000, intervalMs = 20, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await poll();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// One HTTP request to the relay on a fresh connection; resolves with status, headers and body.
export function httpRequest(server, { host, method = 'GET', path = '/', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, method, path, agent: false,
      headers: { ...(host ? { host } : {}), ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks),
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A raw WebSocket upgrade on `path`, then silence: it answers nothing, not even pings or the
// relay's close. Resolves with the socket once the 101 has arrived.
export function deafWebSocket(port, path) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
        + `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    let head = '';
    const onData = (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(head));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
}
