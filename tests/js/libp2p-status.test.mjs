// The relay's libp2p log lines, as the original relay prints them: "connection from <PeerId>
// (<addr>)" when a peer's connection is up, "<PeerId> disconnected: <reason>" when it ends, and a
// status line with the figures every 60 s (shortened here with
// SWITCHBOARD_LIBP2P_STATUS_INTERVAL_MS).
//
// Every node a test starts is stopped in afterEach: a js-libp2p node left running keeps timers
// and a socket alive, so the Node process never exits and ctest waits for its timeout. (An
// earlier version of this test, inside libp2p.test.mjs, overwrote that file's shared `node`
// variable while the previous test's node still ran, and so leaked it.)
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { multiaddr } from '@multiformats/multiaddr';

import { relayPeer } from './libp2p-relay.mjs';
import { startServer, eventually } from './harness.mjs';

function newNode() {
  return createLibp2p({
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
  });
}

// Resolves with the index just past the first `pattern` match in the logs at or after `from`.
function logAfter(server, from, pattern, what) {
  return eventually(() => {
    const rest = server.logs().slice(from);
    const match = rest.match(pattern);
    return match ? from + match.index + match[0].length : undefined;
  }, { timeoutMs: 10000, what: `${what}; logs:\n${server.logs()}` });
}

describe('libp2p log lines', () => {
  let server;
  let nodes = [];

  afterEach(async () => {
    for (const node of nodes) await node.stop();
    nodes = [];
    await server?.stop();
    server = undefined;
  });

  test('connection, status with the figures, disconnection, status again', async () => {
    server = await startServer({ env: { SWITCHBOARD_LIBP2P_STATUS_INTERVAL_MS: '200' } });
    const relay = await relayPeer(server);
    // Before anyone connects the status line says so.
    let at = await logAfter(server, 0, /status: 0 peers, 0 connections, 0 reservations, 0 circuits/, 'an empty status line');

    const node = await newNode();
    nodes.push(node);
    const id = node.peerId.toString();
    await node.dial(multiaddr(relay.address), { signal: AbortSignal.timeout(10000) });
    at = await logAfter(server, at, new RegExp(`connection from ${id} \\(/ip4/127\\.0\\.0\\.1/tcp/\\d+\\)`),
      'the connection line');
    at = await logAfter(server, at, /status: 1 peers, 1 connections, 0 reservations, 0 circuits/, 'a status line with the peer');

    await node.stop();
    at = await logAfter(server, at, new RegExp(`${id} disconnected: \\S`), 'the disconnection line');
    await logAfter(server, at, /status: 0 peers, 0 connections, 0 reservations, 0 circuits/, 'a status line without the peer');
  });

  test('the status line comes once per interval, not more often', async () => {
    server = await startServer({ env: { SWITCHBOARD_LIBP2P_STATUS_INTERVAL_MS: '1000' } });
    await relayPeer(server);
    const count = () => (server.logs().match(/status: \d+ peers/g) ?? []).length;
    const poll = { timeoutMs: 10000, intervalMs: 10 };
    const first = await eventually(() => count() >= 1 && count(), { ...poll, what: 'a status line' });
    const seenFirst = Date.now();
    await eventually(() => count() > first, { ...poll, what: 'the next status line' });
    // 1 s apart; the margin covers the 10 ms polling and a busy machine, not a wrong interval.
    const gap = Date.now() - seenFirst;
    assert.ok(gap >= 800 && gap <= 3000, `${gap} ms between status lines`);
  });
});
