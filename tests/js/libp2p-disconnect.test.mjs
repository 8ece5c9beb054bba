// Ending a libp2p peer's session from outside the service (the tray's "Disconnect"; headless,
// DELETE /api/admin/sessions/libp2p/<PeerId>) with a real js-libp2p 3 node: its connection to
// the relay closes and its session ends.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { multiaddr } from '@multiformats/multiaddr';

import { relayPeer } from './libp2p-relay.mjs';
import { startServer, eventually } from './harness.mjs';

const server = await startServer();
const node = await createLibp2p({
  addresses: { listen: [] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify() },
});
after(async () => {
  await node.stop();
  await server.stop();
});

async function libp2pSessions() {
  const { sessions } = await (await fetch(`${server.httpUrl}/api/admin/sessions`)).json();
  return sessions.filter((s) => s.service === 'libp2p').map((s) => s.id);
}

test('a peer is disconnected and its session ends', async () => {
  const relay = await relayPeer(server);
  await node.dial(multiaddr(relay.tcp));
  const me = node.peerId.toString();
  await eventually(async () => (await libp2pSessions()).includes(me), { what: 'the session listed' });

  const toRelay = () => node.getConnections().filter((c) => c.remotePeer.toString() === relay.peerId);
  assert.equal(toRelay().length, 1);

  const response = await fetch(`${server.httpUrl}/api/admin/sessions/libp2p/${me}`, { method: 'DELETE' });
  assert.equal(response.status, 200);
  await eventually(() => toRelay().length === 0, { what: 'the connection closed' });
  await eventually(async () => !(await libp2pSessions()).includes(me), { what: 'the session ended' });
  await server.waitForLog(`${me} disconnected`);
});
