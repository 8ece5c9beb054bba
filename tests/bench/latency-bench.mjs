// Pipe latency benchmark (issue: scale and hardening). On demand, not in CI:
//   node tests/bench/latency-bench.mjs [--messages 10000] [--rounds 3]
// after a build (build/app/switchboard-server; SWITCHBOARD_SERVER_BINARY overrides it).
//
// 1 KiB binary messages at about 1,000 a second (one per millisecond timer tick) through a
// localfirst-style /connection pipe, once through Switchboard and once through the minimal Node
// `ws` pipe, taking turns for a few rounds. Sender and receiver live in this process, so each
// message's time from send() to its arrival is read on one clock: the relay's share of it is
// what differs between the two rows. Reported: p50 and p99 of that time, medians over rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { commandLineOption, freePort, median, startProcess, startSwitchboard } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const MESSAGES = commandLineOption('--messages', 10000);
const ROUNDS = commandLineOption('--rounds', 3);
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-latency-'));
const targets = [
  {
    name: 'Switchboard',
    start: (port) => startSwitchboard(serverBinary, port, dataDir),
  },
  {
    name: 'minimal ws pipe',
    start: (port) => startProcess(process.execPath, [join(here, 'lib/minimal-ws-pipe.mjs'), String(port)], 'listening'),
  },
];

const open = (url) => new Promise((resolveOpen, reject) => {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.once('open', () => resolveOpen(ws));
  ws.once('error', reject);
});

async function round(target) {
  const port = await freePort();
  const server = await target.start(port);
  try {
    const doc = `latency${Date.now()}`;
    const receiver = await open(`ws://127.0.0.1:${port}/connection/b/a/${doc}`);
    const sender = await open(`ws://127.0.0.1:${port}/connection/a/b/${doc}`);
    const sentAt = new Float64Array(MESSAGES);
    const took = [];
    const done = new Promise((resolveDone) => receiver.on('message', (data) => {
      const index = data.readUInt32BE(0);
      took.push(Number(process.hrtime.bigint()) / 1e6 - sentAt[index]);
      if (took.length === MESSAGES) resolveDone();
    }));
    const payload = Buffer.alloc(1024);
    let next = 0;
    const ticker = setInterval(() => {
      if (next >= MESSAGES) return;
      payload.writeUInt32BE(next, 0);
      sentAt[next] = Number(process.hrtime.bigint()) / 1e6;
      sender.send(payload);
      next++;
    }, 1);
    await done;
    clearInterval(ticker);
    sender.close();
    receiver.close();
    took.sort((a, b) => a - b);
    return { p50: took[Math.floor(took.length * 0.5)], p99: took[Math.floor(took.length * 0.99)] };
  } finally {
    server.kill('SIGTERM');
  }
}

try {
  const results = new Map(targets.map((t) => [t.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const target of targets) results.get(target.name).push(await round(target));
  }
  console.log(`Pipe latency: ${MESSAGES} x 1 KiB at about 1,000 messages/s, send() to arrival, medians of ${ROUNDS} rounds`);
  console.log('| relay | p50 | p99 |');
  console.log('|---|---|---|');
  for (const target of targets) {
    const rounds = results.get(target.name);
    const p50 = median(rounds.map((x) => x.p50));
    const p99 = median(rounds.map((x) => x.p99));
    console.log(`| ${target.name} | ${p50.toFixed(3)} ms | ${p99.toFixed(3)} ms |`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
