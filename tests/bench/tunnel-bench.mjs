// Tunnel benchmark (issue: tunnel). Run on demand, not in CI:
//   node tests/bench/tunnel-bench.mjs [--seconds 10] [--connections 50] [--rounds 3]
// after a build with tests (it uses build/app/switchboard-server and build/tests/bench/benchdesktop;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_BENCH_DESKTOP override them).
//
// autocannon sends GET requests with 50 connections for N seconds, straight to the desktop's local
// HTTP server and then through Switchboard's tunnel (Host: <session>.localhost:<port>), taking
// turns for a few rounds in the same run. Reported per path: the median round's requests per
// second, and p50/p99 latency taken from every response's own time (autocannon's summary rounds to
// whole milliseconds, too coarse for "adds less than 1 ms"), and during the tunnel rounds the CPU
// each process used. The per-address rate limit is lifted for the run.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLineOption, outputMatching } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const option = commandLineOption;
const SECONDS = option('--seconds', 10);
const CONNECTIONS = option('--connections', 50);
const ROUNDS = option('--rounds', 3);
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const benchDesktop = process.env.SWITCHBOARD_BENCH_DESKTOP ?? join(root, 'build/tests/bench/benchdesktop');

// One autocannon run; latencies are collected from every response (milliseconds, fractional).
function run(url, headers) {
  return new Promise((resolveRun, reject) => {
    const latencies = [];
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) => {
      if (error) reject(error); else resolveRun({ result, latencies: Float64Array.from(latencies).sort() });
    });
    instance.on('response', (client, statusCode, bytes, milliseconds) => latencies.push(milliseconds));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// CPU seconds (user + system) a process has used so far, from /proc.
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const relay = spawn(serverBinary, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir,
  '--tunnel-http-rate', '1000000', '--tunnel-http-burst', '1000000', '--max-connections-per-ip', '10000'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
const relayPort = Number((await outputMatching(relay, /listening on 127\.0\.0\.1:(\d+) /))[1]);
const localServer = spawn(process.execPath, [join(here, 'lib/local-http-server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
const localPort = Number((await outputMatching(localServer, /listening (\d+)/))[1]);
// The desktop is tests/bench/benchdesktop (C++): a Node socket.io-client desktop spent a whole
// core at 18k requests/s and set the pace instead of the tunnel.
const desktop = spawn(benchDesktop, [String(relayPort), String(localPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
const [, sessionId] = await outputMatching(desktop, /ready (\w+)/);

try {
  const rounds = { direct: [], tunnel: [] };
  const cpu = { relay: 0, desktop: 0, local: 0, seconds: 0 };
  for (let round = 0; round < ROUNDS; ++round) {
    rounds.direct.push(await run(`http://127.0.0.1:${localPort}/`, {}));
    const before = { relay: cpuSeconds(relay.pid), desktop: cpuSeconds(desktop.pid), local: cpuSeconds(localServer.pid) };
    const started = process.hrtime.bigint();
    const tunnel = await run(`http://127.0.0.1:${relayPort}/`, { host: `${sessionId.toLowerCase()}.localhost:${relayPort}` });
    cpu.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    cpu.relay += cpuSeconds(relay.pid) - before.relay;
    cpu.desktop += cpuSeconds(desktop.pid) - before.desktop;
    cpu.local += cpuSeconds(localServer.pid) - before.local;
    if (tunnel.result.non2xx > 0 || tunnel.result.errors > 0) {
      console.log(`warning: tunnel round ${round + 1} had ${tunnel.result.non2xx} non-2xx answers and ${tunnel.result.errors} errors`);
    }
    rounds.tunnel.push(tunnel);
  }
  const summary = (runs) => ({
    rate: median(runs.map((r) => r.result.requests.average)),
    rates: runs.map((r) => r.result.requests.average.toFixed(0)).join(', '),
    p50: median(runs.map((r) => percentile(r.latencies, 0.5))),
    p99: median(runs.map((r) => percentile(r.latencies, 0.99))),
  });
  const direct = summary(rounds.direct);
  const tunnel = summary(rounds.tunnel);
  const row = (name, r) => `| ${name} | ${r.rate.toFixed(0)} | ${r.rates} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms |`;
  console.log(`Tunnelled HTTP: GET with a 1 KiB answer, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per path (medians)`);
  console.log('| path | requests/s | rounds | p50 | p99 |');
  console.log('|---|---|---|---|---|');
  console.log(row('straight to the desktop\'s server', direct));
  console.log(row('through the Switchboard tunnel', tunnel));
  console.log('');
  console.log(`Added at p50: ${(tunnel.p50 - direct.p50).toFixed(2)} ms; ` +
              `tunnel keeps ${(100 * tunnel.rate / direct.rate).toFixed(0)}% of the direct rate.`);
  const share = (seconds) => `${(100 * seconds / cpu.seconds).toFixed(0)}%`;
  console.log(`CPU during the tunnel rounds (share of one core): relay ${share(cpu.relay)}, ` +
              `desktop ${share(cpu.desktop)}, local server ${share(cpu.local)}.`);
} finally {
  desktop.kill('SIGTERM');
  localServer.kill('SIGTERM');
  relay.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
