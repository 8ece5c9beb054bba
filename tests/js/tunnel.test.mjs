// The tunnel service (PROTOCOLS.md section 1, docs/tunnel.md) driven by the real npm
// socket.io-client as both the Clode desktop (tunnel-desktop.mjs) and the browsers, with a real
// Node HTTP server and a `ws` echo server behind the desktop.
//
// Browsers live on http://<session id lowercased>.localhost:<port>. Node does not resolve
// *.localhost, so the socket.io browsers use an http.Agent whose lookup sends every name to
// 127.0.0.1: they connect to their real origin and send its real Host header. (extraHeaders
// cannot set Host for polling in Node: xmlhttprequest-ssl overwrites it.) Raw HTTP and raw
// WebSocket requests go to 127.0.0.1 with an explicit Host header.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { io } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import { startServer, eventually, httpRequest as request } from './harness.mjs';
import { startDesktop, NO_ANSWER } from './tunnel-desktop.mjs';

const JWT_SECRET = 'tunnel-test-secret-0123456789abcdef';
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
// Well formed (six of [A-Z0-9]) but never issued: 0 is not in the alphabet.
const UNKNOWN_ID = '0NOPE0';
// The connect limiter is not enforced yet; generous values keep the suite valid once it is.
const GENEROUS = ['--tunnel-connect-rate', '100000', '--tunnel-connect-burst', '100000'];

// ---- helpers ----------------------------------------------------------------------------------

function lookupLoopback(hostname, options, callback) {
  if (typeof options === 'function') { callback = options; options = {}; }
  if (options?.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
// Every name resolves to 127.0.0.1, so abc123.localhost:<port> reaches the relay.
const loopbackAgent = new http.Agent({ keepAlive: false, lookup: lookupLoopback });

function sessionHost(server, id) {
  return `${id.toLowerCase()}.localhost:${server.port}`;
}

function nextEvent(emitter, event, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (...args) => { clearTimeout(timer); resolve(args); };
    emitter.once(event, onEvent);
  });
}

function decodeJwt(token) {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signature,
    signedPart: `${header}.${payload}`,
  };
}

function signJwt(claims, secret) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// Bytes written as they are (repeated headers, exact case); resolves with the whole answer once
// the relay closes (the request says Connection: close). The write side stays open: the relay
// takes a half-close for a client that went away.
function rawHttp(server, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => { socket.destroy(); resolve(Buffer.concat(chunks).toString('latin1')); });
    socket.on('error', reject);
    socket.write(text);
  });
}

// A raw WebSocket on a session host, recording messages and its close.
function tunnelSocket(server, id, path = '/hmr', protocols = undefined) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, protocols,
    { headers: { host: sessionHost(server, id) }, perMessageDeflate: false });
  ws.received = [];
  ws.on('message', (data, isBinary) => ws.received.push({ data: isBinary ? Buffer.from(data) : data.toString(), isBinary }));
  ws.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.opened = new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  ws.on('error', () => {});
  return ws;
}

// ---- the local server behind the desktop: HTTP routes and a WebSocket echo -----------------------

function bigBody(n) {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 8)) & 0xff;
  return out;
}

async function startLocalServer() {
  const local = { requests: [], sockets: [], flood: { stop: false, sent: 0, done: null } };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      local.requests.push({ method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, body });
      const path = req.url.split('?')[0];
      if (path.startsWith('/echo') || path.startsWith('/api/') || path === '/hang') {
        const answer = {
          method: req.method, url: req.url, headers: req.headers, length: body.length, sha256: sha256(body),
          ...(body.length <= 70000 ? { body64: body.toString('base64') } : {}),
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      } else if (path === '/raw') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(body);
      } else if (path === '/big') {
        const n = Number(new URL(req.url, 'http://x').searchParams.get('n'));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n });
        res.end(bigBody(n));
      } else if (path === '/cookies') {
        res.writeHead(201, {
          'content-type': 'text/plain; charset=utf-8',
          'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'],
          'x-local': 'yes',
        });
        res.end('cookies set');
      } else if (path.startsWith('/status/')) {
        const status = Number(path.slice('/status/'.length));
        const headers = { 'content-type': 'text/plain' };
        if (status >= 300 && status < 400) headers.location = '/elsewhere';
        res.writeHead(status, headers);
        res.end(status === 204 || status === 304 ? undefined : `status ${status}`);
      } else if (path === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' }); // no length: Node sends chunked
        res.write('part1-');
        setImmediate(() => { res.write('part2'); res.end(); });
      } else if (path === '/health') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('the desktop app says hello');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('local not found');
      }
    });
  });
  const wss = new WebSocketServer({
    server,
    perMessageDeflate: false,
    verifyClient: (info) => !info.req.url.startsWith('/reject'),
  });
  wss.on('connection', (ws, req) => {
    const record = { ws, url: req.url, headers: req.headers, protocol: ws.protocol, received: [] };
    record.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    local.sockets.push(record);
    ws.on('message', (data, isBinary) => {
      record.received.push({ data: isBinary ? Buffer.from(data) : data.toString(), isBinary });
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('close:')) {
        const [, code, reason] = text.split(':');
        ws.close(Number(code), reason);
      } else if (text === 'flood') {
        pump(ws);
      } else {
        ws.send(data, { binary: isBinary });
      }
    });
  });
  // Sends numbered 16 KiB text messages until told to stop (or 64 MiB went out).
  function pump(ws) {
    const filler = 'x'.repeat(16 * 1024);
    local.flood.done = new Promise((resolve) => {
      const step = () => {
        if (local.flood.stop || local.flood.sent >= 4096 || ws.readyState !== WebSocket.OPEN) return resolve(local.flood.sent);
        if (ws.bufferedAmount > 4 * 1024 * 1024) return setTimeout(step, 5);
        for (let i = 0; i < 16 && !local.flood.stop; i++) ws.send(`${local.flood.sent++}:${filler}`);
        setImmediate(step);
      };
      step();
    });
  }
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  local.port = server.address().port;
  local.stop = async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => wss.close(resolve));
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  };
  return local;
}

// ---- the suite ------------------------------------------------------------------------------

describe('tunnel service with the real socket.io-client', () => {
  let main; // the relay most tests use
  let local;
  const tracked = []; // sockets, desktops and ws clients of the current test

  const desktop = async (options = {}) => {
    const d = await startDesktop({ relayUrl: (options.server ?? main).httpUrl, localPort: local.port, ...options });
    tracked.push(() => d.stop());
    return d;
  };
  // A browser on its session's own origin; `auth` defaults to role client with the token.
  const browser = (server, id, { auth, token, transports = ['websocket'], origin = true } = {}) => {
    const url = origin ? `http://${sessionHost(server, id)}` : server.httpUrl;
    const socket = io(url, {
      forceNew: true, reconnection: false, transports, agent: loopbackAgent,
      auth: auth ?? { role: 'client', token, sessionId: id },
    });
    socket.received = [];
    socket.onAny((name, ...args) => socket.received.push([name, args]));
    tracked.push(() => socket.close());
    return socket;
  };
  // Resolves with the payload of `connected`; rejects on refusal.
  const admitted = (socket) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "connected" within 10 s')), 10000);
    socket.once('connected', (info) => { clearTimeout(timer); resolve(info); });
    socket.once('error', (message) => { clearTimeout(timer); reject(new Error(`refused: ${message}`)); });
    socket.once('connect_error', (error) => { clearTimeout(timer); reject(error); });
  });
  // Resolves with the `error` string once the relay has also disconnected the socket.
  const refused = (socket) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not refused within 10 s')), 10000);
    let message;
    socket.once('connected', () => { clearTimeout(timer); reject(new Error('admitted, expected a refusal')); });
    socket.once('error', (m) => { message = m; });
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      if (message === undefined) reject(new Error(`disconnected (${reason}) without an error event`));
      else resolve({ message, reason });
    });
  });
  const ws = (server, id, path, protocols) => {
    const socket = tunnelSocket(server, id, path, protocols);
    tracked.push(() => socket.terminate());
    return socket;
  };

  before(async () => {
    local = await startLocalServer();
    main = await startServer({
      args: [...GENEROUS, '--tunnel-http-rate', '100000', '--tunnel-http-burst', '100000', '--pipe-buffer', '65536'],
      env: { JWT_SECRET },
    });
  });
  afterEach(async () => {
    for (const close of tracked.splice(0).reverse()) await close();
  });
  after(async () => {
    await main?.stop();
    await local?.stop();
    loopbackAgent.destroy();
  });

  // ---- registration ---------------------------------------------------------------------------

  describe('desktop registration', () => {
    test('registered carries a session id, URL, JWT and connect URL', async () => {
      const before = Math.floor(Date.now() / 1000);
      const d = await desktop();
      const after = Math.ceil(Date.now() / 1000);
      const { sessionId, url, token, connectUrl } = d.registered;
      assert.match(sessionId, new RegExp(`^[${ALPHABET}]{6}$`));
      assert.equal(url, `http://${sessionId.toLowerCase()}.localhost:${main.port}`);
      assert.equal(connectUrl, `${url}?token=${token}`);
      const jwt = decodeJwt(token);
      assert.equal(jwt.header.alg, 'HS256');
      assert.deepEqual(Object.keys(jwt.payload).sort(), ['exp', 'iat', 'sessionId']);
      assert.equal(jwt.payload.sessionId, sessionId);
      assert.ok(jwt.payload.iat >= before - 1 && jwt.payload.iat <= after + 1, `iat ${jwt.payload.iat}`);
      assert.equal(jwt.payload.exp, jwt.payload.iat + 3600);
      // Signed with JWT_SECRET, HS256.
      assert.equal(createHmac('sha256', JWT_SECRET).update(jwt.signedPart).digest('base64url'), jwt.signature);
      assert.equal(d.registrations.length, 1);
    });

    test('a reconnecting desktop keeps its session; another device gets another', async () => {
      const first = await desktop();
      const { sessionId } = first.registered;
      await first.stop();
      const again = await desktop({ deviceId: first.deviceId });
      assert.equal(again.registered.sessionId, sessionId);
      assert.equal(again.registered.url, first.registered.url);
      assert.equal(decodeJwt(again.registered.token).payload.sessionId, sessionId);
      const other = await desktop();
      assert.notEqual(other.registered.sessionId, sessionId);
      assert.notEqual(other.deviceId, first.deviceId);
    });

    test('the same device connecting again while still connected replaces the old connection', async () => {
      const old = await desktop();
      const oldGone = nextEvent(old.socket, 'disconnect');
      const replacement = await desktop({ deviceId: old.deviceId });
      assert.equal(replacement.registered.sessionId, old.registered.sessionId);
      const [reason] = await oldGone;
      assert.equal(reason, 'io server disconnect');
      // The browsers of the session now reach the new connection.
      const b = browser(main, replacement.registered.sessionId, { token: replacement.registered.token });
      await admitted(b);
      const got = nextEvent(replacement, 'event');
      b.emit('hello', 'to the new one');
      assert.deepEqual(await got, ['hello', ['to the new one']]);
      assert.equal(old.events.length, 0);
    });
  });

  // ---- browser admission ---------------------------------------------------------------------

  describe('browser admission', () => {
    test('the right token is admitted with connected {success: true}', async () => {
      const d = await desktop();
      const b = browser(main, d.registered.sessionId, { token: d.registered.token });
      assert.deepEqual(await admitted(b), { success: true });
      assert.equal(b.connected, true);
    });

    test('a missing, garbage, foreign, forged or expired token is refused', async () => {
      const d = await desktop();
      const other = await desktop();
      const id = d.registered.sessionId;
      const now = Math.floor(Date.now() / 1000);
      const tokens = {
        missing: undefined,
        garbage: 'not.a.jwt',
        'other session': other.registered.token,
        'wrong key': signJwt({ sessionId: id, iat: now, exp: now + 3600 }, 'some-other-secret-0123456789'),
        expired: signJwt({ sessionId: id, iat: now - 7200, exp: now - 3600 }, JWT_SECRET),
      };
      for (const [what, token] of Object.entries(tokens)) {
        const b = browser(main, id, { token });
        const { message, reason } = await refused(b);
        assert.equal(message, 'Invalid or expired token', what);
        assert.equal(reason, 'io server disconnect', what);
      }
      // The same forgery with the relay's key is accepted, so the refusals above were about the token.
      const minted = signJwt({ sessionId: id, iat: now, exp: now + 60 }, JWT_SECRET);
      assert.deepEqual(await admitted(browser(main, id, { token: minted })), { success: true });
    });

    test('an unknown session is "Session not found or expired"', async () => {
      const d = await desktop();
      const b = browser(main, UNKNOWN_ID, { token: d.registered.token });
      assert.equal((await refused(b)).message, 'Session not found or expired');
    });

    test('no role and no session is "Invalid connection parameters"', async () => {
      for (const auth of [{}, { role: 'client' }, { role: 'somebody', sessionId: 'ABCDEF' }, { sessionId: 'TOOLONG7' }]) {
        const b = browser(main, 'ignored', { auth, origin: false });
        assert.equal((await refused(b)).message, 'Invalid connection parameters', JSON.stringify(auth));
      }
    });

    test('a session whose desktop left is "Desktop is offline"', async () => {
      const d = await desktop();
      const { sessionId, token } = d.registered;
      await d.stop();
      const b = browser(main, sessionId, { token });
      assert.equal((await refused(b)).message, 'Desktop is offline');
      const info = JSON.parse((await request(main, { path: `/api/session/${sessionId}` })).body);
      assert.equal(info.active, true, 'the session outlives its desktop');
    });

    test('the session id comes from the Host label when auth has none', async () => {
      const d = await desktop();
      const { sessionId, token } = d.registered;
      assert.deepEqual(await admitted(browser(main, sessionId, { auth: { role: 'client', token } })), { success: true });
      // No role at all on a session host is a browser too.
      assert.deepEqual(await admitted(browser(main, sessionId, { auth: { token } })), { success: true });
      // On the bare host the same auth names no session.
      const bare = browser(main, sessionId, { auth: { role: 'client', token }, origin: false });
      assert.equal((await refused(bare)).message, 'Invalid connection parameters');
    });

    test('with --tunnel-open-access yes a browser without a token is admitted', async () => {
      const open = await startServer({ args: [...GENEROUS, '--tunnel-open-access', 'yes'] });
      try {
        const d = await desktop({ server: open });
        const { sessionId } = d.registered;
        assert.deepEqual(await admitted(browser(open, sessionId, { auth: { role: 'client' } })), { success: true });
        assert.deepEqual(await admitted(browser(open, sessionId, { auth: { role: 'client', token: 'garbage' } })), { success: true });
        assert.equal((await refused(browser(open, UNKNOWN_ID, {}))).message, 'Session not found or expired');
        const got = nextEvent(d, 'event');
        const b = browser(open, sessionId, { auth: {} });
        await admitted(b);
        b.emit('ping-desktop', 1);
        assert.deepEqual(await got, ['ping-desktop', [1]]);
      } finally {
        for (const close of tracked.splice(0).reverse()) await close();
        await open.stop();
      }
    });
  });

  // ---- the event bridge ------------------------------------------------------------------------

  describe('event bridge with two browsers', () => {
    let d;
    let a;
    let b;
    const asks = [];
    const setUp = async () => {
      asks.length = 0;
      d = await desktop({
        handlers: {
          bridge: (event, args, req) => {
            if (event === 'never') return NO_ANSWER;
            if (event === 'ask') {
              // Hold answers until both browsers asked, then answer in reverse order.
              return new Promise((resolve) => {
                asks.push(() => resolve({ answer: args[0], extra: args.slice(1), requestId: req.requestId }));
                if (asks.length === 2) { asks[1](); asks[0](); }
              });
            }
            return { event, args };
          },
        },
      });
      const { sessionId, token } = d.registered;
      a = browser(main, sessionId, { token });
      b = browser(main, sessionId, { token });
      await Promise.all([admitted(a), admitted(b)]);
    };

    test('plain browser events reach the desktop with the same name and arguments', async () => {
      await setUp();
      const got = nextEvent(d, 'event');
      a.emit('terminal:input', { id: 't1', data: 'ls -la\n' }, 42, [true, null], 'ünïcødé');
      assert.deepEqual(await got, ['terminal:input', [{ id: 't1', data: 'ls -la\n' }, 42, [true, null], 'ünïcødé']]);
      const fromB = nextEvent(d, 'event');
      b.emit('no-args');
      assert.deepEqual(await fromB, ['no-args', []]);
      assert.equal(d.bridgeRequests.length, 0, 'plain events are not bridge:requests');
    });

    test('acknowledged events travel as bridge:request and each browser gets its own answer', async () => {
      await setUp();
      const [fromA, fromB] = await Promise.all([
        a.timeout(10000).emitWithAck('ask', 'A', 1),
        b.timeout(10000).emitWithAck('ask', 'B', 2),
      ]);
      assert.equal(fromA.answer, 'A');
      assert.deepEqual(fromA.extra, [1]);
      assert.equal(fromB.answer, 'B');
      assert.deepEqual(fromB.extra, [2]);
      assert.ok(fromA.requestId.startsWith(`${a.id}-`), `${fromA.requestId} vs ${a.id}`);
      assert.ok(fromB.requestId.startsWith(`${b.id}-`), `${fromB.requestId} vs ${b.id}`);
      assert.equal(d.bridgeRequests.length, 2);
      for (const req of d.bridgeRequests) {
        assert.deepEqual(Object.keys(req).sort(), ['args', 'event', 'requestId']);
        assert.equal(req.event, 'ask');
      }
      // Many at once from both, answered in whatever order: every ack gets its own answer.
      const many = [];
      for (let i = 0; i < 20; i++) {
        many.push(a.timeout(10000).emitWithAck('echo', 'a', i).then((r) => assert.deepEqual(r, { event: 'echo', args: ['a', i] })));
        many.push(b.timeout(10000).emitWithAck('echo', 'b', i).then((r) => assert.deepEqual(r, { event: 'echo', args: ['b', i] })));
      }
      await Promise.all(many);
      assert.equal(new Set(d.bridgeRequests.map((r) => r.requestId)).size, d.bridgeRequests.length, 'request ids are unique');
    });

    test('a never-answered ack blocks nobody; it ends with "Connection closed" when the desktop leaves', async () => {
      await setUp();
      let neverAnswer;
      const never = new Promise((resolve) => a.emit('never', 'x', (answer) => { neverAnswer = answer; resolve(answer); }));
      await eventually(() => d.bridgeRequests.some((r) => r.event === 'never'), { what: 'the never request' });
      assert.deepEqual(await a.timeout(5000).emitWithAck('echo', 1), { event: 'echo', args: [1] });
      assert.deepEqual(await b.timeout(5000).emitWithAck('echo', 2), { event: 'echo', args: [2] });
      assert.equal(neverAnswer, undefined);
      await d.stop();
      assert.deepEqual(await never, { error: 'Connection closed' });
      // The browsers stay; with the desktop away an ack is answered at once.
      assert.deepEqual(await b.timeout(5000).emitWithAck('echo', 3), { error: 'Desktop is offline' });
      // The desktop comes back under the same device: the same browsers reach it again.
      const back = await desktop({ deviceId: d.deviceId });
      assert.equal(back.registered.sessionId, d.registered.sessionId);
      assert.deepEqual(await a.timeout(5000).emitWithAck('echo', 4), { event: 'echo', args: [4] });
    });

    test('desktop events reach both browsers; http:response and reserved names reach none', async () => {
      await setUp();
      const bothGot = [nextEvent(a, 'status'), nextEvent(b, 'status')];
      d.send('status', { busy: false }, 'two');
      for (const got of bothGot) assert.deepEqual(await got, [{ busy: false }, 'two']);

      const markers = [nextEvent(a, 'marker'), nextEvent(b, 'marker')];
      d.send('http:response', { id: 'req-nothing', status: 200, headers: {}, body: '' });
      d.send('$internal', 1);
      d.send('relay:x', 1);
      d.send('bridge:request', { requestId: 'x', event: 'y', args: [] });
      d.send('bridge:whatever', 1);
      d.send('ws:message', { id: 'ws-none', data: 'x', binary: false });
      d.send('marker', 'end');
      await Promise.all(markers);
      // One connection delivers in order: anything forwarded would have come before the marker.
      for (const socket of [a, b]) {
        assert.deepEqual(socket.received.map(([name]) => name), ['connected', 'status', 'marker']);
      }
    });

    test('browser events named $…, relay:…, bridge:… or ws:… do not reach the desktop', async () => {
      await setUp();
      const marker = nextEvent(d, 'event');
      a.emit('$internal', 1);
      a.emit('relay:x', 1);
      a.emit('bridge:response', { requestId: 'x', response: 1 });
      a.emit('bridge:request', { requestId: 'x', event: 'y', args: [] });
      a.emit('ws:close', { id: 'ws-1', code: 1000, reason: '' });
      a.emit('marker', 'end');
      assert.deepEqual(await marker, ['marker', ['end']]);
      assert.deepEqual(d.events.map(([name]) => name), ['marker']);
      assert.equal(d.bridgeRequests.length, 0);
    });

  });

  // ---- HTTP tunnel -----------------------------------------------------------------------------

  describe('HTTP tunnel on the session host', () => {
    let d;
    let host;
    const get = (path, options = {}) => request(main, { host, path, ...options });
    const seenByDesktop = (url) => d.httpRequests.find((r) => r.url === url);
    before(async () => {
      // One desktop for this group; the suite's afterEach must not stop it.
      d = await startDesktop({ relayUrl: main.httpUrl, localPort: local.port });
      host = sessionHost(main, d.registered.sessionId);
    });
    after(async () => { await d?.stop(); });

    test('GET reaches the local server with its query string and comes back', async () => {
      const path = '/echo/page?a=1&b=two%20words&a=3&empty=&q=%2Fslash';
      const res = await get(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json');
      const echoed = JSON.parse(res.body);
      assert.equal(echoed.method, 'GET');
      assert.equal(echoed.url, path);
      const event = seenByDesktop(path);
      assert.ok(event, 'the desktop saw the request');
      assert.match(event.id, /^req-/);
      assert.equal(event.method, 'GET');
      assert.equal('body' in event, false, 'GET carries no body');
      assert.equal(event.headers.host, host);
    });

    test('HEAD passes through without a body, announcing the length a GET would carry', async () => {
      const res = await get('/echo/head', { method: 'HEAD' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(res.body.length, 0);
      const sized = await get('/big?n=1234', { method: 'HEAD' });
      assert.equal(sized.body.length, 0);
      assert.equal(sized.headers['content-length'], '1234');
      const event = seenByDesktop('/echo/head');
      assert.equal(event.method, 'HEAD');
      assert.equal('body' in event, false);
    });

    for (const size of [1, 64 * 1024]) {
      test(`POST of ${size} binary bytes arrives and returns byte for byte`, async () => {
        const body = randomBytes(size);
        const res = await get(`/raw?size=${size}`, {
          method: 'POST', body, headers: { 'content-type': 'application/octet-stream' },
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-type'], 'application/octet-stream');
        assert.ok(res.body.equals(body), 'the echoed body equals what was sent');
        const event = seenByDesktop(`/raw?size=${size}`);
        assert.ok(Buffer.from(event.body, 'base64').equals(body), 'http:request body is the raw bytes in base64');
        assert.equal(event.headers['content-length'], String(size));
      });
    }

    test('POST of 8 MiB binary reaches the local server intact', { timeout: 60000 }, async () => {
      const body = randomBytes(8 * 1024 * 1024);
      const res = await get('/echo/upload', { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(res.status, 200);
      const echoed = JSON.parse(res.body);
      assert.equal(echoed.length, body.length);
      assert.equal(echoed.sha256, sha256(body));
      const seen = local.requests.findLast((r) => r.url === '/echo/upload');
      assert.ok(seen.body.equals(body));
    });

    test('a 4 MiB response comes back byte for byte', async () => {
      const n = 4 * 1024 * 1024;
      const res = await get(`/big?n=${n}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.length, n);
      assert.ok(res.body.equals(bigBody(n)));
    });

    test('PUT, PATCH and DELETE carry their bodies; JSON and text are not re-serialised', async () => {
      for (const [method, body] of [['PUT', '{"b": 2,  "a":1}'], ['PATCH', 'plain=text&x'], ['DELETE', '']]) {
        const res = await get(`/echo/${method}`, { method, body, headers: { 'content-type': 'application/json' } });
        assert.equal(res.status, 200, method);
        const echoed = JSON.parse(res.body);
        assert.equal(echoed.method, method);
        assert.equal(Buffer.from(echoed.body64, 'base64').toString(), body, method);
      }
    });

    test('request headers arrive lowercased, repeated ones joined as Node does', async () => {
      const answer = await rawHttp(main, [
        'GET /echo/headers HTTP/1.1',
        `Host: ${host}`,
        'X-Custom-Header: One Value',
        'X-Repeat: a',
        'X-Repeat: b',
        'Cookie: c1=1',
        'Cookie: c2=2',
        'Accept: text/html',
        'Connection: close',
        '', '',
      ].join('\r\n'));
      assert.match(answer, /^HTTP\/1\.1 200 /);
      const event = seenByDesktop('/echo/headers');
      for (const name of Object.keys(event.headers)) assert.equal(name, name.toLowerCase());
      assert.equal(event.headers['x-custom-header'], 'One Value');
      assert.equal(event.headers['x-repeat'], 'a, b');
      assert.equal(event.headers.cookie, 'c1=1; c2=2');
      assert.equal(event.headers.accept, 'text/html');
      const seen = local.requests.findLast((r) => r.url === '/echo/headers');
      assert.equal(seen.headers['x-repeat'], 'a, b');
      assert.equal(seen.headers.cookie, 'c1=1; c2=2');
    });

    test('response status, content-type and several set-cookie headers pass through', async () => {
      const res = await get('/cookies');
      assert.equal(res.status, 201);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.deepEqual(res.headers['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
      assert.equal(res.headers['x-local'], 'yes');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.body.toString(), 'cookies set');
      for (const status of [200, 204, 302, 404, 418, 500, 503]) {
        const r = await get(`/status/${status}`);
        assert.equal(r.status, status);
        if (status === 302) assert.equal(r.headers.location, '/elsewhere');
        if (status !== 204) assert.equal(r.body.toString(), `status ${status}`);
      }
    });

    test('transfer-encoding from the local server is not passed on twice', async () => {
      const answer = await rawHttp(main, `GET /chunked HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      const [head, ...rest] = answer.split('\r\n\r\n');
      const lines = head.split('\r\n');
      assert.match(lines[0], /^HTTP\/1\.1 200 /);
      const te = lines.filter((l) => /^transfer-encoding:/i.test(l));
      const cl = lines.filter((l) => /^content-length:/i.test(l));
      assert.ok(te.length <= 1, head);
      assert.ok(!(te.length && cl.length), `both framings: ${head}`);
      assert.ok(cl.length <= 1, head);
      assert.equal(rest.join('\r\n\r\n').includes('part1-part2'), true, answer);
      // The desktop did pass the local server's transfer-encoding on, so the relay is what dropped it.
      const [, answered] = d.httpResponses.findLast(([req]) => req.url === '/chunked');
      assert.equal(answered.headers['transfer-encoding'], 'chunked');
      const res = await get('/chunked');
      assert.equal(res.body.toString(), 'part1-part2');
    });

    test('every path on the session host is tunnelled, even /health and /api/session', async () => {
      const health = await get('/health');
      assert.equal(health.body.toString(), 'the desktop app says hello');
      const api = await get(`/api/session/${d.registered.sessionId}`);
      assert.equal(JSON.parse(api.body).url, `/api/session/${d.registered.sessionId}`);
    });

    test('the session label is case-insensitive', async () => {
      const res = await request(main, { host: host.toUpperCase(), path: '/echo/upper' });
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(res.body).url, '/echo/upper');
    });

    test('an unknown session is 404 "Session <ID> not found"', async () => {
      const res = await request(main, { host: sessionHost(main, UNKNOWN_ID), path: '/anything' });
      assert.equal(res.status, 404);
      assert.equal(res.body.toString(), `Session ${UNKNOWN_ID} not found`);
    });

    test('OPTIONS preflight is answered by the relay with 204 and CORS', async () => {
      const before = d.httpRequests.length;
      const res = await get('/echo/preflight', {
        method: 'OPTIONS',
        headers: {
          origin: 'http://app.example.test', 'access-control-request-method': 'PUT',
          'access-control-request-headers': 'x-token, content-type',
        },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], 'http://app.example.test');
      assert.match(res.headers['access-control-allow-methods'], /PUT/);
      assert.equal(res.headers['access-control-allow-headers'], 'x-token, content-type');
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
      assert.equal(res.body.length, 0);
      assert.equal(d.httpRequests.length, before, 'the desktop was not asked');
    });

    test('a desktop that fails locally answers 502 Bad Gateway', async () => {
      const broken = await desktop({ localPort: 1 }); // nothing listens on port 1
      const res = await request(main, { host: sessionHost(main, broken.registered.sessionId), path: '/x' });
      assert.equal(res.status, 502);
      assert.equal(res.headers['content-type'], 'text/plain');
      assert.equal(res.body.toString(), 'Bad Gateway');
    });

  });

  describe('HTTP tunnel when the desktop goes away', () => {
    test('pending requests get 503 "Desktop disconnected", only those of that desktop', async () => {
      const held = [];
      const silent = await desktop({ handlers: { http: () => NO_ANSWER } });
      const patient = await desktop({
        handlers: { http: (req) => new Promise((resolve) => held.push(() => resolve({ status: 200, headers: {}, body: Buffer.from(`late ${req.url}`) }))) },
      });
      const pendingSilent = request(main, { host: sessionHost(main, silent.registered.sessionId), path: '/slow' });
      const pendingPatient = request(main, { host: sessionHost(main, patient.registered.sessionId), path: '/patient' });
      await eventually(() => silent.httpRequests.length === 1 && patient.httpRequests.length === 1, { what: 'both requests at the desktops' });
      await silent.stop();
      const res = await pendingSilent;
      assert.equal(res.status, 503);
      assert.equal(res.body.toString(), 'Desktop disconnected');
      // The other desktop's request is still open and its late answer goes through.
      held[0]();
      const late = await pendingPatient;
      assert.equal(late.status, 200);
      assert.equal(late.body.toString(), 'late /patient');
      // The session lives on without its desktop.
      const offline = await request(main, { host: sessionHost(main, silent.registered.sessionId), path: '/again' });
      assert.equal(offline.status, 503);
      assert.equal(offline.body.toString(), 'Desktop is offline');
    });

    test('a silent request does not hold up the next ones', async () => {
      const d = await desktop({ handlers: { http: (req) => (req.url === '/hang' ? NO_ANSWER : undefined) } });
      const host = sessionHost(main, d.registered.sessionId);
      let hangDone = false;
      const hang = request(main, { host, path: '/hang' }).then((r) => { hangDone = true; return r; });
      await eventually(() => d.httpRequests.length === 1, { what: 'the hanging request at the desktop' });
      for (let i = 0; i < 3; i++) assert.equal((await request(main, { host, path: `/echo/${i}` })).status, 200);
      assert.equal(hangDone, false);
      await d.stop();
      assert.equal((await hang).status, 503);
    });
  });

  describe('HTTP limits', () => {
    test('Socket.IO handshakes are rate limited per address: 429 with Retry-After', async () => {
      const limited = await startServer({ args: ['--tunnel-connect-rate', '1', '--tunnel-connect-burst', '2'] });
      try {
        const handshake = () => request(limited, { path: '/socket.io/?EIO=4&transport=polling' });
        const first = await handshake();
        const second = await handshake();
        const third = await handshake();
        assert.equal(first.status, 200);
        assert.equal(second.status, 200);
        assert.equal(third.status, 429);
        assert.match(third.headers['retry-after'], /^[1-9]\d*$/);
        // Requests of a session that is already open are not handshakes and are not counted.
        const sid = JSON.parse(first.body.toString().slice(1)).sid;
        const poll = await request(limited, { method: 'POST', path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`, body: Buffer.from('40') });
        assert.equal(poll.status, 200);
      } finally {
        await limited.stop();
      }
    });

    test('rate limit: the 6th rapid request gets 429 with Retry-After', async () => {
      const limited = await startServer({ args: [...GENEROUS, '--tunnel-http-rate', '5', '--tunnel-http-burst', '5'] });
      try {
        const d = await desktop({ server: limited });
        const host = sessionHost(limited, d.registered.sessionId);
        const results = await Promise.all([...Array(6).keys()].map((i) => request(limited, { host, path: `/echo/${i}` })));
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
        const tooMany = results.find((r) => r.status === 429);
        assert.match(tooMany.headers['retry-after'], /^[1-9]\d*$/);
        assert.equal(d.httpRequests.length, 5, 'the refused request never reached the desktop');
        // Unknown sessions are answered before the limiter (no token spent).
        assert.equal((await request(limited, { host: sessionHost(limited, UNKNOWN_ID) })).status, 404);
      } finally {
        for (const close of tracked.splice(0).reverse()) await close();
        await limited.stop();
      }
    });

    test('a body over --max-body gets 413', async () => {
      const small = await startServer({ args: [...GENEROUS, '--max-body', '100000'] });
      try {
        const d = await desktop({ server: small });
        const host = sessionHost(small, d.registered.sessionId);
        const fits = randomBytes(100000);
        const ok = await request(small, { host, path: '/raw', method: 'POST', body: fits });
        assert.equal(ok.status, 200);
        assert.ok(ok.body.equals(fits));
        const over = await request(small, { host, path: '/raw', method: 'POST', body: randomBytes(100001) });
        assert.equal(over.status, 413);
        assert.equal(d.httpRequests.length, 1, 'the oversized body never reached the desktop');
      } finally {
        for (const close of tracked.splice(0).reverse()) await close();
        await small.stop();
      }
    });
  });

  // ---- transports ------------------------------------------------------------------------------

  describe('browser transports', () => {
    test('a browser that stays on polling exchanges events both ways', async () => {
      const d = await desktop();
      // No sessionId in auth: over polling too, the session comes from the Host header.
      const b = browser(main, d.registered.sessionId, { transports: ['polling'], auth: { role: 'client', token: d.registered.token } });
      let upgraded = false;
      b.io.engine.on('upgrade', () => { upgraded = true; });
      assert.deepEqual(await admitted(b), { success: true });
      for (let i = 0; i < 3; i++) {
        const got = nextEvent(d, 'event');
        b.emit('poll-event', i);
        assert.deepEqual(await got, ['poll-event', [i]]);
        assert.deepEqual(await b.timeout(5000).emitWithAck('poll-ack', i), { event: 'poll-ack', args: [i] });
        const pushed = nextEvent(b, 'pushed');
        d.send('pushed', i);
        assert.deepEqual(await pushed, [i]);
      }
      assert.equal(b.io.engine.transport.name, 'polling');
      assert.equal(upgraded, false);
    });

    test('a browser that starts on polling upgrades to WebSocket and keeps working', async () => {
      const d = await desktop();
      const b = browser(main, d.registered.sessionId, { token: d.registered.token, transports: ['polling', 'websocket'] });
      assert.equal(b.io.engine.transport.name, 'polling');
      const upgrade = nextEvent(b.io.engine, 'upgrade');
      assert.deepEqual(await admitted(b), { success: true });
      const [transport] = await upgrade;
      assert.equal(transport.name, 'websocket');
      const got = nextEvent(d, 'event');
      b.emit('after-upgrade', 'x');
      assert.deepEqual(await got, ['after-upgrade', ['x']]);
      assert.deepEqual(await b.timeout(5000).emitWithAck('ack-after-upgrade'), { event: 'ack-after-upgrade', args: [] });
      const pushed = nextEvent(b, 'pushed');
      d.send('pushed', 'y');
      assert.deepEqual(await pushed, ['y']);
    });
  });

  // ---- tunnelled WebSockets --------------------------------------------------------------------

  describe('tunnelled WebSockets', () => {
    const localSocketFor = (url) => eventually(() => local.sockets.findLast((s) => s.url === url), { what: `local socket ${url}` });

    test('ws:open carries the path and headers; text and binary echo intact and in order', async () => {
      const d = await desktop();
      const id = d.registered.sessionId;
      const opened = nextEvent(d, 'ws:opened');
      const client = ws(main, id, '/hmr?v=1');
      await client.opened;
      const [stream] = await opened;
      assert.match(stream.id, /^ws-/);
      assert.equal(stream.url, '/hmr?v=1');
      assert.equal(stream.headers.host, sessionHost(main, id));
      const localSocket = await localSocketFor('/hmr?v=1');
      assert.equal(localSocket.headers.host, `127.0.0.1:${local.port}`);

      const text = 'héllo wörld ✓ {"json":true}';
      const small = randomBytes(1);
      const binary = randomBytes(100 * 1024);
      const large = randomBytes(2 * 1024 * 1024);
      client.send(text);
      client.send(small);
      client.send(binary);
      client.send(Buffer.alloc(0));
      client.send(large);
      for (let i = 0; i < 50; i++) client.send(`n${i}`);
      await eventually(() => client.received.length === 55, { timeoutMs: 20000, what: `55 echoes (got ${client.received.length})` });
      assert.deepEqual(client.received[0], { data: text, isBinary: false });
      assert.equal(client.received[1].isBinary, true);
      assert.ok(client.received[1].data.equals(small));
      assert.ok(client.received[2].isBinary && client.received[2].data.equals(binary));
      assert.ok(client.received[3].isBinary && client.received[3].data.length === 0);
      assert.ok(client.received[4].isBinary && client.received[4].data.equals(large));
      assert.deepEqual(client.received.slice(5).map((m) => m.data), [...Array(50).keys()].map((i) => `n${i}`));
      // What the local server got is what the browser sent, types included.
      assert.deepEqual(localSocket.received[0], { data: text, isBinary: false });
      assert.ok(localSocket.received[2].isBinary && localSocket.received[2].data.equals(binary));
    });

    test('the browser closing closes the local socket with its code and reason', async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/hmr?close=browser');
      await client.opened;
      const localSocket = await localSocketFor('/hmr?close=browser');
      const desktopSaw = nextEvent(d, 'ws:closed');
      client.close(4001, 'bye from browser');
      assert.deepEqual(await localSocket.closed, { code: 4001, reason: 'bye from browser' });
      await desktopSaw;
      // The relay's answering close frame repeats the code (RFC 6455 5.5.1).
      assert.equal((await client.closed).code, 4001);
      assert.equal(d.wsStreams.size, 0);
    });

    test('the local server closing closes the browser with its code and reason', async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/hmr?close=server');
      await client.opened;
      await localSocketFor('/hmr?close=server');
      client.send('close:4002:bye from server');
      assert.deepEqual(await client.closed, { code: 4002, reason: 'bye from server' });
      await eventually(() => d.wsStreams.size === 0, { what: 'the stream to be gone at the desktop' });
    });

    test('a local server that refuses the upgrade closes the browser with 1011', async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/reject');
      const { code, reason } = await client.closed;
      assert.equal(code, 1011);
      assert.match(reason, /401/);
      assert.equal(d.wsStreams.size, 0);
    });

    test('an unknown session is closed with 1008; an offline desktop with 1013', async () => {
      const unknown = ws(main, UNKNOWN_ID, '/hmr');
      assert.deepEqual(await unknown.closed, { code: 1008, reason: `Session ${UNKNOWN_ID} not found` });
      const d = await desktop();
      await d.stop();
      const offline = ws(main, d.registered.sessionId, '/hmr');
      assert.deepEqual(await offline.closed, { code: 1013, reason: 'Desktop is offline' });
    });

    test('the desktop leaving closes its tunnelled sockets with 1001', async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/hmr?leave');
      await client.opened;
      await localSocketFor('/hmr?leave');
      await d.stop();
      assert.deepEqual(await client.closed, { code: 1001, reason: 'Desktop disconnected' });
    });

    test('a browser cannot inject ws: events into a tunnelled socket', async () => {
      const d = await desktop();
      const { sessionId, token } = d.registered;
      const opened = nextEvent(d, 'ws:opened');
      const client = ws(main, sessionId, '/hmr?inject');
      await client.opened;
      const [stream] = await opened;
      const localSocket = await localSocketFor('/hmr?inject');
      const b = browser(main, sessionId, { token });
      await admitted(b);
      const marker = nextEvent(d, 'event');
      b.emit('ws:message', { id: stream.id, data: 'injected', binary: false });
      b.emit('ws:close', { id: stream.id, code: 1000, reason: 'injected' });
      b.emit('marker');
      await marker;
      client.send('still mine');
      await eventually(() => client.received.length === 1, { what: 'the echo' });
      assert.equal(client.received[0].data, 'still mine');
      assert.deepEqual(localSocket.received.map((m) => m.data), ['still mine']);
    });

    test('ws:pause and ws:resume pace the local socket while the browser is slow', { timeout: 120000 }, async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/hmr?flood');
      await client.opened;
      const localSocket = await localSocketFor('/hmr?flood');
      const pausedAt = nextEvent(d, 'ws:pause', 60000);
      local.flood = { stop: false, sent: 0, done: null };
      client.pause(); // the browser stops reading: the relay's queue to it grows
      client.send('flood');
      const [stream] = await pausedAt;
      assert.equal(stream.local.isPaused, true, 'the desktop paused its local socket');
      local.flood.stop = true;
      const sent = await local.flood.done;
      const resumed = nextEvent(d, 'ws:resume', 60000);
      client.resume();
      await resumed;
      await eventually(() => client.received.length === sent, { timeoutMs: 60000, what: `${sent} messages (got ${client.received.length})` });
      client.received.forEach((m, i) => assert.equal(m.data.slice(0, m.data.indexOf(':')), String(i)));
      assert.equal(client.received.every((m) => m.data.length === String(m.data.slice(0, m.data.indexOf(':'))).length + 1 + 16384), true);
      assert.equal(localSocket.ws.readyState, WebSocket.OPEN);
    });

    test('a requested subprotocol is agreed (Vite HMR asks for "vite-hmr")', async () => {
      const d = await desktop();
      const client = ws(main, d.registered.sessionId, '/hmr?proto', ['vite-hmr', 'other']);
      await client.opened;
      assert.equal(client.protocol, 'vite-hmr');
      // The desktop asked the dev server for the same protocol, and the socket works end to end.
      const localSocket = await localSocketFor('/hmr?proto');
      assert.equal(localSocket.protocol, 'vite-hmr');
      client.send('hot update');
      await eventually(() => client.received.length === 1, { what: 'the echo' });
      assert.deepEqual(client.received[0], { data: 'hot update', isBinary: false });
    });
  });

  // ---- REST ------------------------------------------------------------------------------------

  describe('REST on the bare domain', () => {
    test('/api/session/<ID> describes a live session; unknown is 404', async () => {
      const before = Date.now();
      const d = await desktop();
      const { sessionId, url } = d.registered;
      for (const id of [sessionId, sessionId.toLowerCase()]) {
        const res = await request(main, { path: `/api/session/${id}` });
        assert.equal(res.status, 200);
        assert.match(res.headers['content-type'], /application\/json/);
        const info = JSON.parse(res.body);
        assert.deepEqual(Object.keys(info).sort(), ['active', 'created', 'url']);
        assert.equal(info.active, true);
        assert.equal(info.url, url);
        assert.ok(info.created >= before - 1000 && info.created <= Date.now(), `created ${info.created}`);
      }
      const missing = await request(main, { path: `/api/session/${UNKNOWN_ID}` });
      assert.equal(missing.status, 404);
      assert.deepEqual(JSON.parse(missing.body), { error: 'Session not found' });
    });

    test('/health counts desktops and clients; /stats has services.tunnel', async () => {
      const own = await startServer({ args: GENEROUS });
      const health = async () => JSON.parse((await request(own, { path: '/health' })).body);
      try {
        const empty = await health();
        assert.equal(empty.status, 'healthy');
        assert.equal(typeof empty.uptime, 'number');
        assert.equal(empty.desktops, 0);
        assert.equal(empty.clients, 0);
        const d = await desktop({ server: own });
        await eventually(async () => (await health()).desktops === 1, { what: 'desktops 1' });
        const b1 = browser(own, d.registered.sessionId, { token: d.registered.token });
        const b2 = browser(own, d.registered.sessionId, { token: d.registered.token });
        await Promise.all([admitted(b1), admitted(b2)]);
        await eventually(async () => (await health()).clients === 2, { what: 'clients 2' });
        const stats = JSON.parse((await request(own, { path: '/stats' })).body);
        const tunnel = stats.services.tunnel;
        assert.equal(tunnel.desktops, 1);
        assert.equal(tunnel.clients, 2);
        assert.equal(tunnel.activeSessions, 1);
        assert.equal(typeof tunnel.bytesIn, 'number');
        b1.close();
        await eventually(async () => (await health()).clients === 1, { what: 'clients 1' });
        await d.stop();
        await eventually(async () => (await health()).desktops === 0, { what: 'desktops 0' });
      } finally {
        for (const close of tracked.splice(0).reverse()) await close();
        await own.stop();
      }
    });

  });

  // ---- the protocol's long times, shortened through the environment -----------------------------

  describe('timeouts (30 s and 3600 s in production, shortened here)', () => {
    let quick;
    before(async () => {
      quick = await startServer({
        args: GENEROUS,
        env: { SWITCHBOARD_TUNNEL_REQUEST_TIMEOUT_MS: '400', SWITCHBOARD_TUNNEL_SESSION_LIFETIME_S: '1' },
      });
    });
    after(async () => { await quick.stop(); });

    test('an ack the desktop never answers gets {error: "Request timeout"}', async () => {
      const d = await desktop({ server: quick, handlers: { bridge: () => NO_ANSWER } });
      const b = browser(quick, d.registered.sessionId, { token: d.registered.token });
      await admitted(b);
      const started = Date.now();
      const answer = await b.timeout(5000).emitWithAck('slow', 1);
      assert.deepEqual(answer, { error: 'Request timeout' });
      assert.ok(Date.now() - started >= 350, `answered after ${Date.now() - started} ms`);
    });

    test('a request the desktop never answers gets 504 "Gateway Timeout - Desktop not responding"', async () => {
      const d = await desktop({ server: quick, handlers: { http: () => NO_ANSWER } });
      const res = await request(quick, { host: sessionHost(quick, d.registered.sessionId), path: '/silent' });
      assert.equal(res.status, 504);
      assert.equal(res.body.toString(), 'Gateway Timeout - Desktop not responding');
    });

    test('a session outlives its desktop by the lifetime, then a returning device gets a new one', async () => {
      const deviceId = `expiring-${Date.now()}`;
      const first = await startDesktop({ relayUrl: quick.httpUrl, localPort: local.port, deviceId });
      const { sessionId } = first.registered;
      await first.stop();
      // Still there right after the desktop left...
      assert.equal((await request(quick, { path: `/api/session/${sessionId}` })).status, 200);
      // ...and gone once the lifetime has passed.
      await eventually(async () => (await request(quick, { path: `/api/session/${sessionId}` })).status === 404,
        { timeoutMs: 5000, what: 'the session to expire' });
      const again = await desktop({ server: quick, deviceId });
      assert.notEqual(again.registered.sessionId, sessionId);
    });
  });
});
