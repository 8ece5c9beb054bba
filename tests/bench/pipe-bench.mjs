// Pipe benchmark (issue: rooms and pipes). Run on demand, not in CI:
//   node tests/bench/pipe-bench.mjs [--messages N] [--rounds R]
// after a build with tests (it uses build/app/switchboard-server and build/tests/bench/pipeload;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_PIPELOAD override them). Node: the system's (the
// @localfirst/relay server does not run on Node 22).
//
// 1. Throughput: 64 KiB binary messages (random masking keys, as `ws` clients send) through a
//    localfirst-style /connection pipe, end to end with a window of 32 unacknowledged messages,
//    against Switchboard, the real @localfirst/relay server, and a minimal Node `ws` pipe, in the
//    same run, interleaved round by round. The median of the rounds is reported.
// 2. Memory: a receiver that reads slowly while the sender pushes 256 MiB as fast as it can;
//    Switchboard's resident memory above idle, and whether every byte arrived in order.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { commandLineOption, cpuSeconds, freePort, median, rssBytes, runPipeload, startProcess, startSwitchboard } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const option = commandLineOption;
const MESSAGES = option('--messages', 8192);
const ROUNDS = option('--rounds', 3);
const MESSAGE_BYTES = 64 * 1024;
const WINDOW = 32;
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const pipeload = process.env.SWITCHBOARD_PIPELOAD ?? join(root, 'build/tests/bench/pipeload');

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const targets = [
  {
    name: 'Switchboard',
    start: (port) => startSwitchboard(serverBinary, port, dataDir),
  },
  {
    name: '@localfirst/relay 4.2.2',
    start: (port) => startProcess(process.execPath, [join(here, 'lib/localfirst-relay.mjs'), String(port)], 'listening'),
  },
  {
    name: 'minimal ws pipe',
    start: (port) => startProcess(process.execPath, [join(here, 'lib/minimal-ws-pipe.mjs'), String(port)], 'listening'),
  },
];

// The clients are tests/bench/pipeload (C++): Node `ws` clients cost about as much CPU per byte
// as the relays under test, so on two cores they, not the relay, would set the pace.
function runLoad(port, doc) {
  return runPipeload(pipeload, port, { messages: MESSAGES, messageBytes: MESSAGE_BYTES, window: WINDOW, doc });
}

async function throughputRound(target) {
  const port = await freePort();
  const server = await target.start(port);
  try {
    const done = await runLoad(port, `bench${Date.now()}`);
    return { rate: done.bytes / done.seconds / 1e6, cpu: cpuSeconds(server.pid) / (done.bytes / 1e9) };
  } finally {
    server.kill('SIGTERM');
  }
}

const open = (url) => new Promise((resolveOpen, reject) => {
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  socket.on('open', () => resolveOpen(socket));
  socket.on('error', reject);
});

async function slowReceiverMemory() {
  const TOTAL = 256 * 1024 * 1024;
  const CHUNK = 1024 * 1024;
  const port = await freePort();
  const server = await targets[0].start(port);
  try {
    const receiver = await open(`ws://127.0.0.1:${port}/connection/r/s/memory`);
    const sender = await open(`ws://127.0.0.1:${port}/connection/s/r/memory`);
    await new Promise((r) => setTimeout(r, 300));
    const idle = rssBytes(server.pid);
    let peak = idle;
    const sampler = setInterval(() => { peak = Math.max(peak, rssBytes(server.pid)); }, 20);

    const sentHash = createHash('sha256');
    const receivedHash = createHash('sha256');
    let receivedBytes = 0;
    let messagesInOrder = true;
    let expectedIndex = 0;
    const allReceived = new Promise((resolveAll) => {
      receiver.on('message', (data) => {
        if (data.readUInt32BE(0) !== expectedIndex++) messagesInOrder = false;
        receivedHash.update(data);
        receivedBytes += data.length;
        if (receivedBytes >= TOTAL) resolveAll();
      });
    });
    // The receiver reads nothing for two seconds, then a little at a time.
    receiver.pause();
    const slowReader = setTimeout(function tick() {
      receiver.resume();
      setTimeout(() => { receiver.pause(); slowReaderTimer = setTimeout(tick, 40); }, 5);
    }, 2000);
    let slowReaderTimer = slowReader;

    const started = Date.now();
    for (let offset = 0, index = 0; offset < TOTAL; offset += CHUNK, index++) {
      const chunk = randomBytes(CHUNK);
      chunk.writeUInt32BE(index, 0);
      sentHash.update(chunk);
      sender.send(chunk, { binary: true });
      // As fast as the relay accepts: the sender only waits while its own socket is backed up.
      while (sender.bufferedAmount > 8 * CHUNK) await new Promise((r) => setTimeout(r, 2));
    }
    const pushed = (Date.now() - started) / 1000;
    clearTimeout(slowReaderTimer);
    receiver.resume();
    await allReceived;
    clearInterval(sampler);
    peak = Math.max(peak, rssBytes(server.pid));
    sender.close();
    receiver.close();
    return {
      idleMiB: idle / 1048576,
      peakMiB: peak / 1048576,
      aboveIdleMiB: (peak - idle) / 1048576,
      intact: messagesInOrder && receivedBytes === TOTAL && sentHash.digest('hex') === receivedHash.digest('hex'),
      pushSeconds: pushed,
    };
  } finally {
    server.kill('SIGTERM');
  }
}

const results = new Map(targets.map((t) => [t.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const target of targets) results.get(target.name).push(await throughputRound(target));
}
const switchboard = median(results.get('Switchboard').map((r) => r.rate));
console.log(`Pipe throughput: ${MESSAGES} x 64 KiB binary messages, window ${WINDOW}, median of ${ROUNDS} rounds`);
console.log('| relay | MB/s (median) | rounds | Switchboard / this | relay CPU s per GB |');
console.log('|---|---|---|---|---|');
for (const target of targets) {
  const values = results.get(target.name);
  const m = median(values.map((r) => r.rate));
  const cpu = median(values.map((r) => r.cpu));
  console.log(`| ${target.name} | ${m.toFixed(0)} | ${values.map((v) => v.rate.toFixed(0)).join(', ')} | ${(switchboard / m).toFixed(2)}x | ${cpu.toFixed(2)} |`);
}
const memory = await slowReceiverMemory();
console.log('');
console.log('Slow receiver, 256 MiB pushed as fast as the relay accepts:');
console.log(`| Switchboard RSS idle | peak | above idle | every byte in order |`);
console.log('|---|---|---|---|');
console.log(`| ${memory.idleMiB.toFixed(1)} MiB | ${memory.peakMiB.toFixed(1)} MiB | ${memory.aboveIdleMiB.toFixed(1)} MiB | ${memory.intact ? 'yes' : 'NO'} |`);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
