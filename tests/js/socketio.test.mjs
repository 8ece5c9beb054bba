// The Engine.IO v4 / Socket.IO v5 layer (PROTOCOLS.md section 1), driven by the real npm
// socket.io-client against the test-only echo service (SWITCHBOARD_SOCKETIO_ECHO=1), plus raw
// HTTP and WebSocket checks of the wire details the client does not show.
//
// The echo service accepts auth {echo: true}, refuses anything else with "Invalid connection
// parameters", acks every event with its arguments, emits "echo" back for "echo", and for "ask"
// emits "question" asking for an ack and then "answer" with what the client acked.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { startServer, eventually } from './harness.mjs';

const ECHO_ENV = { SWITCHBOARD_SOCKETIO_ECHO: '1' };
const RS = '\x1e'; // the record separator between packets of a polling payload

// Resolves with the arguments of the next `event`, or rejects after the timeout.
function nextEvent(emitter, event, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onEvent = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, onEvent);
  });
}

function connected(socket, timeoutMs = 10000) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), timeoutMs);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('connect_error', (err) => { clearTimeout(timer); reject(err); });
  });
}

// A raw WebSocket that records every message, for wire-level checks.
function rawSocket(url) {
  const ws = new WebSocket(url);
  ws.messages = [];
  ws.waiters = [];
  ws.on('message', (data, isBinary) => {
    ws.messages.push(isBinary ? data : data.toString());
    for (const waiter of ws.waiters) waiter();
  });
  ws.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => {});
  // Resolves with message number `index` (0-based) once it has arrived.
  ws.message = (index, timeoutMs = 5000) => new Promise((resolve, reject) => {
    const check = () => {
      if (ws.messages.length > index) {
        ws.waiters = ws.waiters.filter((w) => w !== check);
        clearTimeout(timer);
        resolve(ws.messages[index]);
      }
    };
    const timer = setTimeout(() => reject(new Error(`message #${index} did not arrive; got ${JSON.stringify(ws.messages)}`)), timeoutMs);
    ws.waiters.push(check);
    check();
  });
  return ws;
}

async function pollingHandshake(server, headers = {}) {
  const response = await fetch(`${server.httpUrl}/socket.io/?EIO=4&transport=polling`, { headers });
  const body = await response.text();
  assert.equal(response.status, 200, body);
  assert.ok(body.startsWith('0'), body);
  return { response, handshake: JSON.parse(body.slice(1)) };
}

describe('socket.io with the real socket.io-client', () => {
  let server;
  const sockets = [];
  const open = (options = {}) => {
    const socket = io(server.httpUrl, { forceNew: true, reconnection: false, auth: { echo: true }, ...options });
    sockets.push(socket);
    return socket;
  };

  // Debug logs tell the raw tests when a poll is being held.
  before(async () => { server = await startServer({ env: { ...ECHO_ENV, LOG_LEVEL: 'debug' } }); });
  after(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
  });
  const pollHeld = (sid) => server.waitForLog(`engine.io session ${sid} : poll held`);

  test('WebSocket-only transport connects and exchanges events', async () => {
    const socket = await connected(open({ transports: ['websocket'] }));
    assert.equal(socket.io.engine.transport.name, 'websocket');
    const echoed = nextEvent(socket, 'echo');
    socket.emit('echo', 'over websocket', 7);
    assert.deepEqual(await echoed, ['over websocket', 7]);
  });

  test('polling-only transport works and never upgrades', async () => {
    const socket = open({ transports: ['polling'] });
    let upgraded = false;
    socket.io.engine.on('upgrade', () => { upgraded = true; });
    await connected(socket);
    // Several round trips, each one a held GET answered by the server's emit.
    for (let i = 0; i < 5; i++) {
      const echoed = nextEvent(socket, 'echo');
      socket.emit('echo', i);
      assert.deepEqual(await echoed, [i]);
    }
    assert.equal(socket.io.engine.transport.name, 'polling');
    assert.equal(upgraded, false);
  });

  test('default transports start on polling and upgrade to WebSocket without losing events', async () => {
    const socket = open();
    assert.equal(socket.io.engine.transport.name, 'polling');
    const upgradedTo = nextEvent(socket.io.engine, 'upgrade');
    const received = [];
    socket.on('echo', (n) => received.push(n));
    await connected(socket);
    // Emitted while the upgrade is under way: every one must come back, in order.
    const count = 50;
    for (let i = 0; i < count; i++) socket.emit('echo', i);
    const [transport] = await upgradedTo;
    assert.equal(transport.name, 'websocket');
    await eventually(() => received.length === count, { what: `${count} echoes (got ${received.length})` });
    assert.deepEqual(received, [...Array(count).keys()]);
    assert.equal(socket.io.engine.transport.name, 'websocket');
    const after = nextEvent(socket, 'echo');
    socket.emit('echo', 'after the upgrade');
    assert.deepEqual(await after, ['after the upgrade']);
  });

  test('a refused CONNECT reaches the client as connect_error with the message', async () => {
    for (const auth of [{ echo: false }, undefined]) {
      const socket = open({ auth, transports: ['websocket'] });
      const [error] = await nextEvent(socket, 'connect_error');
      assert.equal(error.message, 'Invalid connection parameters');
      assert.equal(socket.connected, false);
    }
    const polling = open({ auth: { role: 'nobody' }, transports: ['polling'] });
    const [error] = await nextEvent(polling, 'connect_error');
    assert.equal(error.message, 'Invalid connection parameters');
  });

  test('events carry JSON arguments both ways unchanged', async () => {
    const socket = await connected(open({ transports: ['websocket'] }));
    const args = ['text', 42, -1.5, true, null, { nested: { list: [1, 'two', { three: 3 }] } }, [], 'ünïcødé ✓'];
    const echoed = nextEvent(socket, 'echo');
    socket.emit('echo', ...args);
    assert.deepEqual(await echoed, args);
  });

  test('client-to-server acks are answered, over both transports', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const socket = await connected(open({ transports }));
      const answer = await new Promise((resolve) => socket.emit('any-event', 1, 'two', { three: 3 }, (...response) => resolve(response)));
      assert.deepEqual(answer, [1, 'two', { three: 3 }], transports[0]);
      assert.equal(await socket.timeout(5000).emitWithAck('single', 'value'), 'value');
    }
  });

  test('server-to-client acks come back to the server (ask, question, answer)', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const socket = await connected(open({ transports }));
      socket.on('question', (n, ack) => ack({ doubled: n * 2 }, 'and more'));
      const answer = nextEvent(socket, 'answer');
      socket.emit('ask', 21);
      assert.deepEqual(await answer, [{ doubled: 42 }, 'and more'], transports[0]);
    }
  });

  for (const transport of ['polling', 'websocket']) {
    test(`a 5 MB payload goes both ways over ${transport}`, async () => {
      const socket = await connected(open({ transports: [transport] }));
      const big = randomBytes(3_750_000).toString('base64'); // 5,000,000 characters
      assert.equal(big.length, 5_000_000);
      const echoed = nextEvent(socket, 'echo', 30000);
      socket.emit('echo', big);
      const [back] = await echoed;
      assert.equal(back.length, big.length);
      assert.ok(back === big, 'the echoed payload differs');
      assert.equal(socket.io.engine.transport.name, transport);
    });
  }

  describe('raw HTTP', () => {
    test('the polling handshake answers the open packet with the configured values', async () => {
      const { response, handshake } = await pollingHandshake(server);
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=UTF-8');
      assert.deepEqual(Object.keys(handshake), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
      assert.match(handshake.sid, /^[A-Za-z0-9_-]{20}$/);
      assert.deepEqual(handshake.upgrades, ['websocket']);
      assert.equal(handshake.pingInterval, 25000);
      assert.equal(handshake.pingTimeout, 60000);
      assert.equal(handshake.maxPayload, 10_000_000);
      // The path without its trailing slash is served too.
      const bare = await fetch(`${server.httpUrl}/socket.io?EIO=4&transport=polling`);
      assert.equal(bare.status, 200);
      assert.ok((await bare.text()).startsWith('0{"sid"'));
    });

    test('a POST is answered "ok" as text/html, and the next poll carries the answer', async () => {
      const { handshake } = await pollingHandshake(server);
      const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
      const post = await fetch(url, { method: 'POST', body: `40{"echo":true}${RS}42["echo","a"]${RS}421["x",2]` });
      assert.equal(post.status, 200);
      assert.equal(post.headers.get('content-type'), 'text/html');
      assert.equal(await post.text(), 'ok');
      const packets = [];
      while (packets.length < 3) packets.push(...(await (await fetch(url)).text()).split(RS));
      assert.match(packets[0], /^40\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
      // The ack answers with the event's arguments (the name is not one of them).
      assert.deepEqual(packets.slice(1), ['42["echo","a"]', '431[2]']);
    });

    test('an unknown sid gets 400 {"code":1,"message":"Session ID unknown"}', async () => {
      for (const sid of ['AAAAAAAAAAAAAAAAAAAA', 'not-a-session-id']) {
        const response = await fetch(`${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
        assert.equal(response.status, 400);
        assert.equal(response.headers.get('content-type'), 'application/json');
        assert.deepEqual(await response.json(), { code: 1, message: 'Session ID unknown' });
      }
    });

    test('bad handshakes get the reference error codes', async () => {
      const cases = [
        ['?EIO=3&transport=polling', 'GET', 5, 'Unsupported protocol version'],
        ['?transport=polling', 'GET', 5, 'Unsupported protocol version'],
        ['?EIO=4', 'GET', 0, 'Transport unknown'],
        ['?EIO=4&transport=carrier-pigeon', 'GET', 0, 'Transport unknown'],
        ['?EIO=4&transport=polling', 'POST', 2, 'Bad handshake method'],
        ['?EIO=4&transport=polling', 'PUT', 2, 'Bad handshake method'],
        ['?EIO=4&transport=websocket', 'GET', 3, 'Bad request'],
      ];
      for (const [query, method, code, message] of cases) {
        const response = await fetch(`${server.httpUrl}/socket.io/${query}`, { method });
        assert.equal(response.status, 400, `${method} ${query}`);
        assert.deepEqual(await response.json(), { code, message }, `${method} ${query}`);
      }
    });

    test('CORS: the Origin is reflected with credentials allowed', async () => {
      const origin = 'https://abc123.example.test';
      const { response } = await pollingHandshake(server, { Origin: origin });
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      assert.match(response.headers.get('vary'), /Origin/);
      const withoutOrigin = (await pollingHandshake(server)).response;
      assert.equal(withoutOrigin.headers.get('access-control-allow-origin'), null);
      // Errors carry the headers too, so a browser can read them.
      const error = await fetch(`${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA`, { headers: { Origin: origin } });
      assert.equal(error.status, 400);
      assert.equal(error.headers.get('access-control-allow-origin'), origin);
    });

    test('an OPTIONS preflight is answered 204 with methods and the requested headers', async () => {
      const origin = 'https://abc123.example.test';
      const response = await fetch(`${server.httpUrl}/socket.io/?EIO=4&transport=polling`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-custom' },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      assert.ok(response.headers.get('access-control-allow-methods').split(',').includes('POST'));
      assert.equal(response.headers.get('access-control-allow-headers'), 'content-type,x-custom');
    });

    test('a second concurrent poll gets 400 and closes the session; the first gets the close packet', async () => {
      const { handshake } = await pollingHandshake(server);
      const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
      // Whichever arrives first is held; the other is the overlap.
      const responses = await Promise.all([fetch(url), fetch(url)]);
      assert.deepEqual(responses.map((r) => r.status).sort(), [200, 400]);
      const held = responses.find((r) => r.status === 200);
      assert.equal(await held.text(), '1');
      assert.equal((await fetch(url)).status, 400);
    });

    test('a malformed POST gets 400 and ends the session', async () => {
      const { handshake } = await pollingHandshake(server);
      const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
      const post = await fetch(url, { method: 'POST', body: 'abc' });
      assert.equal(post.status, 400);
      assert.deepEqual(await post.json(), { code: 3, message: 'Bad request' });
      assert.equal((await fetch(url)).status, 400);
    });

    test('the client close packet ends a held poll with a noop and the session', async () => {
      const { handshake } = await pollingHandshake(server);
      const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
      const poll = fetch(url);
      await pollHeld(handshake.sid);
      assert.equal(await (await fetch(url, { method: 'POST', body: '1' })).text(), 'ok');
      assert.equal(await (await poll).text(), '6');
      assert.equal((await fetch(url)).status, 400);
    });
  });

  describe('raw WebSocket', () => {
    test('a WebSocket session gets the open packet first, without upgrades', async () => {
      const ws = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
      const open = await ws.message(0);
      assert.ok(open.startsWith('0'), open);
      const handshake = JSON.parse(open.slice(1));
      assert.deepEqual(handshake.upgrades, []);
      ws.send('40{"echo":true}');
      assert.match(await ws.message(1), /^40\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
      ws.send('42["echo",{"a":1}]');
      assert.equal(await ws.message(2), '42["echo",{"a":1}]');
      ws.close();
    });

    test('another namespace is refused as "Invalid namespace"; malformed packets close', async () => {
      const ws = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
      await ws.message(0);
      ws.send('40/admin,');
      assert.equal(await ws.message(1), '44/admin,{"message":"Invalid namespace"}');
      ws.send('42{}'); // an event must be an array
      await ws.closed;
    });

    test('binary events: attachments replace their placeholders as base64', async () => {
      const ws = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
      await ws.message(0);
      ws.send('40{"echo":true}');
      await ws.message(1);
      ws.send('452-7["echo",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
      ws.send(Buffer.from([1, 2, 3]));
      ws.send(Buffer.from([4, 5, 6]));
      const packets = [await ws.message(2), await ws.message(3)].sort();
      assert.deepEqual(packets, ['42["echo","AQID","BAUG"]', '437["AQID","BAUG"]']);
      ws.send('451-["echo",{"_placeholder":true,"num":0}]');
      ws.send('42["echo"]'); // text while an attachment is awaited: a protocol error
      await ws.closed;
    });

    test('upgrade from polling: 2probe, 3probe, the held poll ends with a noop, 5 switches', async () => {
      const { handshake } = await pollingHandshake(server);
      const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
      assert.equal(await (await fetch(url, { method: 'POST', body: '40{"echo":true}' })).text(), 'ok');
      assert.match(await (await fetch(url)).text(), /^40\{"sid"/);
      // Held or not yet arrived when the probe is answered, this poll ends with a noop.
      const poll = fetch(url);
      const ws = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket&sid=${handshake.sid}`);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send('2probe');
      assert.equal(await ws.message(0), '3probe');
      assert.equal(await (await poll).text(), '6');
      ws.send('5');
      ws.send('42["echo","via websocket"]');
      assert.equal(await ws.message(1), '42["echo","via websocket"]');
      // Polling is over for this session, and a second WebSocket is not let in.
      assert.equal((await fetch(url)).status, 400);
      const second = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket&sid=${handshake.sid}`);
      await second.closed;
      ws.close();
    });
  });
});

describe('socket.io heartbeat', () => {
  const PING_INTERVAL = 300;
  const PING_TIMEOUT = 400;
  let server;
  const sockets = [];

  before(async () => {
    server = await startServer({
      env: { ...ECHO_ENV, SWITCHBOARD_SOCKETIO_PING_INTERVAL: String(PING_INTERVAL), SWITCHBOARD_SOCKETIO_PING_TIMEOUT: String(PING_TIMEOUT) },
    });
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
  });

  test('an idle client stays connected past several ping intervals on either transport', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const socket = io(server.httpUrl, { forceNew: true, reconnection: false, auth: { echo: true }, transports });
      sockets.push(socket);
      let pings = 0;
      let disconnects = 0;
      socket.io.on('ping', () => { pings++; });
      socket.on('disconnect', () => { disconnects++; });
      await connected(socket);
      const id = socket.id;
      // Three pings answered: the connection sat idle for more than two intervals.
      await eventually(() => pings >= 3, { timeoutMs: 10 * PING_INTERVAL + 5000, what: `3 pings on ${transports[0]}` });
      assert.equal(disconnects, 0);
      assert.equal(socket.connected, true);
      assert.equal(socket.id, id);
      const echoed = nextEvent(socket, 'echo');
      socket.emit('echo', 'still here');
      assert.deepEqual(await echoed, ['still here']);
    }
  });

  test('a client that stops answering pings is closed after the ping timeout', async () => {
    const ws = rawSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    await ws.message(0);
    assert.equal(await ws.message(1, PING_INTERVAL + 2000), '2');
    const started = Date.now();
    await ws.closed; // no pong sent
    assert.ok(Date.now() - started < PING_TIMEOUT + 2000);

    const { handshake } = await pollingHandshake(server);
    const url = `${server.httpUrl}/socket.io/?EIO=4&transport=polling&sid=${handshake.sid}`;
    assert.equal(await (await fetch(url)).text(), '2');
    await eventually(async () => (await fetch(url)).status === 400, { timeoutMs: PING_TIMEOUT + 3000, what: 'the session to end' });
  });
});

describe('socket.io reconnection', () => {
  // Default transports wait for the upgrade first: if the server dies while the client probes the
  // WebSocket, socket.io-client keeps polling paused and only notices at its ping timeout.
  for (const transports of [['polling', 'websocket'], ['polling']]) {
    const settled = transports.at(-1);
    test(`the client reconnects by itself after the server restarts on the same port (${transports.join(', ')})`, async () => {
      let server = await startServer({ env: ECHO_ENV });
      const socket = io(server.httpUrl, {
        forceNew: true, transports, auth: { echo: true }, reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0,
      });
      try {
        await connected(socket);
        await eventually(() => socket.io.engine.transport.name === settled, { what: `the ${settled} transport` });
        const firstId = socket.id;
        const disconnected = nextEvent(socket, 'disconnect');
        const port = server.port;
        // A clean exit with live sessions: the layer tears down without crashing.
        assert.equal((await server.stop()).code, 0);
        await disconnected;
        server = await startServer({ env: ECHO_ENV, port });
        await nextEvent(socket, 'connect', 20000);
        assert.notEqual(socket.id, firstId);
        const echoed = nextEvent(socket, 'echo');
        socket.emit('echo', 'after restart');
        assert.deepEqual(await echoed, ['after restart']);
      } finally {
        socket.close();
        await server.stop();
      }
    });
  }
});
