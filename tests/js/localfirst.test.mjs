// Localfirst (PROTOCOLS.md section 2): the real @localfirst/relay 4.2.2 Client against the server,
// and the wire protocol driven directly with `ws` + msgpackr.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { pack, unpack } from 'msgpackr';
import { startServer, eventually } from './harness.mjs';
import { Client } from './localfirst-client.mjs';
import { openSocket, closeAll } from './ws-recorder.mjs';

// --- helpers ----------------------------------------------------------------------------------

// A list of events that tests can wait on.
class EventLog {
  constructor(label) {
    this.label = label;
    this.items = [];
    this.waiters = new Set();
  }

  push(item) {
    this.items.push(item);
    for (const waiter of this.waiters) waiter();
  }

  waitFor(check, { timeoutMs = 10000, what = 'event' } = {}) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check(this.items);
        if (value !== undefined && value !== false) {
          this.waiters.delete(attempt);
          clearTimeout(timer);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`${this.label}: timed out waiting for ${what}; got ${JSON.stringify(this.items.map(
          (i) => ({ ...i, socket: undefined, data: typeof i.data === 'string' ? i.data : i.data?.byteLength })))}`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  of(event) { return this.items.filter((i) => i.event === event); }
}

// Records a Client's events; every piped socket's messages are recorded from peer-connect on.
function watchClient(client, label) {
  const log = new EventLog(label);
  const sockets = new Map();
  client.on('server-connect', () => log.push({ event: 'server-connect' }));
  client.on('peer-connect', ({ peerId, documentId, socket }) => {
    sockets.set(`${peerId}\n${documentId}`, socket);
    socket.addEventListener('message', ({ data }) => {
      log.push({ event: 'message', peerId, documentId, data });
    });
    log.push({ event: 'peer-connect', peerId, documentId });
  });
  client.on('peer-disconnect', ({ peerId, documentId }) => log.push({ event: 'peer-disconnect', peerId, documentId }));
  log.socketTo = (peerId, documentId) => {
    const socket = sockets.get(`${peerId}\n${documentId}`);
    assert.ok(socket, `${label} has a socket to ${peerId}/${documentId}`);
    return socket;
  };
  log.messagesFrom = (peerId, documentId) => log.items
    .filter((i) => i.event === 'message' && i.peerId === peerId && i.documentId === documentId)
    .map((i) => i.data);
  return log;
}

// Compares what a piped socket of the real client received (string for text, ArrayBuffer for
// binary) with what was sent (string, or Uint8Array/Buffer for binary).
function assertSameMessages(received, sent, what) {
  assert.equal(received.length, sent.length, `${what}: number of messages`);
  sent.forEach((expected, i) => {
    const got = received[i];
    if (typeof expected === 'string') {
      assert.equal(typeof got, 'string', `${what}: message ${i} arrives as text`);
      assert.equal(got, expected, `${what}: message ${i} content`);
    } else {
      assert.ok(got instanceof ArrayBuffer, `${what}: message ${i} arrives as binary (got ${typeof got})`);
      assert.deepEqual(Buffer.from(got), Buffer.from(expected), `${what}: message ${i} bytes`);
    }
  });
}

const introduction = (peerId, documentIds) => ({ type: 'Introduction', peerId, documentIds });

// Reads the next frame of an introduction socket: it must be a binary msgpack map.
async function nextIntroduction(recorder) {
  const message = await recorder.next();
  assert.equal(message.isBinary, true, `${recorder.label}: introductions are binary frames`);
  return unpack(message.data);
}

async function getStats(server) {
  const response = await fetch(`${server.httpUrl}/stats`);
  assert.equal(response.status, 200);
  return response.json();
}

// --- the real client ----------------------------------------------------------------------------

describe('localfirst with the real @localfirst/relay Client', () => {
  let server;
  const clients = new Set();
  const newClient = (peerId, documentIds) => {
    const client = new Client({ peerId, url: server.wsUrl, documentIds });
    clients.add(client);
    return { client, log: watchClient(client, peerId) };
  };

  before(async () => { server = await startServer(); });
  afterEach(() => {
    for (const client of clients) client.disconnectServer();
    clients.clear();
  });
  after(async () => { await server?.stop(); });

  test('two peers on one document are introduced, and messages flow both ways intact', async () => {
    const alice = newClient('alice', ['doc-two']);
    const bob = newClient('bob', ['doc-two']);
    await alice.log.waitFor((items) => items.find((i) => i.event === 'peer-connect' && i.peerId === 'bob'),
      { what: 'alice: peer-connect for bob' });
    await bob.log.waitFor((items) => items.find((i) => i.event === 'peer-connect' && i.peerId === 'alice'),
      { what: 'bob: peer-connect for alice' });
    assert.deepEqual(alice.log.of('peer-connect'), [{ event: 'peer-connect', peerId: 'bob', documentId: 'doc-two' }]);
    assert.deepEqual(bob.log.of('peer-connect'), [{ event: 'peer-connect', peerId: 'alice', documentId: 'doc-two' }]);

    const fromAlice = [
      'hello bob',
      Uint8Array.from([0, 1, 2, 0x7f, 0x80, 0xc0, 0xfe, 0xff]),
      'ünïcödé ✓ 🚀',
      randomBytes(100 * 1024),
      '',
      new Uint8Array(0),
      '{"type":"Introduction"}',
      pack({ type: 'Join', documentIds: ['not-for-the-server'] }),
    ];
    const fromBob = [
      Uint8Array.from([9, 8, 7]),
      'hi alice',
      randomBytes(3000),
      'last',
    ];
    const aliceSocket = alice.log.socketTo('bob', 'doc-two');
    const bobSocket = bob.log.socketTo('alice', 'doc-two');
    for (const m of fromAlice) aliceSocket.send(m);
    for (const m of fromBob) bobSocket.send(m);

    await bob.log.waitFor(() => bob.log.messagesFrom('alice', 'doc-two').length >= fromAlice.length,
      { what: 'all messages from alice' });
    await alice.log.waitFor(() => alice.log.messagesFrom('bob', 'doc-two').length >= fromBob.length,
      { what: 'all messages from bob' });
    assertSameMessages(bob.log.messagesFrom('alice', 'doc-two'), fromAlice, 'alice -> bob');
    assertSameMessages(alice.log.messagesFrom('bob', 'doc-two'), fromBob, 'bob -> alice');
  });

  test('five peers on one document all connect to each other and all 20 messages arrive', async () => {
    const ids = ['p0', 'p1', 'p2', 'p3', 'p4'];
    const peers = ids.map((id) => ({ id, ...newClient(id, ['doc-five']) }));
    for (const peer of peers) {
      await peer.log.waitFor((items) => new Set(items.filter((i) => i.event === 'peer-connect')
        .map((i) => i.peerId)).size === 4, { what: `${peer.id}: peer-connect for the four others` });
      const connected = peer.log.of('peer-connect').map((i) => `${i.peerId}/${i.documentId}`).sort();
      assert.deepEqual(connected, ids.filter((id) => id !== peer.id).map((id) => `${id}/doc-five`),
        `${peer.id} connects once to each other peer`);
    }

    for (const peer of peers) {
      for (const other of ids) {
        if (other !== peer.id) peer.log.socketTo(other, 'doc-five').send(`${peer.id}->${other}`);
      }
    }
    let total = 0;
    for (const peer of peers) {
      await peer.log.waitFor((items) => items.filter((i) => i.event === 'message').length >= 4,
        { what: `${peer.id}: four messages` });
    }
    for (const peer of peers) {
      for (const other of ids) {
        if (other === peer.id) continue;
        assert.deepEqual(peer.log.messagesFrom(other, 'doc-five'), [`${other}->${peer.id}`],
          `${peer.id} got exactly the message of ${other}`);
        total += 1;
      }
      assert.equal(peer.log.of('message').length, 4, `${peer.id} got nothing else`);
    }
    assert.equal(total, 20);
  });
});

describe('localfirst: the real Client survives a server restart', () => {
  const workers = new Set();
  const servers = new Set();

  // One real Client per worker thread (see localfirst-peer-worker.mjs for why).
  function spawnPeer(peerId, url, documentIds) {
    const worker = new Worker(new URL('./localfirst-peer-worker.mjs', import.meta.url),
      { workerData: { peerId, url, documentIds } });
    workers.add(worker);
    const log = new EventLog(peerId);
    worker.on('message', (m) => log.push(m));
    worker.on('error', (error) => log.push({ event: 'worker-error', error: String(error) }));
    log.send = (to, documentId, data) => worker.postMessage({ cmd: 'send', peerId: to, documentId, data });
    log.count = (event) => log.of(event).length;
    return log;
  }

  after(async () => {
    await Promise.all([...workers].map((w) => w.terminate()));
    await Promise.all([...servers].map((s) => s.stop()));
  });

  test('both clients reconnect by themselves, are introduced again and messages flow again', async () => {
    const first = await startServer();
    servers.add(first);
    const { port } = first;
    const a = spawnPeer('restart-a', first.wsUrl, ['doc-restart']);
    const b = spawnPeer('restart-b', first.wsUrl, ['doc-restart']);

    await a.waitFor(() => a.count('peer-connect') === 1, { what: 'a: first peer-connect' });
    await b.waitFor(() => b.count('peer-connect') === 1, { what: 'b: first peer-connect' });
    a.send('restart-b', 'doc-restart', 'before restart');
    await b.waitFor((items) => items.find((i) => i.event === 'message' && i.data === 'before restart'),
      { what: 'b: message before the restart' });

    await first.stop();
    servers.delete(first);
    await a.waitFor(() => a.count('server-disconnect') >= 1 && a.count('peer-disconnect') >= 1,
      { what: 'a notices the server is gone' });
    await b.waitFor(() => b.count('server-disconnect') >= 1 && b.count('peer-disconnect') >= 1,
      { what: 'b notices the server is gone' });

    const second = await startServer({ port });
    servers.add(second);
    assert.equal(second.port, port);
    await a.waitFor(() => a.count('peer-connect') === 2, { what: 'a: peer-connect after restart', timeoutMs: 20000 });
    await b.waitFor(() => b.count('peer-connect') === 2, { what: 'b: peer-connect after restart', timeoutMs: 20000 });
    assert.ok(a.count('server-connect') >= 2 && b.count('server-connect') >= 2, 'both reconnected to the server');
    for (const log of [a, b]) {
      const errors = log.of('worker-error');
      assert.deepEqual(errors, [], `${log.label}: no worker errors`);
    }
    assert.deepEqual(a.of('peer-connect')[1], { event: 'peer-connect', peerId: 'restart-b', documentId: 'doc-restart' });
    assert.deepEqual(b.of('peer-connect')[1], { event: 'peer-connect', peerId: 'restart-a', documentId: 'doc-restart' });

    const bytes = Uint8Array.from([1, 2, 3, 250]);
    a.send('restart-b', 'doc-restart', 'after restart from a');
    a.send('restart-b', 'doc-restart', bytes.buffer.slice(0));
    b.send('restart-a', 'doc-restart', 'after restart from b');
    const afterRestart = (log) => log.items.filter((i) => i.event === 'message').slice(log === b ? 1 : 0);
    await b.waitFor(() => afterRestart(b).length >= 2, { what: 'b: messages after the restart' });
    await a.waitFor(() => afterRestart(a).length >= 1, { what: 'a: message after the restart' });
    assert.deepEqual(afterRestart(b).map((m) => [m.binary, m.binary ? [...new Uint8Array(m.data)] : m.data]),
      [[false, 'after restart from a'], [true, [1, 2, 3, 250]]]);
    assert.deepEqual(afterRestart(a).map((m) => [m.binary, m.data]), [[false, 'after restart from b']]);
  });
});

// --- the wire protocol --------------------------------------------------------------------------

describe('localfirst wire protocol', () => {
  let server;
  const sockets = new Set();
  const intro = (peerId) => openSocket(`${server.wsUrl}/introduction/${peerId}`, { label: peerId, track: sockets });
  const join = (recorder, documentIds) => recorder.sendBinary(pack({ type: 'Join', documentIds }));
  const leave = (recorder, documentIds) => recorder.sendBinary(pack({ type: 'Leave', documentIds }));

  before(async () => { server = await startServer(); });
  afterEach(async () => { await closeAll(sockets); });
  after(async () => { await server?.stop(); });

  test('msgpackr encodes maps, as the real client sends them', () => {
    // Guards the raw tests below: they must speak what @localfirst/relay speaks.
    const bytes = pack({ type: 'Join', documentIds: ['d'] });
    assert.ok(bytes[0] === 0xde || (bytes[0] & 0xf0) === 0x80, 'a msgpack map');
  });

  test('Join introduces overlapping peers to each other with the intersection', async () => {
    const p1 = await intro('raw-p1');
    const p2 = await intro('raw-p2');
    await join(p1, ['d1', 'd2', 'd3']);
    await p1.roundTrip();
    assert.equal(p1.unconsumed, 0, 'a lone peer is introduced to nobody');
    await join(p2, ['d4', 'd3', 'd2', 'd3']);

    // The joiner learns about the other with the intersection in its own order, the other learns
    // about the joiner with the same list.
    assert.deepEqual(await nextIntroduction(p2), introduction('raw-p1', ['d3', 'd2']));
    assert.deepEqual(await nextIntroduction(p1), introduction('raw-p2', ['d3', 'd2']));

    // Every Join re-introduces every overlapping pair, computed over the full sets.
    await join(p1, ['d4', 'd5']);
    // (Like the original, the list follows the joiner's order; both sides get the same list.)
    assert.deepEqual(await nextIntroduction(p1), introduction('raw-p2', ['d2', 'd3', 'd4']));
    assert.deepEqual(await nextIntroduction(p2), introduction('raw-p1', ['d2', 'd3', 'd4']));

    // A Join of ids the peer already has still re-introduces.
    await join(p2, ['d2']);
    assert.deepEqual(await nextIntroduction(p2), introduction('raw-p1', ['d4', 'd3', 'd2']));
    assert.deepEqual(await nextIntroduction(p1), introduction('raw-p2', ['d4', 'd3', 'd2']));
    assert.ok(p1.isOpen && p2.isOpen);
  });

  test('Leave stops future introductions for that document and notifies nobody', async () => {
    const p1 = await intro('leave-p1');
    const p2 = await intro('leave-p2');
    await join(p1, ['l1', 'l2']);
    await join(p2, ['l1']);
    assert.deepEqual(await nextIntroduction(p2), introduction('leave-p1', ['l1']));
    assert.deepEqual(await nextIntroduction(p1), introduction('leave-p2', ['l1']));

    await leave(p1, ['l1']);
    await p1.roundTrip();
    const p3 = await intro('leave-p3');
    await join(p3, ['l1', 'l2']);
    // p3 shares l1 with p2 only, and l2 with p1 only.
    const forP3 = [await nextIntroduction(p3), await nextIntroduction(p3)];
    assert.deepEqual(forP3.sort((x, y) => x.peerId.localeCompare(y.peerId)),
      [introduction('leave-p1', ['l2']), introduction('leave-p2', ['l1'])]);
    assert.deepEqual(await nextIntroduction(p1), introduction('leave-p3', ['l2']),
      'p1 is introduced for l2 only: it left l1');
    assert.deepEqual(await nextIntroduction(p2), introduction('leave-p3', ['l1']),
      'nobody was notified of the Leave: p2 next hears of p3');

    // After leaving everything shared, a Join on p3 introduces nobody to p1.
    await leave(p1, ['l2']);
    await p1.roundTrip();
    await join(p3, ['l9']);
    assert.deepEqual(await nextIntroduction(p3), introduction('leave-p2', ['l1']));
    assert.deepEqual(await nextIntroduction(p2), introduction('leave-p3', ['l1']));
    // A sentinel shows p1 received nothing in between.
    await join(p1, ['l9']);
    assert.deepEqual(await nextIntroduction(p1), introduction('leave-p3', ['l9']));
    assert.ok(p1.isOpen && p2.isOpen && p3.isOpen);
  });

  test('malformed frames are ignored, the socket stays open and a later Join still works', async () => {
    const other = await intro('mal-other');
    await join(other, ['m-text', 'm1']);
    const p = await intro('mal-p');
    const garbage = randomBytes(200);
    garbage[0] = 0xc1; // never valid msgpack
    const frames = [
      Buffer.from([0xc0]), // a lone nil (crashes the original)
      pack({ type: 'Leave' }), // Leave without documentIds (crashes the original)
      pack({ type: 'Join' }), // Join without documentIds
      pack({ type: 'Join', documentIds: null }),
      pack({ type: 'Join', documentIds: [1, 2] }), // not strings
      pack(null),
      pack(['Join', ['m1']]),
      pack('Join'),
      pack({ documentIds: ['m1'] }), // no type
      Buffer.from([0x82, 0xa4]), // truncated map
      garbage,
      randomBytes(1000),
      Buffer.alloc(0),
      pack({ type: 'Heartbeat' }),
      pack({ type: '❤️' }),
      pack({ type: 'SomethingNewer', documentIds: ['m1'] }),
    ];
    for (const frame of frames) await p.sendBinary(frame);
    // A JSON text Join must be ignored too (the protocol is msgpack only).
    await p.sendText(JSON.stringify({ type: 'Join', documentIds: ['m-text'] }));
    await p.roundTrip();
    assert.equal(p.isOpen, true, 'still open after malformed frames');
    assert.equal(p.closeInfo, null);
    assert.equal(p.unconsumed, 0, 'no reply to malformed frames');
    assert.equal(other.unconsumed, 0, 'nobody was introduced by a malformed frame');

    await join(p, ['m1']);
    // Had the text Join counted, the intersection would include m-text.
    assert.deepEqual(await nextIntroduction(p), introduction('mal-other', ['m1']));
    assert.deepEqual(await nextIntroduction(other), introduction('mal-p', ['m1']));
    assert.equal(p.isOpen, true);
  });

  test('duplicate peerId: the newer socket wins and the older close does not erase it', async () => {
    const old = await intro('dup-peer');
    await join(old, ['dup-doc']);
    await old.roundTrip();
    const newer = await intro('dup-peer');
    await old.closed(); // closed by the server, not by us
    assert.equal(newer.isOpen, true, 'the newer socket stays open');

    await join(newer, ['dup-doc']);
    await newer.roundTrip();
    const later = await intro('dup-later');
    await join(later, ['dup-doc']);
    assert.deepEqual(await nextIntroduction(later), introduction('dup-peer', ['dup-doc']));
    assert.deepEqual(await nextIntroduction(newer), introduction('dup-later', ['dup-doc']));
    assert.equal(old.unconsumed, 0, 'the old socket got nothing');
  });

  test('duplicate peerId: the old socket closing by itself does not erase the newer registration', async () => {
    // The client drops its old socket itself right after the newer one joined (racing the server,
    // which closes it too). The original server lets this close delete the newer registration.
    const old = await intro('dup2-peer');
    await join(old, ['dup2-doc']);
    await old.roundTrip();
    const newer = await intro('dup2-peer');
    await join(newer, ['dup2-doc']);
    old.ws.close(1000, 'client closes its old socket');
    await newer.roundTrip();
    await old.closed();
    // A further round trip after the old socket's close, so the server has processed it.
    await newer.roundTrip();
    const later = await intro('dup2-later');
    await join(later, ['dup2-doc']);
    assert.deepEqual(await nextIntroduction(later), introduction('dup2-peer', ['dup2-doc']),
      'the later peer is introduced to the newer registration');
    assert.deepEqual(await nextIntroduction(newer), introduction('dup2-later', ['dup2-doc']));
    assert.equal(newer.isOpen, true);
  });

  test('/connection pipe: early frames are delivered in order and unchanged, then live frames both ways', async () => {
    const first = await openSocket(`${server.wsUrl}/connection/pipe-a/pipe-b/pipe-doc`,
      { label: 'pipe-a', track: sockets });
    const early = [
      { data: Buffer.from('early text 1'), isBinary: false },
      { data: Buffer.from([0x00, 0x01, 0xfe, 0xff]), isBinary: true },
      { data: Buffer.from('{"type":"Join","documentIds":["x"]}'), isBinary: false },
      { data: Buffer.from(pack({ type: 'Introduction', peerId: 'x', documentIds: ['y'] })), isBinary: true },
      { data: randomBytes(64 * 1024), isBinary: true },
      { data: Buffer.from(''), isBinary: false },
      { data: Buffer.alloc(0), isBinary: true },
      { data: Buffer.from('ünïcödé ✓'), isBinary: false },
    ];
    for (const m of early) await first.send(m.data, { binary: m.isBinary });
    await first.roundTrip(); // the server has read them all while the first arrival waits
    assert.equal(first.unconsumed, 0, 'no server messages on a /connection socket');

    const second = await openSocket(`${server.wsUrl}/connection/pipe-b/pipe-a/pipe-doc`,
      { label: 'pipe-b', track: sockets });
    const delivered = await second.take(early.length);
    delivered.forEach((m, i) => {
      assert.equal(m.isBinary, early[i].isBinary, `early frame ${i}: type preserved`);
      assert.deepEqual(m.data, early[i].data, `early frame ${i}: bytes unchanged`);
    });

    await second.sendText('live from b');
    await second.sendBinary(Buffer.from([42, 43]));
    await first.sendText('live from a');
    await first.sendBinary(Buffer.from([7]));
    const atFirst = await first.take(2);
    assert.deepEqual(atFirst.map((m) => [m.isBinary, m.data]),
      [[false, Buffer.from('live from b')], [true, Buffer.from([42, 43])]]);
    const atSecond = await second.take(2);
    assert.deepEqual(atSecond.map((m) => [m.isBinary, m.data]),
      [[false, Buffer.from('live from a')], [true, Buffer.from([7])]]);

    first.ws.close(1000, 'done');
    await second.closed();
    await first.closed();
    assert.equal(second.unconsumed, 0, 'nothing else was delivered');
  });

  test('/connection pipe: closing the later side, or dropping it, closes the other', async () => {
    const a1 = await openSocket(`${server.wsUrl}/connection/pc-a/pc-b/pc-doc1`, { label: 'pc-a1', track: sockets });
    const b1 = await openSocket(`${server.wsUrl}/connection/pc-b/pc-a/pc-doc1`, { label: 'pc-b1', track: sockets });
    await b1.sendText('ping');
    assert.equal((await a1.next()).data.toString(), 'ping');
    b1.ws.close(1000);
    await a1.closed();

    const a2 = await openSocket(`${server.wsUrl}/connection/pc-a/pc-b/pc-doc2`, { label: 'pc-a2', track: sockets });
    const b2 = await openSocket(`${server.wsUrl}/connection/pc-b/pc-a/pc-doc2`, { label: 'pc-b2', track: sockets });
    await a2.sendBinary(Buffer.from([1]));
    assert.deepEqual((await b2.next()).data, Buffer.from([1]));
    a2.ws.terminate(); // no close frame: a dropped TCP connection
    await b2.closed();
  });

  test('GET / serves a page and unknown WebSocket paths of the service are refused', async () => {
    const response = await fetch(`${server.httpUrl}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    await response.text();
    for (const path of ['/introduction/', '/introduction/a/b', '/connection/a/b', '/connection/a//c']) {
      const refused = await openSocket(`${server.wsUrl}${path}`, { label: path, track: sockets })
        .then((r) => r.closed(), (error) => ({ error }));
      assert.ok(refused.error || refused.code !== 1000,
        `${path} is refused (${JSON.stringify(refused.error?.message ?? refused)})`);
    }
  });
});

describe('localfirst limits and stats', () => {
  const sockets = new Set();
  const servers = new Set();
  afterEach(async () => { await closeAll(sockets); });
  after(async () => { await Promise.all([...servers].map((s) => s.stop())); });

  test('a lone /connection socket is closed at the peer wait limit, and the reason says so', async () => {
    const server = await startServer({ args: ['--peer-wait-timeout', '1'] });
    servers.add(server);
    const started = Date.now();
    const lone = await openSocket(`${server.wsUrl}/connection/wait-a/wait-b/wait-doc`, { label: 'lone', track: sockets });
    const { code, reason } = await lone.closed({ timeoutMs: 10000 });
    const elapsed = Date.now() - started;
    assert.match(reason, /peer wait limit/, `close reason (code ${code}): "${reason}"`);
    assert.ok(elapsed >= 900, `closed after the limit, not before (${elapsed} ms)`);
    assert.ok(elapsed < 5000, `closed soon after the limit (${elapsed} ms)`);
  });

  test('/stats shows the piped session, counts its bytes, and ends it when both close', async () => {
    const server = await startServer();
    servers.add(server);
    const before = (await getStats(server)).services.localfirst;
    assert.equal(before.activeSessions, 0);

    const a = await openSocket(`${server.wsUrl}/connection/st-a/st-b/st-doc`, { label: 'st-a', track: sockets });
    const b = await openSocket(`${server.wsUrl}/connection/st-b/st-a/st-doc`, { label: 'st-b', track: sockets });
    const payloads = [[a, Buffer.alloc(1000, 1), true], [b, Buffer.from('hello'), false], [a, randomBytes(4096), true]];
    let sent = 0;
    for (const [socket, data, binary] of payloads) {
      await socket.send(data, { binary });
      sent += data.length;
    }
    await b.take(2);
    await a.take(1);

    const during = await eventually(async () => {
      const s = (await getStats(server)).services.localfirst;
      return s.bytesIn - before.bytesIn >= sent ? s : undefined;
    }, { what: 'bytesIn to count the piped bytes' });
    assert.equal(during.activeSessions, 1, 'one active session while piped');
    assert.equal(during.sessionsStarted - before.sessionsStarted, 1, 'one session started');
    assert.equal(during.bytesIn - before.bytesIn, sent, 'bytesIn grew by what was sent');

    a.ws.close(1000);
    await b.closed();
    await a.closed();
    await eventually(async () => ((await getStats(server)).services.localfirst.activeSessions === 0),
      { what: 'activeSessions back to 0' });
  });
});
