// Cluster benchmark (issue: cluster mode). Run on demand, not in CI:
//   node tests/bench/cluster-bench.mjs [--mib 128] [--seconds 5] [--rounds 3]
// after a build with tests (build/app/switchboard-server, build/tests/bench/benchdesktop).
//
// One redis-server and two nodes, A and B. In the same run, taking turns for a few rounds:
// - a pairing transfer of N MiB in p2p-copy's 1 MiB + 56 byte chunks, sender and receiver both on
//   A (one node), then sender on A and receiver on B (across nodes, through the link between them);
// - tunnelled HTTP (autocannon, 50 connections) to a desktop connected to A, asked through A, then
//   through B.
// Reported: medians of the rounds and the cross-node share of the single-node figure.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { commandLineOption, freePort, median, outputMatching, startProcess } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const MIB = commandLineOption('--mib', 128);
const SECONDS = commandLineOption('--seconds', 5);
const ROUNDS = commandLineOption('--rounds', 3);
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const benchDesktop = process.env.SWITCHBOARD_BENCH_DESKTOP ?? join(root, 'build/tests/bench/benchdesktop');
const DOMAIN = 'bench.test';
const CHUNK = 1024 * 1024 + 56;

const cleanup = [];
const redisPort = await freePort();
const redis = await startProcess('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  'Ready to accept connections');
cleanup.push(() => redis.kill('SIGKILL'));

async function startNode() {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const port = await freePort();
  const child = spawn(serverBinary, ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--domain', DOMAIN,
    '--tunnel-http-rate', '1000000', '--tunnel-http-burst', '1000000', '--max-connections-per-ip', '10000'],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${redisPort}`, JWT_SECRET: 'bench-secret-0123456789abcdef' } });
  cleanup.push(() => { child.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); });
  await new Promise((resolveReady) => {
    let output = '';
    child.stderr.on('data', (c) => { output += c; if (output.includes('cluster node')) resolveReady(); });
    child.stdout.on('data', (c) => { output += c; if (output.includes('cluster node')) resolveReady(); });
  });
  return { port, child };
}

const open = (port) => new Promise((resolveOpen, reject) => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { maxPayload: 4 * CHUNK });
  ws.on('open', () => resolveOpen(ws));
  ws.on('error', reject);
});

async function nodesCount(port) {
  return (await (await fetch(`http://127.0.0.1:${port}/health`)).json()).cluster.nodes;
}

// One transfer; resolves with MB/s from the sender's first chunk to the receiver's last byte.
async function transfer(senderPort, receiverPort, payload) {
  const code = createHash('sha256').update(randomUUID()).digest('hex');
  const sender = await open(senderPort);
  sender.send(JSON.stringify({ type: 'hello', code_hash_hex: code, role: 'sender' }));
  const receiver = await open(receiverPort);
  const total = MIB * CHUNK;
  let received = 0;
  const done = new Promise((resolveDone) => receiver.on('message', (data) => {
    received += data.length;
    if (received >= total) resolveDone();
  }));
  receiver.send(JSON.stringify({ type: 'hello', code_hash_hex: code, role: 'receiver' }));
  await new Promise((resolveReady) => sender.once('message', resolveReady));
  const started = process.hrtime.bigint();
  for (let sent = 0; sent < MIB; ++sent) {
    while (sender.bufferedAmount > 8 * CHUNK) await new Promise((r) => setImmediate(r));
    sender.send(payload);
  }
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sender.close();
  receiver.close();
  return total / seconds / 1e6;
}

function httpRate(port, sessionId) {
  return new Promise((resolveRun, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}/`, connections: 50, duration: SECONDS,
      headers: { host: `${sessionId.toLowerCase()}.${DOMAIN}` } }, (error, result) => {
      if (error) reject(error);
      else resolveRun({ rate: result.requests.average, bad: result.non2xx + result.errors });
    });
  });
}

try {
  const a = await startNode();
  const b = await startNode();
  for (let i = 0; i < 100 && ((await nodesCount(a.port)) < 2 || (await nodesCount(b.port)) < 2); ++i)
    await new Promise((r) => setTimeout(r, 100));
  const payload = randomBytes(CHUNK);
  const pairing = { one: [], two: [] };
  for (let round = 0; round < ROUNDS; ++round) {
    pairing.one.push(await transfer(a.port, a.port, payload));
    pairing.two.push(await transfer(a.port, b.port, payload));
  }
  console.log(`Pairing transfer: ${MIB} chunks of 1 MiB + 56 bytes, ${ROUNDS} rounds per path (MB/s)`);
  console.log('| path | median | rounds |');
  console.log('|---|---|---|');
  console.log(`| sender and receiver on node A | ${median(pairing.one).toFixed(0)} | ${pairing.one.map((v) => v.toFixed(0)).join(', ')} |`);
  console.log(`| sender on A, receiver on B | ${median(pairing.two).toFixed(0)} | ${pairing.two.map((v) => v.toFixed(0)).join(', ')} |`);
  console.log(`Across nodes: ${(100 * median(pairing.two) / median(pairing.one)).toFixed(0)}% of one node.`);

  const localServer = spawn(process.execPath, [join(here, 'lib/local-http-server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => localServer.kill('SIGTERM'));
  const localPort = Number((await outputMatching(localServer, /listening (\d+)/))[1]);
  const desktop = spawn(benchDesktop, [String(a.port), String(localPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.push(() => desktop.kill('SIGTERM'));
  const [, sessionId] = await outputMatching(desktop, /ready (\w+)/);
  const http = { one: [], two: [] };
  for (let round = 0; round < ROUNDS; ++round) {
    http.one.push(await httpRate(a.port, sessionId));
    http.two.push(await httpRate(b.port, sessionId));
  }
  const rates = (runs) => runs.map((r) => r.rate);
  const bad = [...http.one, ...http.two].reduce((n, r) => n + r.bad, 0);
  console.log('');
  console.log(`Tunnelled HTTP to a desktop on node A: GET with a 1 KiB answer, 50 connections, ${ROUNDS} rounds of ${SECONDS} s (requests/s)`);
  console.log('| asked at | median | rounds |');
  console.log('|---|---|---|');
  console.log(`| node A | ${median(rates(http.one)).toFixed(0)} | ${rates(http.one).map((v) => v.toFixed(0)).join(', ')} |`);
  console.log(`| node B | ${median(rates(http.two)).toFixed(0)} | ${rates(http.two).map((v) => v.toFixed(0)).join(', ')} |`);
  console.log(`Across nodes: ${(100 * median(rates(http.two)) / median(rates(http.one))).toFixed(0)}% of one node; ${bad} non-2xx answers or errors.`);
} finally {
  for (const step of cleanup.reverse()) step();
}
process.exit(0);
