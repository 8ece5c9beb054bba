// Floodsub through the relay: two js-libp2p 3 nodes running @libp2p/floodsub and
// @libp2p/pubsub-peer-discovery, each connected only to the relay, discover each other within
// 10 s because the relay subscribes to `_peer-discovery._p2p._pubsub` and forwards their signed
// announcements; a message A publishes reaches B intact, signed by A.
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { floodsub } from '@libp2p/floodsub';
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery';
import { multiaddr } from '@multiformats/multiaddr';

import { relayPeer } from './libp2p-relay.mjs';
import { startServer } from './harness.mjs';


function newNode() {
  return createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    // Announce every 500 ms so that discovery does not wait for the 10 s default interval.
    peerDiscovery: [pubsubPeerDiscovery({ interval: 500 })],
    services: { identify: identify(), pubsub: floodsub() },
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

describe('floodsub peer discovery through the relay', () => {
  let server;
  let nodes = [];

  afterEach(async () => {
    for (const node of nodes) await node.stop();
    nodes = [];
    await server?.stop();
    server = undefined;
  });

  test('two nodes connected only to the relay discover each other within 10 s', async () => {
    server = await startServer();
    const relay = (await relayPeer(server)).address;
    const a = await newNode();
    const b = await newNode();
    nodes.push(a, b);
    const aFindsB = discovered(a, b.peerId, 10000);
    const bFindsA = discovered(b, a.peerId, 10000);
    await a.dial(multiaddr(relay), { signal: AbortSignal.timeout(10000) });
    await b.dial(multiaddr(relay), { signal: AbortSignal.timeout(10000) });

    const [ofB, ofA] = await Promise.all([aFindsB, bFindsA]);
    const bAddrs = b.getMultiaddrs().map((ma) => ma.decapsulateCode(421).toString());
    assert.ok(ofB.multiaddrs.some((ma) => bAddrs.includes(ma.toString())),
      `${ofB.multiaddrs.map(String)} vs ${bAddrs}`);
    const aAddrs = a.getMultiaddrs().map((ma) => ma.decapsulateCode(421).toString());
    assert.ok(ofA.multiaddrs.some((ma) => aAddrs.includes(ma.toString())),
      `${ofA.multiaddrs.map(String)} vs ${aAddrs}`);
  });

  test('a message A publishes on the topic reaches B with its data and A as sender', async () => {
    server = await startServer();
    const relay = (await relayPeer(server)).address;
    const a = await newNode();
    const b = await newNode();
    nodes.push(a, b);
    const bFindsA = discovered(b, a.peerId, 10000);
    await a.dial(multiaddr(relay), { signal: AbortSignal.timeout(10000) });
    await b.dial(multiaddr(relay), { signal: AbortSignal.timeout(10000) });
    await bFindsA; // both are subscribed and the relay forwards between them

    const payload = new TextEncoder().encode(`hello from ${a.peerId}`);
    let timer;
    const received = new Promise((resolve, reject) => {
      b.services.pubsub.addEventListener('message', (event) => {
        const message = event.detail;
        if (message.type === 'signed' && message.from.equals(a.peerId)
            && Buffer.from(message.data).equals(Buffer.from(payload))) resolve(message);
      });
      timer = setTimeout(() => reject(new Error('B did not receive A\'s message')), 10000);
    }).finally(() => clearTimeout(timer));
    await a.services.pubsub.publish('_peer-discovery._p2p._pubsub', payload);
    const message = await received;
    assert.equal(message.topic, '_peer-discovery._p2p._pubsub');
  });
});
