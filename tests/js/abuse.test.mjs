// Abuse beside honest traffic (issue: scale and hardening): slow heads, a connection flood, oversize
// messages on every WebSocket endpoint, a receiver that stops reading. Attackers come from
// 127.0.0.1; honest clients from 127.0.0.2 and 127.0.0.3 (all of 127/8 is this machine), so the
// per-address limits meant for the attackers leave them alone. Each test asserts that the honest
// side loses nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startServer, eventually } from './harness.mjs';
import { honestLocalfirstPipe } from './honest-pipe.mjs';

const HEAD_TIMEOUT_S = 3;
const PER_ADDRESS = 256;
const server = await startServer({
  args: ['--head-timeout', String(HEAD_TIMEOUT_S), '--max-connections-per-ip', String(PER_ADDRESS)],
});
after(() => server.stop());

// A GET from a chosen local address (a fresh connection each time: no keep-alive agent).
function get(path, localAddress) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: server.port, path, localAddress, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

const health = async (localAddress) => (await get('/health', localAddress)).status;

const honestPipe = (doc) => honestLocalfirstPipe(server, doc);

test('a slowloris of 1,000 slow heads from one address', async () => {
  const sockets = [];
  let refusedEarly = 0;
  const started = Date.now();
  for (let i = 0; i < 1000; i++) {
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.1' });
    socket.on('error', () => {});
    socket.on('close', () => {
      socket.closedAt = Date.now();
      if (socket.closedAt - started < (HEAD_TIMEOUT_S * 1000) / 2) refusedEarly++;
    });
    // A head that never ends, one header line at a time.
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: attacker\r\n'));
    sockets.push(socket);
  }
  const trickle = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed && socket.writable) socket.write('X-Slow: 1\r\n');
  }, 500);
  try {
    // While the attack holds: the relay still answers others, and an honest pipe is intact.
    assert.equal(await health('127.0.0.3'), 200);
    const pipe = await honestPipe(`slowloris-${Date.now()}`);
    assert.ok(pipe.intact, 'every honest byte arrived in order');
    // Beyond the per-address limit the attackers were turned away at once; the rest are closed
    // by the head deadline, trickle or not.
    await eventually(() => sockets.every((s) => s.destroyed || s.closedAt), {
      timeoutMs: HEAD_TIMEOUT_S * 1000 + 5000, what: 'every slow head closed',
    });
    assert.ok(refusedEarly >= 100, `only ${refusedEarly} turned away before the head deadline`);
    const slowest = Math.max(...sockets.map((s) => s.closedAt ?? Date.now())) - started;
    assert.ok(slowest < HEAD_TIMEOUT_S * 1000 + 4000, `the last slow head lived ${slowest} ms`);
  } finally {
    clearInterval(trickle);
    for (const socket of sockets) socket.destroy();
  }
});

test('a flood of connections from one address leaves others served', async () => {
  const flood = [];
  for (let i = 0; i < 2000; i++) {
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.1' });
    socket.on('error', () => {});
    flood.push(socket);
  }
  try {
    assert.equal(await health('127.0.0.3'), 200);
    const pipe = await honestPipe(`flood-${Date.now()}`);
    assert.ok(pipe.intact, 'every honest byte arrived in order');
    // The flood's surplus was refused and counted; the attacker's address is still blocked.
    const metrics = await get('/metrics', '127.0.0.3');
    assert.equal(metrics.status, 200);
    const refused = [...metrics.body.matchAll(/^switchboard_connections_rejected_total\{reason="([^"]+)"\} (\d+)/gm)];
    assert.ok(refused.some(([, reason, count]) => /per.?ip|address/i.test(reason) && Number(count) > 0),
      `per-address refusals counted:\n${refused.map((r) => r[0]).join('\n')}`);
  } finally {
    for (const socket of flood) socket.destroy();
  }
});

test('oversize messages on every WebSocket endpoint are refused with 1009, honest traffic unharmed', async () => {
  // Each route's own message limit is at most 16 MiB; one byte more than that everywhere.
  const oversize = Buffer.alloc(16 * 1024 * 1024 + 1, 0x61);
  const endpoints = ['/connection/a/b/oversize', '/introduction/oversize', '/relay/oversize-mesh', '/',
    '/socket.io/?EIO=4&transport=websocket', '/live'];
  const honest = honestPipe(`oversize-${Date.now()}`);
  for (const path of endpoints) {
    const ws = new WebSocket(`${server.wsUrl}${path}`, { localAddress: '127.0.0.1', perMessageDeflate: false });
    ws.on('error', () => {});
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('close', () => reject(new Error(`${path} closed before open`))); });
    const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(oversize);
    assert.equal(await closed, 1009, `close code on ${path}`);
  }
  const pipe = await honest;
  assert.ok(pipe.intact, 'every honest byte arrived in order');
  assert.equal(await health('127.0.0.3'), 200);
});

test('a receiver that stops reading holds its sender back, not the relay\'s memory', async () => {
  const open = (path, localAddress) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}${path}`, { localAddress, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
  const doc = `stalled-${Date.now()}`;
  const receiver = await open(`/connection/r/s/${doc}`, '127.0.0.1');
  const sender = await open(`/connection/s/r/${doc}`, '127.0.0.1');
  receiver.pause(); // reads nothing from here on
  const rssBefore = rssKiB(server.child.pid);
  // Push 64 MiB as fast as the relay takes it; stop when the relay stops taking.
  const chunk = Buffer.alloc(1024 * 1024, 0x62);
  let pushed = 0;
  const deadline = Date.now() + 5000;
  while (pushed < 64 * 1024 * 1024 && Date.now() < deadline) {
    if (sender.bufferedAmount < 8 * 1024 * 1024) {
      sender.send(chunk);
      pushed += chunk.length;
    } else {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  // Meanwhile others are served, and the relay did not buffer what the receiver left unread.
  const pipe = await honestPipe(`beside-stalled-${Date.now()}`);
  assert.ok(pipe.intact, 'every honest byte arrived in order');
  const grown = rssKiB(server.child.pid) - rssBefore;
  assert.ok(sender.bufferedAmount > 0, 'the sender was held back');
  assert.ok(grown < 32 * 1024, `relay grew by ${grown} KiB while a receiver read nothing`);
  receiver.terminate();
  sender.terminate();
});

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]);
}
