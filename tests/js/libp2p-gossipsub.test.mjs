// Gossipsub (/meshsub/1.1.0) through the relay, with real js-libp2p 3 nodes:
// - two @libp2p/gossipsub nodes that refuse the floodsub fallback, each connected only to the
//   relay, discover each other within 10 s with @libp2p/pubsub-peer-discovery;
// - raw clients (plain libp2p nodes writing and reading RPC bytes on /meshsub/1.1.0 themselves,
//   so nothing but the relay filters): a message with a bad signature is not forwarded, and a
//   message sent twice is forwarded once.
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { gossipsub } from '@libp2p/gossipsub';
import { floodsub } from '@libp2p/floodsub';
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import { multiaddr } from '@multiformats/multiaddr';
import { generateKeyPair } from '@libp2p/crypto/keys';

import { relayPeer, stoppedAfterEach } from './libp2p-relay.mjs';
import { startServer, eventually } from './harness.mjs';
import { field, fields, frame, signedMessage, subscribe, RpcReader } from './libp2p-pubsub-wire.mjs';

const TOPIC = '_peer-discovery._p2p._pubsub';
const MESHSUB = '/meshsub/1.1.0';

function newNode(pubsub) {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // Announce every 500 ms so that discovery does not wait for the 10 s default interval.
    peerDiscovery: [pubsubPeerDiscovery({ interval: 500 })],
    services: { identify: identify(), pubsub },
  });
}

function rawNode(privateKey) {
  return createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
}

// Resolves with the discovery event for `peerId`, rejects after `ms`.
function discovered(node, peerId, ms) {
  let timer;
  let listener;
  return new Promise((resolve, reject) => {
    listener = (event) => {
      if (event.detail.id.toString() === peerId.toString()) resolve(event.detail);
    };
    node.addEventListener('peer:discovery', listener);
    timer = setTimeout(() => reject(new Error(`${node.peerId} did not discover ${peerId} within ${ms} ms`)), ms);
  }).finally(() => {
    clearTimeout(timer);
    node.removeEventListener('peer:discovery', listener);
  });
}

// The protocols of the streams `node` has open to the relay.
function streamProtocols(node, relayId) {
  return node.getConnections().filter((c) => c.remotePeer.toString() === relayId)
    .flatMap((c) => c.streams.map((s) => s.protocol));
}

describe('gossipsub through the relay', () => {
  const world = stoppedAfterEach(afterEach);

  test('two gossipsub nodes connected only to the relay discover each other within 10 s', async () => {
    world.server = await startServer();
    const relay = await relayPeer(world.server);
    const a = await newNode(gossipsub({ fallbackToFloodsub: false }));
    const b = await newNode(gossipsub({ fallbackToFloodsub: false }));
    world.nodes.push(a, b);
    const aFindsB = discovered(a, b.peerId, 10000);
    const bFindsA = discovered(b, a.peerId, 10000);
    await a.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });
    await b.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });

    const [ofB] = await Promise.all([aFindsB, bFindsA]);
    const bAddrs = b.getMultiaddrs().map((ma) => ma.decapsulateCode(421).toString());
    assert.ok(ofB.multiaddrs.some((ma) => bAddrs.includes(ma.toString())),
      `${ofB.multiaddrs.map(String)} vs ${bAddrs}`);
    // Gossipsub, not a fallback: the relay is in A's mesh for the topic over /meshsub/1.1.0.
    assert.ok(streamProtocols(a, relay.peerId).includes(MESHSUB), streamProtocols(a, relay.peerId).join());
    await eventually(() => a.services.pubsub.getMeshPeers(TOPIC).includes(relay.peerId),
      { timeoutMs: 5000, what: 'the relay in A\'s mesh' });
  });

  test('a gossipsub node and a floodsub node discover each other', async () => {
    world.server = await startServer();
    const relay = await relayPeer(world.server);
    const a = await newNode(gossipsub({ fallbackToFloodsub: false }));
    const b = await newNode(floodsub());
    world.nodes.push(a, b);
    const found = Promise.all([discovered(a, b.peerId, 10000), discovered(b, a.peerId, 10000)]);
    await a.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });
    await b.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });
    await found;
  });

  test('raw clients: a bad signature is not forwarded, a duplicate is forwarded once', async () => {
    world.server = await startServer();
    const relay = await relayPeer(world.server);
    const senderKey = await generateKeyPair('Ed25519');
    const sender = await rawNode(senderKey);
    const receiver = await rawNode();
    world.nodes.push(sender, receiver);

    // The receiver reads what the relay writes on the stream it opens back to us.
    const fromRelay = new RpcReader();
    await receiver.handle(MESHSUB, (stream) => { fromRelay.read(stream); });
    await sender.handle(MESHSUB, (stream) => { new RpcReader().read(stream); });

    const toRelay = await receiver.dialProtocol(multiaddr(relay.address), MESHSUB, { signal: AbortSignal.timeout(10000) });
    toRelay.send(frame(subscribe(TOPIC)));
    // The relay GRAFTs a subscriber once it has taken the subscription in.
    await eventually(() => fromRelay.rpcs.some((rpc) => fields(rpc, 3).length > 0),
      { timeoutMs: 10000, what: 'GRAFT from the relay' });

    const stream = await sender.dialProtocol(multiaddr(relay.address), MESHSUB, { signal: AbortSignal.timeout(10000) });
    const good = await signedMessage(senderKey, sender.peerId, 1n, 'good', TOPIC);
    const bad = await signedMessage(senderKey, sender.peerId, 2n, 'bad', TOPIC, { corrupt: true });
    const last = await signedMessage(senderKey, sender.peerId, 3n, 'last', TOPIC);
    stream.send(frame(field(2, bad)));
    stream.send(frame(field(2, good)));
    stream.send(frame(field(2, good)));
    stream.send(frame(field(2, last)));

    await eventually(() => fromRelay.published().some((m) => Buffer.from(m).equals(Buffer.from(last))),
      { timeoutMs: 10000, what: 'the last message at the receiver' });
    const got = fromRelay.published().map((m) => Buffer.from(m).toString('hex'));
    assert.deepEqual(got, [good, last].map((m) => Buffer.from(m).toString('hex')));
  });
});
