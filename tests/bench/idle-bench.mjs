// Idle-connection benchmark (issue: scale and hardening). Run on demand, not in CI:
//   node tests/bench/idle-bench.mjs [--counts 0,1000,10000] [--messages 4096]
// after a build with tests (it uses build/app/switchboard-server and build/tests/bench/pipeload;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_PIPELOAD override them).
//
// For each count of idle WebSocket connections (opened by `ws` clients in this process and then
// left alone: localfirst peers listening on /introduction/<id> at Switchboard, whose waiting-room
// for /connection peers is capped at 10,000; peers waiting on /connection/<id>/x/idle at the ws
// pipe, which has no other kind), a pipe's throughput measured with
// pipeload (64 KiB messages, window 32, random masking keys), and the relay's resident memory per
// idle connection, for Switchboard and for the minimal Node `ws` pipe in the same run. The point:
// a relay that looks at every socket on every pass slows down as idle connections pile up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { commandLineOption, freePort, rssBytes, runPipeload, startProcess, startSwitchboard } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const option = commandLineOption;
const COUNTS = option('--counts', '0,1000,10000').split(',').map(Number);
const MESSAGES = Number(option('--messages', 4096));
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const pipeload = process.env.SWITCHBOARD_PIPELOAD ?? join(root, 'build/tests/bench/pipeload');

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-idle-bench-'));
const targets = [
  {
    name: 'Switchboard',
    start: (port) => startSwitchboard(serverBinary, port, dataDir,
      ['--max-connections', '100000', '--max-connections-per-ip', '100000']),
    idlePath: (i) => `/introduction/idle${i}`,
  },
  {
    name: 'minimal ws pipe',
    start: (port) => startProcess(process.execPath, [join(here, 'lib/minimal-ws-pipe.mjs'), String(port)], 'listening'),
    idlePath: (i) => `/connection/idle${i}/x/idle`,
  },
];

// Opens `count` idle connections, a few hundred at a time.
async function openIdle(port, count, idlePath) {
  const sockets = [];
  const batch = 250;
  for (let start = 0; start < count; start += batch) {
    const opened = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      opened.push(new Promise((resolveOpen, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}${idlePath(i)}`, { perMessageDeflate: false });
        socket.on('open', () => resolveOpen(socket));
        socket.on('error', reject);
      }));
    }
    sockets.push(...await Promise.all(opened));
  }
  return sockets;
}

async function measure(target, count) {
  const port = await freePort();
  const server = await target.start(port);
  try {
    const before = rssBytes(server.pid);
    const idle = await openIdle(port, count, target.idlePath);
    // Let the relay settle (buffers allocated on first use) before reading its memory.
    await new Promise((r) => setTimeout(r, 500));
    const after = rssBytes(server.pid);
    const load = await runPipeload(pipeload, port, { messages: MESSAGES, messageBytes: 64 * 1024, window: 32, doc: `bench${Date.now()}` });
    const open = idle.filter((s) => s.readyState === WebSocket.OPEN).length;
    for (const socket of idle) socket.terminate();
    return { rate: load.bytes / load.seconds / 1e6, perConnection: count ? (after - before) / count : 0, open };
  } finally {
    server.kill('SIGTERM');
  }
}

try {
  const rows = [];
  for (const count of COUNTS) {
    const row = { count };
    for (const target of targets) {
      row[target.name] = await measure(target, count);
      console.error(`${target.name}, ${count} idle: ${row[target.name].rate.toFixed(0)} MB/s`);
    }
    rows.push(row);
  }
  const none = rows.find((r) => r.count === 0);
  console.log(`Idle connections and pipe throughput: ${MESSAGES} x 64 KiB messages through one pipe`);
  console.log('| idle connections | Switchboard MB/s | vs none | ws pipe MB/s | Switchboard KiB per idle connection | ws pipe KiB per idle connection |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = r.Switchboard;
    const w = r['minimal ws pipe'];
    const share = none ? `${(100 * s.rate / none.Switchboard.rate).toFixed(0)}%` : '';
    console.log(`| ${r.count} | ${s.rate.toFixed(0)} | ${share} | ${w.rate.toFixed(0)} | ${(s.perConnection / 1024).toFixed(1)} | ${(w.perConnection / 1024).toFixed(1)} |`);
    if (s.open !== r.count || w.open !== r.count) console.log(`warning: idle connections still open at the end: Switchboard ${s.open}, ws ${w.open} of ${r.count}`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
