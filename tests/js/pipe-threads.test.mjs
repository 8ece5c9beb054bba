// Pipes on several threads (PipeThreads): with --threads 3, established pairing and localfirst
// pipes are spread over the relay's own thread and two workers (by default, only when the load
// calls for it: last test). Checked from the outside: /stats
// shows where they run, every byte arrives intact both ways at once, the bytes are counted into
// the sessions, the owner's disconnect and the relay's shutdown reach pipes on every thread, and
// the threads are empty again when the pipes end.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startServer, eventually, deafWebSocket } from './harness.mjs';
import { carry } from './honest-pipe.mjs';

const THREADS = 3;
const server = await startServer({ args: ['--threads', String(THREADS)] });
after(() => server.stop());

const stats = async (target = server) => (await fetch(`${target.httpUrl}/stats`)).json();

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closed(ws) {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

// Both ends of a localfirst /connection pipe for `doc`.
async function localfirstPipe(target, doc) {
  const a = await open(`${target.wsUrl}/connection/a/b/${doc}`);
  const b = await open(`${target.wsUrl}/connection/b/a/${doc}`);
  return [a, b];
}

// A pairing sender and receiver for one code; the pair is complete once the sender has `ready`.
async function pairingPipe(target, code) {
  const codeHash = createHash('sha256').update(code).digest('hex');
  const sender = await open(`${target.wsUrl}/p2p`);
  const ready = new Promise((resolve) => sender.once('message', resolve));
  sender.send(JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role: 'sender' }));
  const receiver = await open(`${target.wsUrl}/p2p`);
  receiver.send(JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role: 'receiver' }));
  assert.equal(JSON.parse((await ready).toString()).type, 'ready');
  return [sender, receiver];
}

const busyThreads = (loads) => loads.filter((n) => n > 0).length;
const sum = (loads) => loads.reduce((a, b) => a + b, 0);

test('pipes spread over every thread, carry bytes intact both ways at once, and are counted', { timeout: 60000 }, async () => {
  assert.deepEqual((await stats()).pipesByThread, [0, 0, 0], 'one entry per thread, all idle');
  const pipes = [
    await localfirstPipe(server, 'threads-1'),
    await pairingPipe(server, 'threads-code-2'),
    await localfirstPipe(server, 'threads-3'),
    await pairingPipe(server, 'threads-code-4'),
  ];
  const loads = await eventually(async () => {
    const { pipesByThread } = await stats();
    return sum(pipesByThread) === pipes.length ? pipesByThread : undefined;
  }, { what: 'four pipes placed' });
  assert.equal(busyThreads(loads), THREADS, `every thread carries a pipe: ${JSON.stringify(loads)}`);

  const bytes = 8 * 1024 * 1024;
  const carried = await Promise.all(pipes.flatMap(([x, y]) => [carry(x, y, bytes), carry(y, x, bytes)]));
  assert.ok(carried.every((c) => c.intact), `every direction arrived intact: ${JSON.stringify(carried)}`);

  // Counted from the workers in batches: each service's sessions reach what went through them.
  await eventually(async () => {
    const { services } = await stats();
    return services.localfirst.bytesIn >= 2 * 2 * bytes && services.pairing.bytesIn >= 2 * 2 * bytes;
  }, { what: 'the bytes counted into the sessions' });

  const ends = pipes.flat().map(closed);
  for (const [x] of pipes) x.close(1000, 'done');
  const codes = await Promise.all(ends);
  assert.ok(codes.every(({ code }) => code === 1000), JSON.stringify(codes));
  await eventually(async () => {
    const s = await stats();
    return sum(s.pipesByThread) === 0 && s.services.localfirst.activeSessions === 0
      && s.services.pairing.activeSessions === 0;
  }, { what: 'the threads empty and the sessions over' });
});

test('the owner disconnects pipes on every thread', { timeout: 30000 }, async () => {
  const pipes = [];
  for (let i = 0; i < THREADS; ++i) pipes.push(await localfirstPipe(server, `owner-${i}`));
  await eventually(async () => busyThreads((await stats()).pipesByThread) === THREADS, { what: 'a pipe on each thread' });
  const { sessions } = await (await fetch(`${server.httpUrl}/api/admin/sessions`)).json();
  const ids = sessions.filter((s) => s.service === 'localfirst').map((s) => s.id);
  assert.equal(ids.length, THREADS);

  const ends = pipes.flat().map(closed);
  for (const id of ids) {
    const answer = await fetch(`${server.httpUrl}/api/admin/sessions/localfirst/${encodeURIComponent(id)}`, { method: 'DELETE' });
    assert.equal(answer.status, 200);
  }
  const results = await Promise.all(ends);
  assert.ok(results.every(({ code }) => code === 1000), JSON.stringify(results));
  assert.ok(results.some(({ reason }) => reason.includes("disconnected by the relay's owner")), JSON.stringify(results));
  await eventually(async () => sum((await stats()).pipesByThread) === 0, { what: 'the threads empty' });
});

test('by default an idle relay keeps a pipe on its own thread', { timeout: 30000 }, async () => {
  const own = await startServer();
  try {
    const [a, b] = await localfirstPipe(own, 'default-threads');
    const { pipesByThread } = await eventually(async () => {
      const s = await stats(own);
      return sum(s.pipesByThread) === 1 ? s : undefined;
    }, { what: 'the pipe placed' });
    // One entry per core; the pipe is on the relay's own thread (the load did not call for more).
    assert.equal(pipesByThread[0], 1, JSON.stringify(pipesByThread));
    a.close();
    await closed(b);
  } finally {
    await own.stop();
  }
});

test('the idle timeout closes a silent pipe on a worker and counts it', { timeout: 30000 }, async () => {
  const own = await startServer({ args: ['--threads', '2', '--idle-timeout', '2'] });
  try {
    // Raw sockets that answer nothing, not even the relay's pings: idle for real.
    const sides = [
      await deafWebSocket(own.port, '/connection/a/b/idle'),
      await deafWebSocket(own.port, '/connection/b/a/idle'),
    ];
    await eventually(async () => (await stats(own)).pipesByThread[1] === 1, { what: 'the pipe on the worker' });
    const started = Date.now();
    const ends = sides.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
    for (const socket of sides) socket.resume();
    await Promise.all(ends);
    // Swept every half second; closed after 2 s of silence, then after the close timeout.
    assert.ok(Date.now() - started < 8000, `closed after ${Date.now() - started} ms`);
    const metrics = await (await fetch(`${own.httpUrl}/metrics`)).text();
    assert.match(metrics, /switchboard_connections_rejected_total\{reason="idle_timeout"\} [2-9]/);
    await eventually(async () => sum((await stats(own)).pipesByThread) === 0, { what: 'the worker empty' });
  } finally {
    await own.stop();
  }
});

test('SIGTERM closes piped WebSockets on every thread with 1001 and exits 0', { timeout: 30000 }, async () => {
  const own = await startServer({ args: ['--threads', String(THREADS)] });
  const pipes = [];
  for (let i = 0; i < THREADS; ++i) pipes.push(await localfirstPipe(own, `stop-${i}`));
  await eventually(async () => busyThreads((await stats(own)).pipesByThread) === THREADS, { what: 'a pipe on each thread' });
  // Traffic in flight while the relay stops.
  const ends = pipes.flat().map(closed);
  for (const [x] of pipes) x.send(randomBytes(256 * 1024));
  const started = Date.now();
  const exit = await own.stop('SIGTERM');
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(Date.now() - started < 5000, 'exited within 5 s');
  const results = await Promise.all(ends);
  assert.ok(results.every(({ code }) => code === 1001), JSON.stringify(results));
});
