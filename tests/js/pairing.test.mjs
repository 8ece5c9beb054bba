// Pairing (PROTOCOLS.md section 3): `ws` clients that talk like the p2p-copy Python client.
//
// How p2p-copy talks (read from its public source, mimicked here with our own code):
// - It connects to the URL the user gives, with max_size 2**21 and no compression.
// - First frame: text `{"type":"hello","code_hash_hex":...,"role":"sender"|"receiver"}` (compact
//   JSON). The hash is sha256(code) hex, or Argon2id(code) hex when encrypting.
// - The sender then waits for the text frame `{"type":"ready"}` before anything else; the receiver
//   just reads frames after its hello.
// - Sender, encrypted mode: text `enc_manifest` {nonce, hidden_manifest}, then per file a text
//   `enc_file` {hidden_file}, binary chunks, text `{"type":"file_eof"}`; finally `{"type":"eof"}`.
// - A chunk is [seq: uint64 BE | chain: 32 bytes | AES-GCM ciphertext of up to 1 MiB + 16 byte tag]
//   = 1 MiB + 56 bytes, where chain = sha256(previous chain || plaintext) and the 32-byte GCM nonce
//   comes from a second sha256 chain seeded with the manifest's random nonce.
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { startServer, eventually } from './harness.mjs';
import { openSocket, closeAll, asText } from './ws-recorder.mjs';

const MiB = 1024 * 1024;
const READY = '{"type":"ready"}';
const MAX_MESSAGE = 2 * MiB;

// --- a p2p-copy-like client ---------------------------------------------------------------------

const helloFrame = (codeHash, role) => JSON.stringify({ type: 'hello', code_hash_hex: codeHash, role });
let codeCounter = 0;
// A fresh code hash per use, like sha256(code phrase) hex.
const newCodeHash = () => createHash('sha256').update(`code-${process.pid}-${++codeCounter}-${Math.random()}`).digest('hex');

class Chain {
  constructor(seed = Buffer.alloc(0)) { this.prev = seed; }
  next(payload = Buffer.alloc(0)) {
    this.prev = createHash('sha256').update(this.prev).update(payload).digest();
    return this.prev;
  }
}

// AES-256-GCM with 32-byte nonces from a sha256 chain, as the p2p-copy SecurityHandler does. (The
// key here comes from scrypt; p2p-copy uses Argon2id, which node:crypto lacks in Node 22.)
class Crypto {
  constructor(code) {
    this.key = scryptSync(code, 'cipher used for E2E-encryption', 32);
    this.nonces = new Chain();
  }
  encrypt(plain) {
    const cipher = createCipheriv('aes-256-gcm', this.key, this.nonces.next());
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }
  decrypt(sealed) {
    const decipher = createDecipheriv('aes-256-gcm', this.key, this.nonces.next());
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  }
}

const packChunk = (seq, chain, payload) => {
  const header = Buffer.alloc(40);
  header.writeBigUInt64BE(BigInt(seq), 0);
  chain.copy(header, 8);
  return Buffer.concat([header, payload]);
};

// --- tests --------------------------------------------------------------------------------------

describe('pairing', () => {
  let server;
  const sockets = new Set();
  // Most tests use a path of their own; the root path has a test of its own below.
  const open = (label, path = '/p2p') => openSocket(`${server.wsUrl}${path}`, { label, track: sockets });
  // Connects and sends the hello, like p2p-copy does right after connecting.
  const join = async (role, codeHash, { path = '/p2p', label = role, hello } = {}) => {
    const socket = await open(label, path);
    await socket.sendText(hello ?? helloFrame(codeHash, role));
    return socket;
  };
  const expectReady = async (sender) => {
    const message = await sender.next();
    assert.equal(message.isBinary, false, 'ready is a text frame');
    assert.equal(asText(message), READY);
  };
  const expectText = async (socket, text) => {
    const message = await socket.next();
    assert.equal(message.isBinary, false, `${socket.label}: a text frame`);
    assert.equal(asText(message), text, `${socket.label}: text`);
  };

  before(async () => { server = await startServer(); });
  afterEach(async () => { await closeAll(sockets); });
  after(async () => { await server?.stop(); });

  for (const senderFirst of [true, false]) {
    test(`${senderFirst ? 'sender first, then receiver' : 'receiver first, then sender'}: ready reaches the sender only, exactly once`, async () => {
      const hash = newCodeHash();
      const firstRole = senderFirst ? 'sender' : 'receiver';
      const first = await join(firstRole, hash);
      await first.roundTrip(); // the server holds the first one before the second arrives
      assert.equal(first.unconsumed, 0, 'nothing is sent to a waiting client');
      const second = await join(senderFirst ? 'receiver' : 'sender', hash);
      const sender = senderFirst ? first : second;
      const receiver = senderFirst ? second : first;

      await expectReady(sender);
      // Each side's next frame is the other's first data: no second ready, no ready to the receiver.
      await receiver.sendText('{"type":"receiver_manifest","entries":[]}');
      await sender.sendText('{"type":"manifest","resume":false,"entries":[]}');
      await expectText(sender, '{"type":"receiver_manifest","entries":[]}');
      await expectText(receiver, '{"type":"manifest","resume":false,"entries":[]}');
      await sender.roundTrip();
      await receiver.roundTrip();
      assert.equal(sender.unconsumed + receiver.unconsumed, 0, 'nothing else arrived');
    });
  }

  test(`a 256 MiB transfer in 1 MiB + 56 byte chunks arrives exactly, chain hashes equal`, { timeout: 300000 }, async (t) => {
    const totalMiB = Number(process.env.PAIRING_TRANSFER_MIB ?? 256);
    const code = `transfer-${process.pid}-${Math.random()}`;
    const hash = scryptSync(code, 'code_hash used for hello-match', 32).toString('hex');

    const receiver = await join('receiver', hash, { label: 'receiver' });
    await receiver.roundTrip();
    // The receiver processes frames as they come (nothing of 256 MiB is kept).
    receiver.recording = false;
    const rx = {
      crypto: new Crypto(code), chain: new Chain(), wire: new Chain(), seq: 0, bytes: 0,
      phase: 'manifest', error: null, done: null,
    };
    rx.finished = new Promise((resolve) => { rx.done = resolve; });
    receiver.ws.on('message', (data, isBinary) => {
      if (rx.error || rx.phase === 'done') return;
      try {
        rx.wire.next(Buffer.concat([Buffer.from([isBinary ? 1 : 0]), data]));
        if (isBinary) {
          assert.equal(rx.phase, 'chunks', 'a chunk only after the file header');
          assert.equal(data.length, MiB + 56, `chunk ${rx.seq}: exact length`);
          assert.equal(data.readBigUInt64BE(0), BigInt(rx.seq), 'chunks in order');
          const plain = rx.crypto.decrypt(data.subarray(40));
          assert.deepEqual(rx.chain.next(plain), data.subarray(8, 40), `chunk ${rx.seq}: chain hash`);
          rx.seq += 1;
          rx.bytes += plain.length;
          return;
        }
        const message = JSON.parse(data.toString());
        if (rx.phase === 'manifest') {
          assert.equal(message.type, 'enc_manifest');
          rx.crypto.nonces.next(Buffer.from(message.nonce, 'hex'));
          rx.manifest = JSON.parse(rx.crypto.decrypt(Buffer.from(message.hidden_manifest, 'hex')).toString());
          rx.phase = 'file';
        } else if (rx.phase === 'file') {
          assert.equal(message.type, 'enc_file');
          rx.file = JSON.parse(rx.crypto.decrypt(Buffer.from(message.hidden_file, 'hex')).toString());
          rx.phase = 'chunks';
        } else if (rx.phase === 'chunks') {
          assert.deepEqual(message, { type: 'file_eof' });
          rx.phase = 'eof';
        } else if (rx.phase === 'eof') {
          assert.deepEqual(message, { type: 'eof' });
          rx.phase = 'done';
          rx.done();
        }
      } catch (error) {
        rx.error = error;
        rx.done();
      }
    });

    const sender = await join('sender', hash, { label: 'sender' });
    await expectReady(sender);
    const started = process.hrtime.bigint();
    const tx = { crypto: new Crypto(code), chain: new Chain(), wire: new Chain() };
    const inFlight = [];
    // Backpressure: at most 4 frames not yet handed to the kernel.
    const send = async (data, binary) => {
      tx.wire.next(Buffer.concat([Buffer.from([binary ? 1 : 0]), Buffer.from(data)]));
      inFlight.push(sender.send(data, { binary }));
      if (inFlight.length >= 4) await inFlight.shift();
    };
    const manifest = { type: 'manifest', resume: false, entries: [{ path: 'big.bin', size: totalMiB * MiB }] };
    const startNonce = randomBytes(32);
    tx.crypto.nonces.next(startNonce);
    await send(JSON.stringify({
      type: 'enc_manifest', nonce: startNonce.toString('hex'),
      hidden_manifest: tx.crypto.encrypt(Buffer.from(JSON.stringify(manifest))).toString('hex'),
    }), false);
    const fileHeader = { type: 'file', path: 'big.bin', size: totalMiB * MiB, compression: 'none', append_from: 0 };
    await send(JSON.stringify({
      type: 'enc_file', hidden_file: tx.crypto.encrypt(Buffer.from(JSON.stringify(fileHeader))).toString('hex'),
    }), false);
    const plain = randomBytes(MiB);
    for (let seq = 0; seq < totalMiB; seq++) {
      plain.writeUInt32BE(seq, 0); // every chunk differs
      const sealed = tx.crypto.encrypt(plain);
      await send(packChunk(seq, tx.chain.next(plain), sealed), true);
    }
    await send('{"type":"file_eof"}', false);
    await send('{"type":"eof"}', false);
    await Promise.all(inFlight);

    await rx.finished;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (rx.error) throw rx.error;
    assert.equal(rx.phase, 'done');
    assert.equal(rx.seq, totalMiB, 'every chunk arrived');
    assert.equal(rx.bytes, totalMiB * MiB);
    assert.deepEqual(rx.manifest, manifest);
    assert.deepEqual(rx.file, fileHeader);
    assert.deepEqual(rx.chain.prev, tx.chain.prev, 'data chain hashes equal');
    assert.deepEqual(rx.wire.prev, tx.wire.prev, 'chain over every frame (type and bytes) equal');
    assert.equal(sender.messages.length, 1, 'the sender received only ready');
    assert.equal(receiver.unrecorded, totalMiB + 4, 'the receiver got exactly the frames sent');

    const line = `pairing transfer: ${totalMiB} MiB in ${seconds.toFixed(2)} s = `
      + `${(totalMiB * MiB / 1e6 / seconds).toFixed(1)} MB/s (${(totalMiB / seconds).toFixed(1)} MiB/s), `
      + 'including AES-GCM and SHA-256 on both ends in this process';
    console.log(line);
    t.diagnostic(line);
  });

  test('data sent right after the hello, before pairing, reaches the receiver after pairing', async () => {
    const early = [
      { data: Buffer.from('{"type":"manifest","resume":false,"entries":[{"path":"a","size":3}]}'), isBinary: false },
      { data: randomBytes(MiB + 56), isBinary: true },
      { data: Buffer.from([0, 1, 2]), isBinary: true },
      { data: Buffer.from('{"type":"file_eof"}'), isBinary: false },
    ];
    const check = async (receiver) => {
      const got = await receiver.take(early.length);
      got.forEach((m, i) => {
        assert.equal(m.isBinary, early[i].isBinary, `early frame ${i}: type`);
        assert.equal(m.data.length, early[i].data.length, `early frame ${i}: length`);
        assert.deepEqual(m.data, early[i].data, `early frame ${i}: bytes`);
      });
    };

    // Sender waiting: its early frames are held until the receiver arrives.
    const hashA = newCodeHash();
    const senderA = await join('sender', hashA, { label: 'sender-a' });
    for (const m of early) await senderA.send(m.data, { binary: m.isBinary });
    await senderA.roundTrip();
    const receiverA = await join('receiver', hashA, { label: 'receiver-a' });
    await expectReady(senderA);
    await check(receiverA);

    // Sender arriving second, sending without waiting for ready.
    const hashB = newCodeHash();
    const receiverB = await join('receiver', hashB, { label: 'receiver-b' });
    await receiverB.roundTrip();
    const senderB = await open('sender-b');
    senderB.ws.send(helloFrame(hashB, 'sender'));
    for (const m of early) senderB.ws.send(m.data, { binary: m.isBinary });
    await expectReady(senderB);
    await check(receiverB);

    // Receiver waiting and sending early: the sender gets ready first, then that data.
    const hashC = newCodeHash();
    const receiverC = await join('receiver', hashC, { label: 'receiver-c' });
    await receiverC.sendText('{"type":"receiver_manifest","entries":[]}');
    await receiverC.sendBinary(Buffer.from([5, 6, 7]));
    await receiverC.roundTrip();
    const senderC = await join('sender', hashC, { label: 'sender-c' });
    await expectReady(senderC);
    await expectText(senderC, '{"type":"receiver_manifest","entries":[]}');
    const binary = await senderC.next();
    assert.equal(binary.isBinary, true);
    assert.deepEqual(binary.data, Buffer.from([5, 6, 7]));
  });

  const rejections = [
    ['a binary first frame', Buffer.from(helloFrame('abc', 'sender')), true, 'First frame must be hello text'],
    ['invalid JSON', '{"type":"hello",', false, 'Bad hello json'],
    ['text that is not JSON', 'hello', false, 'Bad hello json'],
    ['an empty text frame', '', false, 'Bad hello json'],
    ['type not hello', '{"type":"helo","code_hash_hex":"abc","role":"sender"}', false, 'First frame must be hello'],
    ['no type', '{"code_hash_hex":"abc","role":"sender"}', false, 'First frame must be hello'],
    ['an empty hash', '{"type":"hello","code_hash_hex":"","role":"sender"}', false, 'Bad hello'],
    ['no hash', '{"type":"hello","role":"receiver"}', false, 'Bad hello'],
    ['an unknown role', '{"type":"hello","code_hash_hex":"abc","role":"watcher"}', false, 'Bad hello'],
    ['no role', '{"type":"hello","code_hash_hex":"abc"}', false, 'Bad hello'],
    ['JSON array [1,2]', '[1,2]', false, 'Bad hello'],
    ['JSON string "x"', '"x"', false, 'Bad hello'],
    ['JSON number 5', '5', false, 'Bad hello'],
    ['JSON null', 'null', false, 'Bad hello'],
    ['JSON true', 'true', false, 'Bad hello'],
  ];
  for (const [what, frame, binary, reason] of rejections) {
    test(`rejects ${what} with 1002 "${reason}"`, async () => {
      const socket = await open(what);
      await socket.send(frame, { binary });
      const closed = await socket.closed();
      assert.deepEqual(closed, { code: 1002, reason });
      assert.equal(socket.unconsumed, 0, 'no frame before the close');
    });
  }

  test('extra hello fields are ignored', async () => {
    const hash = newCodeHash();
    const hello = (role) => JSON.stringify({ type: 'hello', code_hash_hex: hash, role, protocol_version: 1, extra: { a: [1] } });
    const receiver = await join('receiver', hash, { hello: hello('receiver') });
    await receiver.roundTrip();
    const sender = await join('sender', hash, { hello: hello('sender') });
    await expectReady(sender);
  });

  for (const role of ['sender', 'receiver']) {
    test(`two ${role}s for one hash are both closed with 1013 "Duplicate role for code"`, async () => {
      const hash = newCodeHash();
      const first = await join(role, hash, { label: `${role}-1` });
      await first.roundTrip();
      const second = await join(role, hash, { label: `${role}-2` });
      assert.deepEqual(await second.closed(), { code: 1013, reason: 'Duplicate role for code' });
      assert.deepEqual(await first.closed(), { code: 1013, reason: 'Duplicate role for code' });
      // The code is free again afterwards.
      const receiver = await join('receiver', hash, { label: 'receiver-after' });
      await receiver.roundTrip();
      const sender = await join('sender', hash, { label: 'sender-after' });
      await expectReady(sender);
    });
  }

  test('a third connection after a completed pairing waits on its own; a fourth pairs with it', async () => {
    const hash = newCodeHash();
    const receiver = await join('receiver', hash, { label: 'receiver-1' });
    await receiver.roundTrip();
    const sender = await join('sender', hash, { label: 'sender-1' });
    await expectReady(sender);

    // A second sender for the same code: not a duplicate of the running pair, not joined to it.
    const third = await join('sender', hash, { label: 'sender-2' });
    await third.roundTrip();
    assert.equal(third.isOpen, true, 'the third connection waits');
    await third.sendText('from the third');
    await third.roundTrip();
    // The running pair keeps working and hears nothing of the third.
    await sender.sendText('pair-1 data');
    await expectText(receiver, 'pair-1 data');
    await receiver.sendText('pair-1 reply');
    await expectText(sender, 'pair-1 reply');
    assert.equal(third.unconsumed, 0, 'the third got nothing from the running pair');

    const fourth = await join('receiver', hash, { label: 'receiver-2' });
    await expectReady(third);
    await expectText(fourth, 'from the third');
    await fourth.sendBinary(Buffer.from([4]));
    const atThird = await third.next();
    assert.deepEqual([atThird.isBinary, atThird.data], [true, Buffer.from([4])]);
    // And the first pair is still separate.
    await sender.sendText('pair-1 again');
    await expectText(receiver, 'pair-1 again');
    await receiver.roundTrip();
    await fourth.roundTrip();
    assert.equal(fourth.unconsumed + receiver.unconsumed, 0, 'no crosstalk between the pairs');
  });

  for (const from of ['sender', 'receiver']) {
    test(`exactly 2 MiB from the ${from} is accepted; over 2 MiB closes it with 1009 and the other with 1000`, async () => {
      const hash = newCodeHash();
      const receiver = await join('receiver', hash);
      await receiver.roundTrip();
      const sender = await join('sender', hash);
      await expectReady(sender);
      const [source, sink] = from === 'sender' ? [sender, receiver] : [receiver, sender];

      const exact = randomBytes(MAX_MESSAGE);
      await source.sendBinary(exact);
      const got = await sink.next({ timeoutMs: 20000 });
      assert.equal(got.isBinary, true);
      assert.equal(got.data.length, MAX_MESSAGE);
      assert.deepEqual(got.data, exact);
      const exactText = 'x'.repeat(MAX_MESSAGE);
      await source.sendText(exactText);
      const gotText = await sink.next({ timeoutMs: 20000 });
      assert.equal(gotText.isBinary, false);
      assert.equal(gotText.data.length, MAX_MESSAGE);

      source.ws.send(randomBytes(MAX_MESSAGE + 1), { binary: true }, () => {});
      const closedSource = await source.closed({ timeoutMs: 20000 });
      assert.equal(closedSource.code, 1009, `the oversized side gets 1009 (got ${JSON.stringify(closedSource)})`);
      const closedSink = await sink.closed({ timeoutMs: 20000 });
      assert.equal(closedSink.code, 1000, `the other side gets 1000 (got ${JSON.stringify(closedSink)})`);
      assert.equal(sink.unconsumed, 0, 'nothing of the oversized message was forwarded');
    });
  }

  const endings = [
    ['the sender closes', 'sender', (s) => s.ws.close(1000, 'done')],
    ['the receiver closes with 1001', 'receiver', (s) => s.ws.close(1001, 'going away')],
    ['the sender drops its TCP connection', 'sender', (s) => s.ws.terminate()],
    ['the receiver drops its TCP connection', 'receiver', (s) => s.ws.terminate()],
  ];
  for (const [what, role, end] of endings) {
    test(`when ${what}, the other side is closed with 1000`, async () => {
      const hash = newCodeHash();
      const receiver = await join('receiver', hash);
      await receiver.roundTrip();
      const sender = await join('sender', hash);
      await expectReady(sender);
      await sender.sendText('{"type":"eof"}');
      await expectText(receiver, '{"type":"eof"}');
      const [ending, other] = role === 'sender' ? [sender, receiver] : [receiver, sender];
      end(ending);
      const closed = await other.closed();
      assert.equal(closed.code, 1000, `the other side's close: ${JSON.stringify(closed)}`);
    });
  }

  test('WebSocket pings are answered before the hello, while waiting and while paired', async () => {
    const hash = newCodeHash();
    const sender = await open('sender');
    await sender.roundTrip(); // before the hello: a ping is not the first frame
    await sender.sendText(helloFrame(hash, 'sender'));
    await sender.roundTrip(); // waiting
    const receiver = await join('receiver', hash);
    await expectReady(sender); // the hello after a ping was accepted
    await sender.roundTrip(); // paired
    await receiver.roundTrip();
    assert.equal(sender.pongs, 3);
    assert.equal(receiver.pongs, 1);
  });

  test('a plain HTTP GET on an arbitrary path gets 426', async () => {
    for (const path of ['/some/arbitrary/path', '/p2p', '/x?code=abc']) {
      const response = await fetch(`${server.httpUrl}${path}`);
      await response.arrayBuffer();
      assert.equal(response.status, 426, `GET ${path}`);
    }
  });

  test('any path works: clients on different paths pair by hash alone', async () => {
    const hash = newCodeHash();
    const receiver = await join('receiver', hash, { path: '/some/path?x=1' });
    await receiver.roundTrip();
    const sender = await join('sender', hash, { path: '/deeply/nested/path/' });
    await expectReady(sender);
    await sender.sendBinary(Buffer.from([1, 2, 3]));
    assert.deepEqual((await receiver.next()).data, Buffer.from([1, 2, 3]));
  });

  test('the root path works: ws://host:port (how the p2p-copy docs give the relay URL)', async () => {
    const hash = newCodeHash();
    const receiver = await join('receiver', hash, { path: '' }); // ws://127.0.0.1:port
    await receiver.roundTrip();
    const sender = await join('sender', hash, { path: '/' });
    await expectReady(sender);
    await sender.sendBinary(Buffer.from([1, 2, 3]));
    assert.deepEqual((await receiver.next()).data, Buffer.from([1, 2, 3]));
  });
});

describe('pairing /stats', () => {
  let server;
  const sockets = new Set();
  before(async () => { server = await startServer(); });
  after(async () => {
    await closeAll(sockets);
    await server?.stop();
  });

  test('a pairing session appears while paired, counts its bytes and ends with the pair', async () => {
    const stats = async () => {
      const response = await fetch(`${server.httpUrl}/stats`);
      assert.equal(response.status, 200);
      return (await response.json()).services.pairing;
    };
    const base = await stats();
    assert.equal(base.activeSessions, 0);

    const hash = newCodeHash();
    const receiver = await openSocket(`${server.wsUrl}/p2p`, { label: 'receiver', track: sockets });
    await receiver.sendText(helloFrame(hash, 'receiver'));
    await receiver.roundTrip();
    const sender = await openSocket(`${server.wsUrl}/p2p`, { label: 'sender', track: sockets });
    await sender.sendText(helloFrame(hash, 'sender'));
    assert.equal(asText(await sender.next()), READY);

    const payload = randomBytes(10000);
    await sender.sendBinary(payload);
    await receiver.next();
    const during = await eventually(async () => {
      const s = await stats();
      return s.bytesIn - base.bytesIn >= payload.length ? s : undefined;
    }, { what: 'pairing bytesIn' });
    assert.equal(during.activeSessions, 1, 'one active pairing session');
    assert.equal(during.sessionsStarted - base.sessionsStarted, 1, 'one session started');
    // `ready` is generated by the relay, not sent by a client.
    assert.equal(during.bytesIn - base.bytesIn, payload.length, 'bytesIn grew by what was sent');

    sender.ws.close(1000);
    await receiver.closed();
    await sender.closed();
    await eventually(async () => ((await stats()).activeSessions === 0), { what: 'activeSessions back to 0' });
  });
});
