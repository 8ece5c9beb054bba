// Cluster mode (REDIS_URL): a real redis-server and two or three switchboard-server nodes. A peer
// on one node and its counterpart on another work as on one node, for the pairing, mesh,
// localfirst and tunnel services; a node that dies is reaped and its desktop keeps its session
// on another node; without Redis each node serves its own clients and /health says degraded.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { connect } from 'node:net';
import { io } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import { eventually, httpRequest } from './harness.mjs';
import { startRedis } from './redis-server.mjs';
import { DOMAIN, startNode, health, clusterOf } from './cluster-nodes.mjs';
import { openSocket, closeAll } from './ws-recorder.mjs';
import { Client } from './localfirst-client.mjs';
import { startDesktop } from './tunnel-desktop.mjs';

const MiB = 1024 * 1024;

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hello = (codeHash, role) => JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role });

// One HTTP request to a node with the Host of a session's subdomain.
const tunnelRequest = (node, sessionId, options = {}) =>
  httpRequest(node, { host: `${sessionId.toLowerCase()}.${DOMAIN}`, ...options });

// Every name resolves to 127.0.0.1, so <session>.relay.test:<port> reaches a node.
const loopbackAgent = new http.Agent({
  keepAlive: false,
  lookup: (hostname, options, callback) => (options?.all
    ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)),
});

// A desktop's local server: a WebSocket echo.
async function startEchoServer() {
  const server = http.createServer((req, res) => res.end('local'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stop: () => new Promise((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(); server.close(resolve); }),
  };
}

// A browser on a session's own origin through `node`, admitted with the session's token.
function tunnelBrowser(node, { sessionId, token }, transports) {
  const socket = io(`http://${sessionId.toLowerCase()}.${DOMAIN}:${node.port}`, {
    forceNew: true, reconnection: false, transports, agent: loopbackAgent,
    auth: { role: 'client', token, sessionId },
  });
  const admitted = new Promise((resolve, reject) => {
    socket.once('connected', resolve);
    socket.once('error', (message) => reject(new Error(`refused: ${message}`)));
    socket.once('connect_error', reject);
  });
  return { socket, admitted };
}

const nextEvent = (emitter, name) => new Promise((resolve) => emitter.once(name, (...args) => resolve(args)));

// A minimal Atmosphere node: joins a mesh and keeps every JSON frame it receives.
async function meshNode(node, meshId, nodeId, track) {
  const socket = await openSocket(`${node.wsUrl}/relay/${meshId}`, { label: nodeId, track });
  socket.sendText(JSON.stringify({ type: 'join', node_id: nodeId }));
  const frames = async (type) => {
    for (;;) {
      const message = JSON.parse((await socket.next()).data.toString());
      if (message.type === type) return message;
    }
  };
  return { socket, next: frames, peers: (await frames('joined'), (await frames('peers')).peers) };
}

describe('cluster of two nodes sharing Redis', () => {
  let redis;
  let a;
  let b;
  const sockets = new Set();

  before(async () => {
    redis = await startRedis();
    a = await startNode(redis);
    b = await startNode(redis);
    await clusterOf([a, b]);
  });
  after(async () => {
    loopbackAgent.destroy();
    await closeAll(sockets);
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  test('/health names the node and counts the cluster', async () => {
    const [ha, hb] = [await health(a), await health(b)];
    assert.equal(ha.status, 'healthy');
    assert.equal(ha.cluster.redis, 'connected');
    assert.notEqual(ha.cluster.node, hb.cluster.node);
    assert.equal(redis.cli('SCARD', 'sb:nodes'), '2');
  });

  test('pairing: sender on A, receiver on B; ready reaches the sender and 8 chunks of 1 MiB + 56 arrive intact, in order', async () => {
    const code = sha256(randomUUID());
    const sender = await openSocket(a.wsUrl, { label: 'sender', track: sockets });
    sender.sendText(hello(code, 'sender'));
    // The sender waits on A (its hold is in Redis) before the receiver arrives at B.
    await eventually(() => redis.cli('GET', `sb:hold:pairing/${code}`) || undefined, { what: 'the hold on the code' });
    const receiver = await openSocket(b.wsUrl, { label: 'receiver', track: sockets });
    receiver.sendText(hello(code, 'receiver'));
    const ready = await sender.next();
    assert.equal(ready.data.toString(), '{"type":"ready"}');
    assert.equal(ready.isBinary, false);

    const chunks = Array.from({ length: 8 }, () => randomBytes(MiB + 56));
    for (const chunk of chunks) sender.sendBinary(chunk);
    sender.sendText('{"type":"eof"}');
    for (let i = 0; i < chunks.length; ++i) {
      const got = await receiver.next({ timeoutMs: 20000 });
      assert.equal(got.isBinary, true, `chunk ${i} stays binary`);
      assert.equal(sha256(got.data), sha256(chunks[i]), `chunk ${i} intact`);
    }
    const eof = await receiver.next();
    assert.equal(eof.data.toString(), '{"type":"eof"}');
    receiver.sendText('thanks');
    assert.equal((await sender.next()).data.toString(), 'thanks');
    // Paired: the hold is given back, so a third connection with the code starts afresh.
    await eventually(() => redis.cli('EXISTS', `sb:hold:pairing/${code}`) === '0' || undefined,
      { what: 'the hold to be released' });
  });

  test('mesh: members on A and B see each other; broadcast and direct cross nodes', async () => {
    const meshId = `cluster-${randomUUID().slice(0, 8)}`;
    const mac = await meshNode(a, meshId, 'mac', sockets);
    const phone = await meshNode(b, meshId, 'phone', sockets);
    assert.deepEqual(phone.peers.map((p) => p.node_id), ['mac']);
    assert.equal((await mac.next('peer_joined')).node_id, 'phone');
    phone.socket.sendText(JSON.stringify({ type: 'broadcast', payload: { text: 'hi all' } }));
    // The relay stamps the sender into a broadcast's payload, as on one node.
    assert.deepEqual(await mac.next('message'), { type: 'message', from: 'phone', payload: { text: 'hi all', from: 'phone' } });
    mac.socket.sendText(JSON.stringify({ type: 'direct', target: 'phone', payload: { text: 'just you' } }));
    assert.deepEqual(await phone.next('message'), { type: 'message', from: 'mac', payload: { text: 'just you' } });
    // The room lives on one node: the session mirror there lists both members.
    // (Written from the relay's batched session events, so within a moment.)
    const mirrored = () => redis.cli('KEYS', `sb:session:*:mesh/${meshId}`).split('\n').filter(Boolean);
    await eventually(() => (mirrored().length === 1 && JSON.parse(redis.cli('GET', mirrored()[0])).peers.length === 2) || undefined,
      { what: 'one mirrored session with both members' });
  });

  test('mesh: a member that leaves without joining gives the node\'s hold on the mesh back', async () => {
    const meshId = `cluster-${randomUUID().slice(0, 8)}`;
    const quitter = await openSocket(`${a.wsUrl}/relay/${meshId}`, { label: 'quitter', track: sockets });
    const held = await eventually(() => redis.cli('GET', `sb:hold:mesh:${meshId}`) || undefined, { what: 'the hold on the mesh' });
    assert.equal(held, (await health(a)).cluster.node);
    quitter.ws.close(1000);
    await eventually(() => redis.cli('EXISTS', `sb:hold:mesh:${meshId}`) === '0' || undefined, { what: 'the hold given back' });
    // The mesh is free: a member arriving at B now founds the room there.
    const phone = await meshNode(b, meshId, 'phone', sockets);
    assert.deepEqual(phone.peers, []);
    assert.equal(redis.cli('GET', `sb:hold:mesh:${meshId}`), (await health(b)).cluster.node);
  });

  test('localfirst: real clients on A and B are introduced and their pipe carries messages both ways', async () => {
    const doc = `doc-${randomUUID()}`;
    const events = { alice: [], bob: [] };
    const alice = new Client({ peerId: `alice-${doc}`, url: a.wsUrl, documentIds: [doc] });
    const bob = new Client({ peerId: `bob-${doc}`, url: b.wsUrl, documentIds: [doc] });
    const sockets = {};
    for (const [name, client] of [['alice', alice], ['bob', bob]]) {
      client.on('peer-connect', ({ peerId, socket }) => {
        sockets[name] = socket;
        socket.addEventListener('message', ({ data }) => events[name].push(typeof data === 'string' ? data : Buffer.from(data)));
        events[name].push(`connected to ${peerId}`);
      });
    }
    try {
      await eventually(() => (sockets.alice && sockets.bob) || undefined, { timeoutMs: 10000, what: 'both peer-connects' });
      assert.equal(events.alice[0], `connected to bob-${doc}`);
      assert.equal(events.bob[0], `connected to alice-${doc}`);
      const big = randomBytes(200 * 1024);
      sockets.alice.send('from alice');
      sockets.alice.send(big);
      sockets.bob.send('from bob');
      await eventually(() => (events.bob.length >= 3 && events.alice.length >= 2) || undefined, { what: 'the messages' });
      assert.equal(events.bob[1], 'from alice');
      assert.equal(sha256(events.bob[2]), sha256(big));
      assert.equal(events.alice[1], 'from bob');
      assert.equal(redis.cli('SCARD', `sb:localfirst:document:${doc}`), '2');
    } finally {
      alice.disconnectServer();
      bob.disconnectServer();
    }
  });

  test('tunnel: a desktop on A answers HTTP sent to B on its subdomain, bodies intact both ways', async () => {
    const desktop = await startDesktop({
      relayUrl: a.httpUrl,
      handlers: {
        http: (request) => ({
          status: 201,
          headers: { 'content-type': 'application/octet-stream', 'x-seen-method': request.method },
          body: Buffer.concat([Buffer.from(request.url + '\n'), request.body ? Buffer.from(request.body, 'base64') : Buffer.alloc(0)]),
        }),
      },
    });
    try {
      const { sessionId } = desktop.registered;
      await eventually(() => redis.cli('EXISTS', `sb:tunnel:desktop:${sessionId}`) === '1' || undefined,
        { what: 'the desktop record' });
      assert.match(redis.cli('PTTL', `sb:tunnel:desktop:${sessionId}`), /^3[0-9]{6}$/, 'an hour to live');
      const body = randomBytes(64 * 1024);
      const answer = await tunnelRequest(b, sessionId, { method: 'POST', path: '/upload?x=1', body });
      assert.equal(answer.status, 201);
      assert.equal(answer.headers['x-seen-method'], 'POST');
      assert.deepEqual(answer.body, Buffer.concat([Buffer.from('/upload?x=1\n'), body]));
      // An unknown session is still a plain 404 from whichever node is asked.
      assert.equal((await tunnelRequest(b, 'ZZZZZZ')).status, 404);
    } finally {
      desktop.socket.disconnect();
    }
  });

  for (const transports of [['websocket'], ['polling']]) {
    test(`tunnel: a browser on B (${transports[0]}) and a desktop on A: events both ways and acks`, async () => {
      const desktop = await startDesktop({ relayUrl: a.httpUrl });
      const { socket: browser, admitted } = tunnelBrowser(b, desktop.registered, transports);
      try {
        assert.equal((await admitted).success, true);
        const seen = nextEvent(desktop, 'event');
        browser.emit('terminal:input', { id: 't1', data: 'ls\n' }, 42);
        assert.deepEqual(await seen, ['terminal:input', [{ id: 't1', data: 'ls\n' }, 42]]);
        const answers = await Promise.all([1, 2, 3].map((n) => browser.timeout(10000).emitWithAck('ask', n)));
        assert.deepEqual(answers, [1, 2, 3].map((n) => ({ event: 'ask', args: [n] })));
        const toBrowser = new Promise((resolve) => browser.once('terminal:output', resolve));
        desktop.socket.emit('terminal:output', { id: 't1', data: 'total 0' });
        assert.deepEqual(await toBrowser, { id: 't1', data: 'total 0' });
      } finally {
        browser.close();
        desktop.socket.disconnect();
      }
    });
  }

  test('tunnel: on B\'s bare domain, /api/session answers for a desktop on A, and a browser naming it is told to refresh', async () => {
    const desktop = await startDesktop({ relayUrl: a.httpUrl });
    const { sessionId, token, url } = desktop.registered;
    try {
      const answer = await httpRequest(b, { path: `/api/session/${sessionId.toLowerCase()}` });
      assert.equal(answer.status, 200);
      const body = JSON.parse(answer.body.toString());
      assert.equal(body.active, true);
      assert.equal(body.url, url);
      assert.equal((await httpRequest(b, { path: '/api/session/ZZZZZZ' })).status, 404);

      const browser = io(b.httpUrl, { forceNew: true, reconnection: false, transports: ['websocket'], auth: { role: 'client', token, sessionId } });
      try {
        const message = await new Promise((resolve, reject) => {
          browser.once('error', resolve);
          browser.once('connected', () => reject(new Error('admitted on a node without the desktop')));
        });
        assert.equal(message, 'Desktop is connected to a different relay instance. Try refreshing.');
      } finally {
        browser.close();
      }
    } finally {
      desktop.socket.disconnect();
    }
  });

  test('tunnel: a WebSocket opened on B reaches the desktop\'s local server behind A, text and binary intact', async () => {
    const local = await startEchoServer();
    const desktop = await startDesktop({ relayUrl: a.httpUrl, localPort: local.port });
    const { sessionId } = desktop.registered;
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/hmr`,
      { headers: { host: `${sessionId.toLowerCase()}.${DOMAIN}` }, perMessageDeflate: false });
    try {
      const received = [];
      ws.on('message', (data, isBinary) => received.push({ data: Buffer.from(data), isBinary }));
      await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
      const binary = randomBytes(MiB);
      ws.send('héllo');
      ws.send(binary);
      await eventually(() => received.length === 2 || undefined, { timeoutMs: 10000, what: 'two echoes' });
      assert.deepEqual(received[0], { data: Buffer.from('héllo'), isBinary: false });
      assert.equal(received[1].isBinary, true);
      assert.ok(received[1].data.equals(binary), 'the binary echo differs');
    } finally {
      ws.terminate();
      desktop.socket.disconnect();
      await local.stop();
    }
  });

  test('a link without the cluster secret is refused', async () => {
    // A stranger claiming to be a node (and so to speak for any client address) gets nothing.
    const answer = await new Promise((resolve) => {
      const raw = connect(a.port, '127.0.0.1', () => raw.write('SBLINK/1 wrong http 127.0.0.1 1\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n'));
      const chunks = [];
      raw.on('data', (c) => chunks.push(c));
      raw.on('close', () => resolve(Buffer.concat(chunks).toString()));
      raw.on('error', () => {});
    });
    assert.equal(answer, '');
    const metrics = await (await fetch(`${a.httpUrl}/metrics`)).text();
    assert.match(metrics, /bad_cluster_link"?\}? [1-9]/);
  });
});

describe('cluster when a node or Redis fails', () => {
  test('a node killed: the others reap its sessions; its desktop reconnects to B with the same session id', async () => {
    const redis = await startRedis();
    const a = await startNode(redis);
    const b = await startNode(redis);
    try {
      await clusterOf([a, b]);
      const nodeA = (await health(a)).cluster.node;
      const deviceId = randomUUID();
      const first = await startDesktop({ relayUrl: a.httpUrl, deviceId, socketOptions: { reconnection: false } });
      const { sessionId } = first.registered;
      await eventually(() => redis.cli('SCARD', `sb:sessions:${nodeA}`) === '1' || undefined, { what: 'the mirrored session' });
      await a.stop('SIGKILL');
      // B notices A's heartbeat is gone and cleans up after it.
      await eventually(async () => (await health(b)).cluster.nodes === 1 || undefined, { timeoutMs: 15000, what: 'B to count one node' });
      await eventually(() => (redis.cli('EXISTS', `sb:sessions:${nodeA}`) === '0'
        && redis.cli('EXISTS', `sb:tunnel:desktop:${sessionId}`) === '0') || undefined,
      { timeoutMs: 15000, what: "A's records to be reaped" });
      const second = await startDesktop({
        relayUrl: b.httpUrl, deviceId,
        handlers: { http: (request) => ({ status: 200, body: Buffer.from(`B serves ${request.url}`) }) },
      });
      assert.equal(second.registered.sessionId, sessionId, 'the desktop keeps its session id');
      const answer = await tunnelRequest(b, sessionId, { path: '/after' });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.toString(), 'B serves /after');
      second.socket.disconnect();
      first.socket.disconnect();
    } finally {
      await a.stop();
      await b.stop();
      await redis.stop();
    }
  });

  test('without JWT_SECRET the nodes share the first node\'s token secret through Redis', async () => {
    const redis = await startRedis();
    const a = await startNode(redis, { jwtSecret: null });
    const b = await startNode(redis, { jwtSecret: null });
    try {
      await clusterOf([a, b]);
      const secret = redis.cli('GET', 'sb:tunnel:jwt-secret');
      assert.match(secret, /^[0-9a-f]{64}$/, 'a secret in Redis');
      // A token issued on either node is signed with it, so every node accepts it.
      for (const node of [a, b]) {
        const desktop = await startDesktop({ relayUrl: node.httpUrl });
        const [header, payload, signature] = desktop.registered.token.split('.');
        const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
        desktop.socket.disconnect();
        assert.equal(signature, expected, `the token from node ${node.port}`);
      }
      assert.doesNotMatch(a.logs() + b.logs(), /cluster mode without JWT_SECRET/);
    } finally {
      await a.stop();
      await b.stop();
      await redis.stop();
    }
  });

  // A pairing sender on `from` and receiver on `to`, paired; the sender has seen ready.
  async function paired(from, to, code, sockets) {
    const sender = await openSocket(from.wsUrl, { label: 'sender', track: sockets });
    sender.sendText(hello(code, 'sender'));
    const receiver = await openSocket(to.wsUrl, { label: 'receiver', track: sockets });
    receiver.sendText(hello(code, 'receiver'));
    assert.equal((await sender.next()).data.toString(), '{"type":"ready"}');
    return { sender, receiver };
  }

  test('three nodes; the node holding a pairing killed mid-transfer: the receiver on B sees its socket close, and the same code pairs again through B and C', async () => {
    const redis = await startRedis();
    const nodes = [await startNode(redis), await startNode(redis), await startNode(redis)];
    const [a, b, c] = nodes;
    const sockets = new Set();
    try {
      await clusterOf(nodes);
      const code = sha256(randomUUID());
      const { sender, receiver } = await paired(a, b, code, sockets);
      const chunk = randomBytes(MiB + 56);
      sender.sendBinary(chunk);
      assert.equal(sha256((await receiver.next({ timeoutMs: 10000 })).data), sha256(chunk));
      // More on its way, then A (which holds the pair and the sender) dies.
      for (let i = 0; i < 4; ++i) sender.sendBinary(chunk);
      await a.stop('SIGKILL');
      // What the receiver's user sees: the connection drops at once (1006, as on a network
      // failure: B splices raw bytes and cannot put a close frame in mid-stream), it does not
      // hang, and whatever arrived before is intact.
      const { code: closeCode } = await receiver.closed({ timeoutMs: 10000 });
      assert.equal(closeCode, 1006);
      for (const message of receiver.messages) {
        if (message.isBinary) assert.equal(sha256(message.data), sha256(chunk));
      }
      // Once A is reaped, the same code pairs again between B and C.
      await eventually(async () => (await health(b)).cluster.nodes === 2 || undefined, { timeoutMs: 15000, what: 'A reaped' });
      const again = await paired(b, c, code, sockets);
      again.sender.sendBinary(chunk);
      assert.equal(sha256((await again.receiver.next({ timeoutMs: 10000 })).data), sha256(chunk));
    } finally {
      await closeAll(sockets);
      for (const node of nodes) await node.stop();
      await redis.stop();
    }
  });

  test('Redis killed mid-transfer: a pairing already crossing nodes finishes intact; new pairs are served locally', async () => {
    const redis = await startRedis();
    const a = await startNode(redis);
    const b = await startNode(redis);
    const sockets = new Set();
    try {
      await clusterOf([a, b]);
      const { sender, receiver } = await paired(a, b, sha256(randomUUID()), sockets);
      const chunks = Array.from({ length: 16 }, () => randomBytes(MiB + 56));
      for (const chunk of chunks.slice(0, 8)) sender.sendBinary(chunk);
      await redis.stop();
      for (const chunk of chunks.slice(8)) sender.sendBinary(chunk);
      for (let i = 0; i < chunks.length; ++i) {
        const got = await receiver.next({ timeoutMs: 20000 });
        assert.equal(sha256(got.data), sha256(chunks[i]), `chunk ${i} intact`);
      }
      await eventually(async () => (await health(b)).status === 'degraded' || undefined, { timeoutMs: 10000, what: 'degraded' });
      // Without Redis, a pair whose two ends are on one node still meets there.
      const local = await paired(b, b, sha256(randomUUID()), sockets);
      local.sender.sendBinary(chunks[0]);
      assert.equal(sha256((await local.receiver.next()).data), sha256(chunks[0]));
    } finally {
      await closeAll(sockets);
      await a.stop();
      await b.stop();
      await redis.stop();
    }
  });

  test('Redis down: /health says degraded, pairing on one node still works, the log says so once, and it recovers', async () => {
    const redis = await startRedis();
    const a = await startNode(redis);
    const sockets = new Set();
    try {
      await clusterOf([a]);
      await redis.stop();
      await eventually(async () => (await health(a)).status === 'degraded' || undefined, { timeoutMs: 10000, what: 'degraded' });
      assert.equal((await health(a)).cluster.redis, 'unreachable');

      const code = sha256(randomUUID());
      const sender = await openSocket(a.wsUrl, { label: 'sender', track: sockets });
      sender.sendText(hello(code, 'sender'));
      const receiver = await openSocket(a.wsUrl, { label: 'receiver', track: sockets });
      receiver.sendText(hello(code, 'receiver'));
      assert.equal((await sender.next()).data.toString(), '{"type":"ready"}');
      const chunk = randomBytes(MiB);
      sender.sendBinary(chunk);
      assert.equal(sha256((await receiver.next()).data), sha256(chunk));

      const restarted = await startRedis(redis.port);
      try {
        await eventually(async () => (await health(a)).status === 'healthy' || undefined, { timeoutMs: 20000, what: 'healthy again' });
        // Its heartbeat is back in the new (empty) Redis.
        assert.equal(restarted.cli('EXISTS', `sb:node:${(await health(a)).cluster.node}`), '1');
        const lines = a.logs().split('\n').filter((l) => l.includes('Redis unreachable'));
        assert.equal(lines.length, 1, `one warning for the outage:\n${lines.join('\n')}`);
        assert.ok(a.logs().includes('Redis is reachable again'));
      } finally {
        await restarted.stop();
      }
    } finally {
      await closeAll(sockets);
      await a.stop();
    }
  });
});
