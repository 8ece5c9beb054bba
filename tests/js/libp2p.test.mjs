// A real js-libp2p 3 node (TCP, Noise, yamux, identify, ping) dials the relay on its one port:
// the relay's PeerId comes from its log, identify fills the js peer store, ping answers, the
// PeerId survives a restart with the same data dir, and /stats counts the connected peer.
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { multiaddr } from '@multiformats/multiaddr';

import { relayPeer } from './libp2p-relay.mjs';
import { startServer, eventually } from './harness.mjs';


function newNode() {
  return createLibp2p({
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
  });
}

async function libp2pStats(server) {
  const response = await fetch(`${server.httpUrl}/stats`);
  assert.equal(response.status, 200);
  return (await response.json()).services.libp2p;
}

describe('libp2p over raw TCP with js-libp2p 3', () => {
  let dataDir;
  let server;
  let node;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchboard-libp2p-'));
    server = await startServer({ dataDir });
  });
  after(async () => {
    await node?.stop();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('identify and ping with the relay', async () => {
    const relay = await relayPeer(server);
    assert.match(server.logs(), new RegExp(`listening on /ip4/127\\.0\\.0\\.1/tcp/${server.port}/p2p/${relay.peerId}`));
    assert.equal((await libp2pStats(server)).activeSessions, 0);

    node = await newNode();
    const identified = new Promise((resolve) => {
      node.addEventListener('peer:identify', (event) => {
        if (event.detail.peerId.toString() === relay.peerId) resolve(event.detail);
      });
    });
    const connection = await node.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });
    assert.equal(connection.remotePeer.toString(), relay.peerId);

    let timer;
    const result = await Promise.race([
      identified,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('identify did not complete')), 10000); }),
    ]).finally(() => clearTimeout(timer));
    assert.ok(result.protocols.includes('/ipfs/id/1.0.0'), JSON.stringify(result.protocols));
    assert.ok(result.protocols.includes('/ipfs/ping/1.0.0'), JSON.stringify(result.protocols));
    assert.ok(result.agentVersion.startsWith('switchboard/'), result.agentVersion);
    assert.equal(result.protocolVersion, 'ipfs/0.1.0');

    const stored = await node.peerStore.get(connection.remotePeer);
    assert.ok(stored.protocols.includes('/ipfs/ping/1.0.0'), JSON.stringify(stored.protocols));
    assert.ok(stored.protocols.includes('/ipfs/id/1.0.0'), JSON.stringify(stored.protocols));
    const agent = new TextDecoder().decode(stored.metadata.get('AgentVersion'));
    assert.ok(agent.startsWith('switchboard/'), agent);

    for (let i = 0; i < 3; i++) {
      const latency = await node.services.ping.ping(connection.remotePeer, { signal: AbortSignal.timeout(5000) });
      assert.equal(typeof latency, 'number');
      assert.ok(Number.isFinite(latency) && latency >= 0, String(latency));
    }

    await server.waitForLog(`connection from ${node.peerId.toString()}`);
    const during = await libp2pStats(server);
    assert.equal(during.activeSessions, 1, JSON.stringify(during));

    await node.stop();
    node = undefined;
    await eventually(async () => (await libp2pStats(server)).activeSessions === 0, { what: 'libp2p session ended' });
    await server.waitForLog('disconnected');
  });

  test('the PeerId survives a restart with the same data dir', async () => {
    const first = await relayPeer(server);
    await server.stop();
    server = await startServer({ dataDir });
    const second = await relayPeer(server);
    assert.equal(second.peerId, first.peerId);

    node = await newNode();
    const connection = await node.dial(multiaddr(second.address), { signal: AbortSignal.timeout(10000) });
    assert.equal(connection.remotePeer.toString(), first.peerId);
    const latency = await node.services.ping.ping(connection.remotePeer, { signal: AbortSignal.timeout(5000) });
    assert.equal(typeof latency, 'number');
  });
});
