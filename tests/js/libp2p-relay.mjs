// The relay as js-libp2p tests dial it: its PeerId, read from the line the server logs at start,
// and its multiaddrs over raw TCP and over WebSocket on the test server's port.
import assert from 'node:assert/strict';
import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';

const PEER_LINE = /libp2p PeerId (12D3KooW[1-9A-HJ-NP-Za-km-z]+) listening on (\S+)/;

export async function relayPeer(server) {
  await server.waitForLog('libp2p PeerId');
  const match = server.logs().match(PEER_LINE);
  assert.ok(match, `PeerId line in logs:\n${server.logs()}`);
  const tcp = `/ip4/127.0.0.1/tcp/${server.port}/p2p/${match[1]}`;
  return { peerId: match[1], address: tcp, tcp, ws: `/ip4/127.0.0.1/tcp/${server.port}/ws/p2p/${match[1]}` };
}

// What one test starts — a relay server and js-libp2p nodes — stopped after it, nodes first.
// Call inside a describe(): `const world = stoppedAfterEach(afterEach);`, then in a test
// `world.server = await startServer();` and `world.nodes.push(node)`.
export function stoppedAfterEach(afterEach) {
  const world = { server: undefined, nodes: [] };
  afterEach(async () => {
    for (const node of world.nodes) await node.stop();
    world.nodes = [];
    await world.server?.stop();
    world.server = undefined;
  });
  return world;
}

// A js-libp2p node that can reserve a slot on the relay (listen on `<relay>/p2p-circuit`) and
// dial others through it.
export function circuitNode(listen = []) {
  return createLibp2p({
    addresses: { listen },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
}
