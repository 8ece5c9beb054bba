// Both cores (issue: scale and hardening). Run on demand, not in CI:
//   node tests/bench/threads-bench.mjs [--pipes K] [--messages N] [--rounds R] [--threads 1,0,2]
//                                      [--stagger-ms MS] [--reuse-frames]
// after a build with tests (build/app/switchboard-server, build/tests/bench/pipeload;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_PIPELOAD override them).
//
// K pipes at once, each a pipeload process (64 KiB binary messages with fresh random masking keys,
// window 32, as in pipe-bench), through Switchboard started with each --threads value in turn
// (1: everything on the relay's one event loop, the reference; 0, the default: a thread per core,
// used as the load calls for it; 2: pipes always spread over two), and through the minimal Node `ws`
// pipe for scale, interleaved round by round. Shown per relay: the median round's aggregate
// throughput (all pipes' bytes over the time until the last pipe finished), the relay's CPU time
// over the same wall time (how many cores it kept busy), and the ratio to one thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLineOption, cpuSeconds, freePort, median, runPipeload, startProcess, startSwitchboard } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const PIPES = commandLineOption('--pipes', 4);
const MESSAGES = commandLineOption('--messages', 4096);
const ROUNDS = commandLineOption('--rounds', 3);
const THREADS = commandLineOption('--threads', '1,0,2').split(',').map(Number);
// Pipe k starts k x STAGGER_MS after the first: the default places a pipe by the load it finds.
const STAGGER_MS = commandLineOption('--stagger-ms', 0);
// Senders send one masked frame again and again (pipeload `reuse`), so the clients cost far less
// CPU per byte than the relay and its own limit shows even with the clients on the same cores.
const REUSE_FRAMES = process.argv.includes('--reuse-frames');
const MESSAGE_BYTES = 64 * 1024;
const WINDOW = 32;
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const pipeload = process.env.SWITCHBOARD_PIPELOAD ?? join(root, 'build/tests/bench/pipeload');

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-threads-bench-'));
const targets = [
  ...THREADS.map((threads) => ({
    name: threads === 0 ? 'Switchboard (default: --threads 0)' : `Switchboard --threads ${threads}`,
    threads,
    start: (port) => startSwitchboard(serverBinary, port, dataDir, ['--threads', String(threads)]),
  })),
  {
    name: 'minimal ws pipe',
    start: (port) => startProcess(process.execPath, [join(here, 'lib/minimal-ws-pipe.mjs'), String(port)], 'listening'),
  },
];

async function round(target, index) {
  const port = await freePort();
  const server = await target.start(port);
  try {
    const cpuBefore = cpuSeconds(server.pid);
    const started = process.hrtime.bigint();
    // Where Switchboard ran the pipes: the most each thread carried at once (from /stats).
    const peak = [];
    const watcher = target.threads === undefined ? null : setInterval(async () => {
      try {
        const { pipesByThread } = await (await fetch(`http://127.0.0.1:${port}/stats`)).json();
        pipesByThread.forEach((n, i) => { peak[i] = Math.max(peak[i] ?? 0, n); });
      } catch { /* the round is ending */ }
    }, 200);
    const runs = await Promise.all(Array.from({ length: PIPES }, async (_, pipe) => {
      await new Promise((r) => setTimeout(r, pipe * STAGGER_MS));
      return runPipeload(pipeload, port, {
        messages: MESSAGES, messageBytes: MESSAGE_BYTES, window: WINDOW, doc: `threads-${index}-${pipe}-${Date.now()}`,
        reuseFrame: REUSE_FRAMES,
      });
    }));
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(watcher);
    const bytes = runs.reduce((sum, run) => sum + run.bytes, 0);
    return { rate: bytes / wall / 1e6, cores: (cpuSeconds(server.pid) - cpuBefore) / wall, peak };
  } finally {
    server.kill('SIGTERM');
  }
}

const results = new Map(targets.map((t) => [t.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const target of targets) results.get(target.name).push(await round(target, r));
}
rmSync(dataDir, { recursive: true, force: true });

const oneThread = median(results.get(targets[0].name).map((x) => x.rate));
console.log(`${PIPES} pipes${STAGGER_MS ? `, one starting every ${STAGGER_MS} ms` : ' at once'}, ${MESSAGES} x 64 KiB each, `
  + `window ${WINDOW}${REUSE_FRAMES ? ', senders reusing one masked frame' : ''}, median of ${ROUNDS} rounds`);
console.log(`| relay | MB/s all pipes (median) | rounds | relay CPU, cores busy (median) | vs ${targets[0].name} | most pipes per thread at once, by round |`);
console.log('|---|---|---|---|---|---|');
for (const target of targets) {
  const rounds = results.get(target.name);
  const rate = median(rounds.map((x) => x.rate));
  const cores = median(rounds.map((x) => x.cores));
  console.log(`| ${target.name} | ${rate.toFixed(0)} | ${rounds.map((x) => x.rate.toFixed(0)).join(', ')} | `
    + `${cores.toFixed(2)} | ${(rate / oneThread).toFixed(2)}x | `
    + `${target.threads === undefined ? '' : rounds.map((x) => `[${x.peak.join(' ')}]`).join(', ')} |`);
}
