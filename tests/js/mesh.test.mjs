// Mesh (PROTOCOLS.md section 4, the Atmosphere relay): both dialects driven end to end with the
// real `ws` client, Ed25519 founder proofs and signed tokens made with node:crypto, and the holes
// of the original that Switchboard closes.
//
// Ordering trick used throughout instead of sleeps: the server handles frames one at a time and
// each socket delivers in order, so once a client has its `pong` for a `ping` sent after some
// action, every frame that action caused for that client has arrived (MeshClient.sync()).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { startServer, eventually } from './harness.mjs';

// --- helpers ----------------------------------------------------------------------------------

class MeshClient {
  static open(server, meshId) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl}/relay/${meshId}`, { maxPayload: 64 * 1024 * 1024 });
      const client = new MeshClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.inbox = [];
    this.waiters = new Set();
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      this.inbox.push(JSON.parse(data.toString()));
      for (const waiter of this.waiters) waiter();
    });
    ws.on('error', () => {}); // a refused or closed socket is asserted through `closed`
  }

  send(message) {
    this.ws.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  // Takes the first received message matching `match` (a type or a predicate) out of the inbox,
  // waiting for it if needed.
  next(match, timeoutMs = 5000) {
    const matches = typeof match === 'string' ? (m) => m.type === match : match;
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.inbox.findIndex(matches);
        if (index < 0) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(this.inbox.splice(index, 1)[0]);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${typeof match === 'string' ? match : 'matching'} message within ${timeoutMs} ms; ` +
          `inbox: ${JSON.stringify(this.inbox)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  // After this, everything the server sent this client before handling the ping is in the inbox.
  async sync() {
    this.send({ type: 'ping' });
    await this.next('pong');
  }

  received(type) { return this.inbox.filter((m) => m.type === type); }

  close() { this.ws.close(); return this.closed; }
}

// Opens a socket to `meshId` and joins with `first` (defaults: a deployed-dialect join); resolves
// once `joined` and `peers` have arrived, which it keeps on the client.
async function joinMesh(server, meshId, nodeId, first = {}) {
  const client = await MeshClient.open(server, meshId);
  client.send({ type: 'join', node_id: nodeId, ...first });
  client.joined = await client.next('joined');
  client.peers = (await client.next('peers')).peers;
  return client;
}

// An Ed25519 key pair with the raw 32-byte public key in base64, as the Atmosphere clients send it.
function ed25519() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return {
    publicKeyBase64: raw.toString('base64'),
    publicKeyHex: raw.toString('hex'),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey),
  };
}

// The text a founder signs: Python's json.dumps(sort_keys=True, separators=(',', ':')) of every
// field but the signature, capabilities sorted. For ASCII values JSON.stringify writes the same.
function tokenSignedText(fields) {
  const sorted = { ...fields, capabilities: [...fields.capabilities].sort() };
  const ordered = {};
  for (const key of Object.keys(sorted).sort()) ordered[key] = sorted[key];
  return JSON.stringify(ordered);
}

function makeToken(meshKey, { meshId, nodeId = null, ttlSeconds = 3600, nonce = randomUUID(), capabilities = ['participant'] }) {
  const now = Math.floor(Date.now() / 1000);
  const fields = {
    mesh_id: meshId, node_id: nodeId, issued_at: now, expires_at: now + ttlSeconds,
    capabilities, issuer_id: 'founder-mac', nonce,
  };
  return { ...fields, signature: meshKey.sign(tokenSignedText(fields)).toString('base64') };
}

function registerMeshFrame(meshId, nodeId, meshKey, nodeKey, extra = {}) {
  return {
    type: 'register_mesh', mesh_id: meshId, node_id: nodeId,
    mesh_public_key: meshKey.publicKeyBase64, node_public_key: nodeKey.publicKeyBase64,
    founder_proof: nodeKey.sign(meshId).toString('base64'),
    name: 'Home mesh', display_name: 'MacBook', capabilities: ['llm'], ...extra,
  };
}

let meshCounter = 0;
const freshMesh = (label) => `${label}-${process.pid}-${++meshCounter}`;

async function meshStats(server) {
  const stats = await (await fetch(`${server.httpUrl}/stats`)).json();
  return stats.services.mesh;
}

// --- tests against a server with the protocol's default timings ---------------------------------

describe('mesh relay', () => {
  let server;
  const clients = [];
  const track = (client) => { clients.push(client); return client; };

  before(async () => {
    server = await startServer({ args: ['--mesh-tokens', 'club=club-secret'] });
  });
  after(async () => {
    for (const c of clients) c.ws.terminate();
    await server.stop();
  });

  test('seed dialect: register, peers, peer_joined, broadcast without echo, direct, ping, peer_left', async () => {
    const mesh = freshMesh('seed');
    const mac = track(await joinMesh(server, mesh, 'mac-1',
      { type: 'register', token: 'mesh-auth-token', capabilities: ['llm', 'chat'], name: 'My Mac' }));
    assert.deepEqual(mac.peers, []);
    assert.deepEqual(mac.joined, { type: 'joined', mesh: mesh.slice(0, 8), mesh_id: mesh, node_count: 1 });

    const android = track(await joinMesh(server, mesh, 'android-1', { type: 'register', capabilities: [] }));
    assert.equal(android.joined.node_count, 2);
    assert.equal(android.peers.length, 1);
    assert.equal(android.peers[0].node_id, 'mac-1');
    assert.equal(android.peers[0].name, 'My Mac');
    assert.deepEqual(android.peers[0].capabilities, ['llm', 'chat']);
    assert.equal(typeof android.peers[0].joined_at, 'number');
    assert.deepEqual(await mac.next('peer_joined'),
      { type: 'peer_joined', node_id: 'android-1', name: 'android-', capabilities: [], is_founder: false });

    android.send({ type: 'broadcast', payload: { message: 'Hello everyone!', from: 'forged' } });
    assert.deepEqual(await mac.next('message'),
      { type: 'message', from: 'android-1', payload: { message: 'Hello everyone!', from: 'android-1' } });
    await android.sync();
    assert.equal(android.received('message').length, 0, 'no echo to the sender');

    mac.send({ type: 'direct', target: 'android-1', payload: { message: 'Hello specific peer!' } });
    assert.deepEqual(await android.next('message'),
      { type: 'message', from: 'mac-1', payload: { message: 'Hello specific peer!' } });
    mac.send({ type: 'direct', target: 'nobody', payload: {} });
    assert.deepEqual(await mac.next('error'), { type: 'error', message: 'Peer nobody not found' });

    const before = Date.now() / 1000;
    android.send({ type: 'ping' });
    const pong = await android.next('pong');
    assert.equal(typeof pong.timestamp, 'number');
    assert.ok(Math.abs(pong.timestamp - before) < 5, `timestamp ${pong.timestamp} near ${before}`);

    await android.close();
    assert.deepEqual(await mac.next('peer_left'), { type: 'peer_left', node_id: 'android-1' });
  });

  test('pong timestamp is written as a float', async () => {
    const mesh = freshMesh('pong');
    const raw = await new Promise((resolve, reject) => {
      const ws = new WebSocket(`${server.wsUrl}/relay/${mesh}`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'join', node_id: 'n' })));
      ws.on('message', (data) => {
        const text = data.toString();
        if (JSON.parse(text).type === 'peers') ws.send(JSON.stringify({ type: 'ping' }));
        if (JSON.parse(text).type === 'pong') { ws.close(); resolve(text); }
      });
      ws.on('error', reject);
    });
    assert.match(raw, /"timestamp":\d+\.\d+/);
  });

  test('capabilities_update reaches the others as peer_updated', async () => {
    const mesh = freshMesh('caps');
    const a = track(await joinMesh(server, mesh, 'a'));
    const b = track(await joinMesh(server, mesh, 'b'));
    a.send({ type: 'capabilities_update', capabilities: ['llm', 'vision'] });
    assert.deepEqual(await b.next('peer_updated'), { type: 'peer_updated', node_id: 'a', capabilities: ['llm', 'vision'] });
    await a.sync();
    assert.equal(a.received('peer_updated').length, 0);
    // The update counts for routing: b's prompt now goes to a.
    b.send({ type: 'llm_request', request_id: 'q1', prompt: 'hi' });
    assert.equal((await a.next('llm_request')).request_id, 'q1');
  });

  test('malformed frames are answered with error and the socket stays usable', async () => {
    const mesh = freshMesh('junk');
    const a = track(await joinMesh(server, mesh, 'a'));
    const cases = [
      ['not json at all', 'Invalid JSON'],
      ['[1,2,3]', 'Message must be a JSON object'],
      [JSON.stringify({ payload: {} }), 'Message type missing'],
      [JSON.stringify({ type: 'teleport' }), 'Unknown message type: teleport'],
      [JSON.stringify({ type: 'broadcast', payload: 'text' }), 'payload must be a JSON object'],
      [JSON.stringify({ type: 'capabilities_update', capabilities: 'llm' }), 'capabilities must be a list of strings'],
      [JSON.stringify({ type: 'join', node_id: 'again' }), 'Already joined'],
    ];
    for (const [frame, message] of cases) {
      a.send(frame);
      assert.deepEqual(await a.next('error'), { type: 'error', message }, `answer to ${frame}`);
    }
    a.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.deepEqual(await a.next('error'), { type: 'error', message: 'Binary frames are not supported' });
    await a.sync();
    assert.equal(a.ws.readyState, WebSocket.OPEN);
  });

  test('deployed dialect: founder registers with an Ed25519 proof, a member joins with a signed token', async () => {
    const mesh = freshMesh('deployed');
    const meshKey = ed25519();
    const founderKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, founderKey));
    assert.deepEqual(await founder.next('mesh_registered'), { type: 'mesh_registered', success: true });
    assert.deepEqual(await founder.next('joined'), { type: 'joined', mesh: 'Home mesh', mesh_id: mesh, node_count: 1 });
    assert.deepEqual((await founder.next('peers')).peers, []);

    const token = makeToken(meshKey, { meshId: mesh, nodeId: 'android', capabilities: ['participant', 'chat'] });
    const member = track(await joinMesh(server, mesh, 'android', { token, capabilities: ['chat'], name: 'Pixel' }));
    assert.equal(member.joined.node_count, 2);
    assert.equal(member.peers.length, 1);
    const [mac] = member.peers;
    assert.equal(mac.node_id, 'mac');
    assert.equal(mac.name, 'MacBook');
    assert.equal(mac.is_founder, true);
    assert.deepEqual(mac.capabilities, ['llm']);
    assert.equal(typeof mac.joined_at, 'number');
    assert.deepEqual(await founder.next('peer_joined'),
      { type: 'peer_joined', node_id: 'android', name: 'Pixel', capabilities: ['chat'], is_founder: false });

    // A second join without a token, with a forged one, and with a token of another mesh.
    const anonymous = track(await MeshClient.open(server, mesh));
    anonymous.send({ type: 'join', node_id: 'stranger' });
    assert.deepEqual(await anonymous.next('error'),
      { type: 'error', code: 'TOKEN_REQUIRED', message: 'This mesh requires a token to join' });
    assert.deepEqual(await anonymous.closed, { code: 1008, reason: 'Token required' });

    const forged = { ...makeToken(meshKey, { meshId: mesh, nodeId: 'stranger' }), capabilities: ['admin'] };
    const forger = track(await MeshClient.open(server, mesh));
    forger.send({ type: 'join', node_id: 'stranger', token: forged });
    assert.deepEqual(await forger.next('error'), { type: 'error', code: 'TOKEN_INVALID', message: 'Invalid signature' });
    assert.equal((await forger.closed).code, 1008);

    const otherMesh = freshMesh('other');
    const otherFounder = track(await MeshClient.open(server, otherMesh));
    otherFounder.send(registerMeshFrame(otherMesh, 'mac', meshKey, founderKey)); // same keys, other mesh
    await otherFounder.next('joined');
    const crossToken = makeToken(meshKey, { meshId: otherMesh, nodeId: 'stranger' });
    const crosser = track(await MeshClient.open(server, mesh));
    crosser.send({ type: 'join', node_id: 'stranger', token: crossToken });
    assert.deepEqual(await crosser.next('error'),
      { type: 'error', code: 'TOKEN_INVALID', message: 'Token is for a different mesh' });
    assert.deepEqual(await crosser.closed, { code: 1008, reason: 'Token verification failed: Token is for a different mesh' });

    await founder.sync();
    assert.deepEqual(founder.received('peer_joined'), [], 'no refused node ever showed up');
  });

  test("a signed token's capabilities limit what a member holds: claiming llm brings no prompts", async () => {
    const mesh = freshMesh('grant');
    const meshKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    // The founder proved itself and keeps what it claims; it is the one asking for LLM work here.
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, meshKey, { capabilities: ['llm', 'vision'] }));
    await founder.next('joined');

    // Granted only 'participant', this member claims llm and chat: it joins holding 'participant'
    // and is told, after joined and peers, what was refused.
    const intruder = track(await joinMesh(server, mesh, 'intruder', {
      token: makeToken(meshKey, { meshId: mesh, nodeId: 'intruder', capabilities: ['participant'] }),
      capabilities: ['llm', 'chat', 'participant'],
    }));
    assert.deepEqual(await intruder.next('error'),
      { type: 'error', message: 'Capabilities not granted by your token: llm, chat' });
    assert.deepEqual(intruder.peers.find((p) => p.node_id === 'mac').capabilities, ['llm', 'vision']);
    assert.deepEqual(await founder.next('peer_joined'),
      { type: 'peer_joined', node_id: 'intruder', name: 'intruder', capabilities: ['participant'], is_founder: false });

    // An open invite granting llm: this member holds what it claims and hears no complaint.
    const worker = track(await joinMesh(server, mesh, 'worker', {
      token: makeToken(meshKey, { meshId: mesh, capabilities: ['participant', 'llm'] }),
      capabilities: ['llm'],
    }));
    assert.deepEqual(worker.peers.find((p) => p.node_id === 'intruder').capabilities, ['participant']);
    assert.deepEqual((await founder.next('peer_joined')).capabilities, ['llm']);

    // Asking again later is refused the same way; the granted rest (here nothing) is what it holds.
    intruder.send({ type: 'capabilities_update', capabilities: ['llm'] });
    assert.deepEqual(await intruder.next('error'), { type: 'error', message: 'Capabilities not granted by your token: llm' });
    assert.deepEqual(await founder.next('peer_updated'), { type: 'peer_updated', node_id: 'intruder', capabilities: [] });
    assert.deepEqual(await worker.next('peer_updated'), { type: 'peer_updated', node_id: 'intruder', capabilities: [] });
    intruder.send({ type: 'capabilities_update', capabilities: ['chat', 'participant'] });
    assert.deepEqual(await intruder.next('error'), { type: 'error', message: 'Capabilities not granted by your token: chat' });
    assert.deepEqual((await founder.next('peer_updated')).capabilities, ['participant']);

    // Round robin would alternate between two capable peers; every prompt goes to the granted one.
    for (const id of ['g1', 'g2', 'g3', 'g4']) founder.send({ type: 'llm_request', request_id: id, prompt: `secret ${id}` });
    await founder.sync();
    await worker.sync();
    await intruder.sync();
    assert.deepEqual(worker.received('llm_request').map((m) => m.request_id), ['g1', 'g2', 'g3', 'g4']);
    assert.deepEqual(intruder.received('llm_request'), []);
    assert.deepEqual(worker.received('error'), []);
    assert.equal(intruder.ws.readyState, WebSocket.OPEN, 'an over-claiming member is not closed');
  });

  test('keys and proofs in hex are accepted too', async () => {
    const mesh = freshMesh('hex');
    const meshKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    founder.send({
      type: 'register_mesh', node_id: 'mac', mesh_public_key: meshKey.publicKeyHex,
      founder_proof: meshKey.sign(mesh).toString('hex'),
    });
    await founder.next('mesh_registered');
    assert.equal((await founder.next('joined')).node_count, 1);
  });

  test('register_mesh failures: bad proof, missing fields, taken mesh', async () => {
    const mesh = freshMesh('regfail');
    const meshKey = ed25519();
    const bad = track(await MeshClient.open(server, mesh));
    bad.send({ ...registerMeshFrame(mesh, 'mac', meshKey, meshKey), founder_proof: meshKey.sign('another mesh').toString('base64') });
    assert.deepEqual(await bad.next('error'), { type: 'error', code: 'REGISTRATION_FAILED', message: 'Invalid founder proof' });
    assert.deepEqual(await bad.closed, { code: 1008, reason: 'Invalid founder proof' });

    const missing = track(await MeshClient.open(server, mesh));
    missing.send({ type: 'register_mesh', node_id: 'mac' });
    assert.deepEqual(await missing.next('error'),
      { type: 'error', code: 'MISSING_FIELDS', message: 'Missing required fields for mesh registration' });
    assert.deepEqual(await missing.closed, { code: 1008, reason: 'Missing required fields' });

    const founder = track(await MeshClient.open(server, mesh));
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, meshKey));
    await founder.next('joined');
    const rival = track(await MeshClient.open(server, mesh));
    const rivalKey = ed25519();
    rival.send(registerMeshFrame(mesh, 'pc', rivalKey, rivalKey));
    assert.deepEqual(await rival.next('error'),
      { type: 'error', code: 'REGISTRATION_FAILED', message: 'Mesh already registered by different founder' });
    assert.equal((await rival.closed).code, 1008);
  });

  test("a founder's node id cannot be taken over, and a failed attempt evicts nobody", async () => {
    const mesh = freshMesh('takeover');
    const meshKey = ed25519();
    const founderKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, founderKey));
    await founder.next('joined');
    const member = track(await joinMesh(server, mesh, 'android', { token: makeToken(meshKey, { meshId: mesh }) }));
    await founder.next('peer_joined');

    // 1. Claiming the founder's node id without a token (the original admitted this as founder).
    const claimant = track(await MeshClient.open(server, mesh));
    claimant.send({ type: 'join', node_id: 'mac' });
    assert.equal((await claimant.next('error')).code, 'TOKEN_REQUIRED');
    assert.equal((await claimant.closed).code, 1008);

    // 2. Re-registering as the founder with the attacker's own, correctly signed keys.
    const attackerKey = ed25519();
    const impostor = track(await MeshClient.open(server, mesh));
    impostor.send(registerMeshFrame(mesh, 'mac', attackerKey, attackerKey));
    assert.deepEqual(await impostor.next('error'), { type: 'error', code: 'REGISTRATION_FAILED', message: 'Invalid founder proof' });
    assert.equal((await impostor.closed).code, 1008);

    // 3. An open invite (not bound to a node) cannot take over a live node id either.
    const inviteHolder = track(await MeshClient.open(server, mesh));
    inviteHolder.send({ type: 'join', node_id: 'android', token: makeToken(meshKey, { meshId: mesh }) });
    assert.deepEqual(await inviteHolder.next('error'),
      { type: 'error', code: 'NODE_ID_IN_USE', message: 'Node android is already connected' });
    assert.deepEqual(await inviteHolder.closed, { code: 1008, reason: 'node_id already connected' });

    // The real founder and member are still there and still talk.
    member.send({ type: 'broadcast', payload: { still: 'here' } });
    assert.deepEqual((await founder.next('message')).payload, { still: 'here', from: 'android' });
    await founder.sync();
    await member.sync();
    assert.deepEqual(founder.received('peer_left'), []);
    assert.deepEqual(member.received('peer_left'), []);
    assert.deepEqual(member.received('peer_joined'), []);

    // The founder itself, proving itself again, replaces its own connection.
    const founderAgain = track(await MeshClient.open(server, mesh));
    founderAgain.send(registerMeshFrame(mesh, 'mac', meshKey, founderKey));
    await founderAgain.next('mesh_registered');
    assert.equal((await founderAgain.next('joined')).node_count, 2);
    assert.deepEqual(await founder.closed, { code: 1000, reason: 'Replaced by new connection' });
    await member.sync();
    assert.deepEqual(member.received('peer_left'), [], 'a replaced node did not leave');
  });

  test('duplicate node_id in an open mesh is refused without evicting the original', async () => {
    const mesh = freshMesh('dup');
    const original = track(await joinMesh(server, mesh, 'phone'));
    const other = track(await joinMesh(server, mesh, 'laptop'));
    await original.next('peer_joined');
    const duplicate = track(await MeshClient.open(server, mesh));
    duplicate.send({ type: 'register', node_id: 'phone', token: 'whatever' });
    assert.deepEqual(await duplicate.next('error'),
      { type: 'error', code: 'NODE_ID_IN_USE', message: 'Node phone is already connected' });
    assert.deepEqual(await duplicate.closed, { code: 1008, reason: 'node_id already connected' });

    other.send({ type: 'direct', target: 'phone', payload: { n: 1 } });
    assert.deepEqual(await original.next('message'), { type: 'message', from: 'laptop', payload: { n: 1 } });
    await other.sync();
    assert.deepEqual(other.received('peer_left'), []);
    assert.deepEqual(other.received('peer_joined'), []);
  });

  test('a signed token bound to a node lets that node reconnect over its stale connection', async () => {
    const mesh = freshMesh('reconnect');
    const meshKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, meshKey));
    await founder.next('joined');
    const token = makeToken(meshKey, { meshId: mesh, nodeId: 'android' });
    const first = track(await joinMesh(server, mesh, 'android', { token }));
    await founder.next('peer_joined');
    const second = track(await joinMesh(server, mesh, 'android', { token })); // same token, same node
    assert.equal(second.joined.node_count, 2);
    assert.deepEqual(await first.closed, { code: 1000, reason: 'Replaced by new connection' });

    // Another node presenting that (node-bound) token is refused.
    const thief = track(await MeshClient.open(server, mesh));
    thief.send({ type: 'join', node_id: 'thief', token });
    assert.deepEqual(await thief.next('error'), { type: 'error', code: 'TOKEN_INVALID', message: 'Token bound to different node' });
  });

  test('an open invite nonce is taken by the first node that uses it', async () => {
    const mesh = freshMesh('nonce');
    const meshKey = ed25519();
    const founder = track(await MeshClient.open(server, mesh));
    founder.send(registerMeshFrame(mesh, 'mac', meshKey, meshKey));
    await founder.next('joined');
    const invite = makeToken(meshKey, { meshId: mesh });
    track(await joinMesh(server, mesh, 'first', { token: invite }));
    const second = track(await MeshClient.open(server, mesh));
    second.send({ type: 'join', node_id: 'second', token: invite });
    assert.deepEqual(await second.next('error'), { type: 'error', code: 'TOKEN_INVALID', message: 'Token already used (replay)' });
  });

  test('a mesh protected with --mesh-tokens needs its token', async () => {
    const missing = track(await MeshClient.open(server, 'club'));
    missing.send({ type: 'register', node_id: 'a' });
    assert.deepEqual(await missing.next('error'),
      { type: 'error', code: 'TOKEN_REQUIRED', message: 'This mesh requires a token to join' });
    assert.deepEqual(await missing.closed, { code: 1008, reason: 'Token required' });

    const wrong = track(await MeshClient.open(server, 'club'));
    wrong.send({ type: 'register', node_id: 'a', token: 'club-secreT' });
    assert.deepEqual(await wrong.next('error'), { type: 'error', code: 'TOKEN_INVALID', message: 'Invalid token' });
    assert.deepEqual(await wrong.closed, { code: 1008, reason: 'Token verification failed: Invalid token' });

    const member = track(await joinMesh(server, 'club', 'a', { type: 'register', token: 'club-secret' }));
    assert.equal(member.joined.node_count, 1);

    // The token belongs to that mesh only: elsewhere it is a seed token on an open mesh.
    const elsewhere = track(await joinMesh(server, freshMesh('open'), 'a', { type: 'register', token: 'club-secret' }));
    assert.equal(elsewhere.joined.node_count, 1);

    // A founder cannot register a key for the protected mesh without the configured token.
    const meshKey = ed25519();
    const founder = track(await MeshClient.open(server, 'club'));
    founder.send(registerMeshFrame('club', 'mac', meshKey, meshKey));
    assert.equal((await founder.next('error')).code, 'TOKEN_REQUIRED');
    const realFounder = track(await MeshClient.open(server, 'club'));
    realFounder.send(registerMeshFrame('club', 'mac', meshKey, meshKey, { token: 'club-secret' }));
    await realFounder.next('mesh_registered');
    // ... after which tokens it signs admit too.
    const invited = track(await joinMesh(server, 'club', 'b', { token: makeToken(meshKey, { meshId: 'club' }) }));
    assert.equal(invited.joined.node_count, 3);
  });

  test('first-frame rules: wrong type, missing node_id', async () => {
    const wrongType = track(await MeshClient.open(server, freshMesh('first')));
    wrongType.send({ type: 'broadcast', payload: {} });
    assert.deepEqual(await wrongType.closed, { code: 1008, reason: 'First message must be register_mesh or join' });

    const notJson = track(await MeshClient.open(server, freshMesh('first')));
    notJson.send('hello');
    assert.deepEqual(await notJson.closed, { code: 1008, reason: 'First message must be register_mesh or join' });

    const noNode = track(await MeshClient.open(server, freshMesh('first')));
    noNode.send({ type: 'join', capabilities: [] });
    assert.deepEqual(await noNode.closed, { code: 1008, reason: 'node_id required' });
    assert.deepEqual(noNode.inbox, []);
  });

  test('invalid mesh ids are closed, plain HTTP gets 426', async () => {
    const nested = track(await MeshClient.open(server, 'a/b'));
    assert.deepEqual(await nested.closed, { code: 1008, reason: 'Invalid mesh id' });
    const tooLong = track(await MeshClient.open(server, 'm'.repeat(129)));
    assert.deepEqual(await tooLong.closed, { code: 1008, reason: 'Invalid mesh id' });
    const response = await fetch(`${server.httpUrl}/relay/some-mesh`);
    assert.equal(response.status, 426);
  });

  test('LLM requests: fair between two capable peers, answered only by the peer asked', async () => {
    const mesh = freshMesh('llm');
    const phone = track(await joinMesh(server, mesh, 'phone'));
    const mac = track(await joinMesh(server, mesh, 'mac', { capabilities: ['llm'] }));
    const pc = track(await joinMesh(server, mesh, 'pc', { capabilities: ['chat'] }));
    const bystander = track(await joinMesh(server, mesh, 'tablet'));

    const workerOf = {};
    for (const id of ['r1', 'r2', 'r3', 'r4']) {
      phone.send({ type: 'llm_request', request_id: id, prompt: `question ${id}` });
      await phone.sync();
      await mac.sync();
      await pc.sync();
      const atMac = mac.received('llm_request').find((m) => m.request_id === id);
      const atPc = pc.received('llm_request').find((m) => m.request_id === id);
      assert.ok(Boolean(atMac) !== Boolean(atPc), `request ${id} went to exactly one peer`);
      workerOf[id] = atMac ? 'mac' : 'pc';
      const forwarded = atMac ?? atPc;
      assert.equal(forwarded.from, 'phone');
      assert.equal(forwarded.model, 'auto');
      assert.deepEqual(forwarded.messages, [{ role: 'user', content: `question ${id}` }]);
    }
    assert.deepEqual(Object.values(workerOf).sort(), ['mac', 'mac', 'pc', 'pc']);
    assert.notEqual(workerOf.r1, workerOf.r2);
    assert.notEqual(workerOf.r3, workerOf.r4);

    // r1's worker answers; first the other peer tries to answer it.
    const asked = workerOf.r1 === 'mac' ? mac : pc;
    const notAsked = asked === mac ? pc : mac;
    notAsked.send({ type: 'llm_response', target: 'phone', request_id: 'r1', response: 'forged' });
    assert.deepEqual(await notAsked.next('error'), { type: 'error', message: 'Unknown request_id r1' });
    await phone.sync();
    assert.deepEqual(phone.received('llm_response'), []);

    asked.send({ type: 'llm_response', target: 'phone', request_id: 'r1', response: 'The answer.' });
    assert.deepEqual(await phone.next('llm_response'),
      { type: 'llm_response', from: workerOf.r1, request_id: 'r1', response: 'The answer.', error: null });
    await bystander.sync();
    assert.deepEqual(bystander.received('llm_request'), []);
    assert.deepEqual(bystander.received('llm_response'), []);

    // Model and messages pass through when given.
    phone.send({ type: 'llm_request', request_id: 'r5', model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] });
    await phone.sync(); await mac.sync(); await pc.sync();
    const r5 = [...mac.received('llm_request'), ...pc.received('llm_request')].find((m) => m.request_id === 'r5');
    assert.equal(r5.model, 'llama3.2');
    assert.deepEqual(r5.messages, [{ role: 'user', content: 'Hi' }]);
  });

  test('LLM request without a capable peer is answered with llm_error and goes to nobody', async () => {
    const mesh = freshMesh('nollm');
    const phone = track(await joinMesh(server, mesh, 'phone'));
    const tablet = track(await joinMesh(server, mesh, 'tablet'));
    phone.send({ type: 'llm_request', request_id: 'r1', prompt: 'private prompt' });
    assert.deepEqual(await phone.next('llm_error'),
      { type: 'llm_error', request_id: 'r1', error: 'No LLM-capable peer in this mesh', message: 'No LLM-capable peer in this mesh' });
    await tablet.sync();
    assert.deepEqual(tablet.received('llm_request'), []);
  });

  test('LLM worker leaving answers the requester with llm_error', async () => {
    const mesh = freshMesh('llmleave');
    const phone = track(await joinMesh(server, mesh, 'phone'));
    const mac = track(await joinMesh(server, mesh, 'mac', { capabilities: ['llm'] }));
    phone.send({ type: 'llm_request', request_id: 'r1', prompt: 'q' });
    await mac.next('llm_request');
    await mac.close();
    assert.deepEqual(await phone.next('peer_left'), { type: 'peer_left', node_id: 'mac' });
    assert.equal((await phone.next('llm_error')).error, 'LLM peer left before answering');
  });

  test('limits: too many frames a second closes with 1008, an oversized frame with 1009', async () => {
    const mesh = freshMesh('limits');
    const flooder = track(await joinMesh(server, mesh, 'flooder'));
    const witness = track(await joinMesh(server, mesh, 'witness'));
    for (let i = 0; i < 300; ++i) flooder.send({ type: 'ping' });
    assert.deepEqual(await flooder.next('error'), { type: 'error', code: 'RATE_LIMITED', message: 'Too many messages' });
    assert.deepEqual(await flooder.closed, { code: 1008, reason: 'Rate limit exceeded' });
    assert.deepEqual(await witness.next('peer_left'), { type: 'peer_left', node_id: 'flooder' });

    const big = track(await joinMesh(server, freshMesh('limits'), 'big'));
    big.send({ type: 'broadcast', payload: { data: 'x'.repeat(2 * 1024 * 1024) } });
    assert.equal((await big.closed).code, 1009);
  });

  test('a peer that does not read is closed as too slow; the others keep receiving', async () => {
    const mesh = freshMesh('slow');
    const sender = track(await joinMesh(server, mesh, 'sender'));
    const fast = track(await joinMesh(server, mesh, 'fast'));
    const slow = track(await joinMesh(server, mesh, 'slow'));
    await sender.next((m) => m.type === 'peer_joined' && m.node_id === 'slow');
    slow.ws._socket.pause(); // stop reading: the kernel buffers fill, then the relay's queue grows

    // The big messages are counted as they arrive, not kept in the inbox.
    let received = 0;
    fast.ws.removeAllListeners('message');
    fast.ws.on('message', (data) => { if (data.length > 100000) received += 1; });

    const chunk = 'x'.repeat(900 * 1024);
    const count = 60; // 54 MB: beyond loopback socket buffers plus the relay's hard limit
    for (let i = 0; i < count; ++i) {
      sender.send({ type: 'broadcast', payload: { i, chunk } });
      // The fast peer keeps up: send the next few only once it has these (and stay well under
      // the frame rate limit).
      if (i % 6 === 5) await eventually(() => received === i + 1, { timeoutMs: 20000, what: `broadcast ${i} at the fast peer` });
    }
    assert.deepEqual(await sender.next('peer_left', 20000), { type: 'peer_left', node_id: 'slow' });
    assert.equal(received, count);
    assert.equal(fast.ws.readyState, WebSocket.OPEN);
  });

  test('/stats counts mesh sessions and their bytes, without listing mesh ids', async () => {
    const statsServer = await startServer();
    try {
      const mesh = freshMesh('stats');
      const before = await meshStats(statsServer);
      assert.equal(before.activeSessions, 0);
      const a = await joinMesh(statsServer, mesh, 'a');
      const b = await joinMesh(statsServer, mesh, 'b');
      a.send({ type: 'broadcast', payload: { text: 'counted' } });
      await b.next('message');
      const during = await meshStats(statsServer);
      assert.equal(during.activeSessions, 1);
      assert.equal(during.sessionsStarted, 1);
      assert.ok(during.bytesIn > 0 && during.bytesOut > 0, JSON.stringify(during));
      const statsText = await (await fetch(`${statsServer.httpUrl}/stats`)).text();
      const healthText = await (await fetch(`${statsServer.httpUrl}/health`)).text();
      assert.ok(!statsText.includes(mesh) && !healthText.includes(mesh), 'mesh ids are not published');

      await a.close();
      await b.close();
      await eventually(async () => (await meshStats(statsServer)).activeSessions === 0, { what: 'mesh session ended' });
      const afterwards = await meshStats(statsServer);
      assert.ok(afterwards.bytesIn >= during.bytesIn && afterwards.bytesOut >= during.bytesOut);
    } finally {
      await statsServer.stop();
    }
  });
});

// --- tests that shorten the protocol's timeouts through the environment ------------------------

describe('mesh relay timeouts', () => {
  let server;
  const clients = [];
  const track = (client) => { clients.push(client); return client; };

  before(async () => {
    server = await startServer({
      env: {
        SWITCHBOARD_MESH_REGISTRATION_TIMEOUT: '0.5',
        SWITCHBOARD_MESH_LLM_TIMEOUT: '0.5',
        SWITCHBOARD_MESH_IDLE_TIMEOUT: '1.5',
      },
    });
  });
  after(async () => {
    for (const c of clients) c.ws.terminate();
    await server.stop();
  });

  test('no first frame in time: close 1008 "Registration timeout"', async () => {
    const silent = track(await MeshClient.open(server, freshMesh('regtimeout')));
    assert.deepEqual(await silent.closed, { code: 1008, reason: 'Registration timeout' });
  });

  test('an unanswered LLM request times out with llm_error and a late answer is refused', async () => {
    const mesh = freshMesh('llmtimeout');
    const phone = track(await joinMesh(server, mesh, 'phone'));
    const mac = track(await joinMesh(server, mesh, 'mac', { capabilities: ['llm'] }));
    phone.send({ type: 'llm_request', request_id: 'slow-one', prompt: 'think hard' });
    await mac.next('llm_request');
    assert.deepEqual(await phone.next('llm_error', 5000),
      { type: 'llm_error', request_id: 'slow-one', error: 'LLM request timed out', message: 'LLM request timed out' });
    mac.send({ type: 'llm_response', target: 'phone', request_id: 'slow-one', response: 'too late' });
    assert.deepEqual(await mac.next('error'), { type: 'error', message: 'Unknown request_id slow-one' });
    await phone.sync();
    assert.deepEqual(phone.received('llm_response'), []);
  });

  test('a peer silent for the idle timeout is closed and the others see it leave', async () => {
    const mesh = freshMesh('idle');
    const quiet = track(await joinMesh(server, mesh, 'quiet'));
    const lively = track(await joinMesh(server, mesh, 'lively'));
    const keepAlive = setInterval(() => lively.send({ type: 'ping' }), 200);
    try {
      assert.deepEqual(await quiet.closed, { code: 1000, reason: 'Connection timeout' });
      assert.deepEqual(await lively.next('peer_left', 5000), { type: 'peer_left', node_id: 'quiet' });
      assert.equal(lively.ws.readyState, WebSocket.OPEN);
    } finally {
      clearInterval(keepAlive);
    }
  });
});
