// Tunnel benchmark (issue: tunnel). Run on demand, not in CI:
//   node tests/bench/tunnel-bench.mjs [--seconds 10] [--connections 50]
// after a build with tests (it uses build/app/switchboard-server and build/tests/bench/benchdesktop;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_BENCH_DESKTOP override them).
//
// autocannon sends GET requests with 50 connections for N seconds, first straight to the desktop's
// local HTTP server, then through Switchboard's tunnel (Host: <session>.localhost:<port>), in the
// same run. Reported: requests per second, p50 and p99 latency, what the tunnel adds at p50, and
// the share of the direct rate the tunnel keeps. The per-address rate limit is lifted for the run.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = option('--seconds', 10);
const CONNECTIONS = option('--connections', 50);
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const benchDesktop = process.env.SWITCHBOARD_BENCH_DESKTOP ?? join(root, 'build/tests/bench/benchdesktop');

function waitFor(child, pattern) {
  return new Promise((resolveMatch, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(pattern);
      if (match) resolveMatch(match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function run(url, headers) {
  return new Promise((resolveRun, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) => {
      if (error) reject(error); else resolveRun(result);
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const relay = spawn(serverBinary, ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir,
  '--tunnel-http-rate', '1000000', '--tunnel-http-burst', '1000000', '--max-connections-per-ip', '10000'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
const relayPort = Number((await waitFor(relay, /listening on 127\.0\.0\.1:(\d+) /))[1]);
const localServer = spawn(process.execPath, [join(here, 'lib/local-http-server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
const localPort = Number((await waitFor(localServer, /listening (\d+)/))[1]);
// The desktop is tests/bench/benchdesktop (C++): a Node socket.io-client desktop spent a whole
// core at 18k requests/s and set the pace instead of the tunnel.
const desktop = spawn(benchDesktop, [String(relayPort), String(localPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
const [, sessionId] = await waitFor(desktop, /ready (\w+)/);

try {
  const direct = await run(`http://127.0.0.1:${localPort}/`, {});
  const tunnel = await run(`http://127.0.0.1:${relayPort}/`, { host: `${sessionId.toLowerCase()}.localhost:${relayPort}` });
  if (tunnel.non2xx > 0 || tunnel.errors > 0) console.log(`warning: tunnel had ${tunnel.non2xx} non-2xx answers and ${tunnel.errors} errors`);
  const row = (name, r) => `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} ms | ${r.latency.p99} ms |`;
  console.log(`Tunnelled HTTP: GET with a 1 KiB answer, ${CONNECTIONS} connections, ${SECONDS} s each`);
  console.log('| path | requests/s | p50 | p99 |');
  console.log('|---|---|---|---|');
  console.log(row('straight to the desktop\'s server', direct));
  console.log(row('through the Switchboard tunnel', tunnel));
  console.log('');
  console.log(`Added at p50: ${(tunnel.latency.p50 - direct.latency.p50).toFixed(2)} ms; ` +
              `tunnel keeps ${(100 * tunnel.requests.average / direct.requests.average).toFixed(0)}% of the direct rate.`);
} finally {
  desktop.kill('SIGTERM');
  localServer.kill('SIGTERM');
  relay.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
