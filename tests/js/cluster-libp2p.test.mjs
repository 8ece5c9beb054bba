// libp2p in cluster mode with real js-libp2p 3 nodes: the nodes share one libp2p identity (so a
// relayed address works through whichever node a load balancer picks), a peer reserved on node A
// is reachable through node B (its circuit crosses a link from B to A, and 4 MiB echo back byte for byte), the
// reservation is a hold in Redis that goes when the peer leaves, a peer reserved nowhere is
// refused, and when the node a circuit passes through dies mid-transfer, the dialer's stream
// fails (it does not hang) and a new dial through a third node works.
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { multiaddr } from '@multiformats/multiaddr';

import { eventually } from './harness.mjs';
import { startRedis } from './redis-server.mjs';
import { startNode, health, clusterOf } from './cluster-nodes.mjs';
import { circuitNode, relayPeer } from './libp2p-relay.mjs';
import { drained, echo, roundTrip, withTimeout } from './libp2p-streams.mjs';

const ECHO = '/echo/1.0.0';
const SINK = '/sink/1.0.0';
const MiB = 1024 * 1024;

// The relayed address of `target` through `relay` (any node of the cluster).
const through = (relay, target) => multiaddr(`${relay.address}/p2p-circuit/p2p/${target.peerId}`);
const dialOptions = () => ({ runOnLimitedConnection: true, signal: AbortSignal.timeout(10000) });

describe('libp2p across a cluster of three nodes', () => {
  let redis;
  let nodes; // [A, B, C] switchboard-server processes
  let relays; // their libp2p addresses
  const peers = [];
  let x; // reserved on A

  before(async () => {
    redis = await startRedis();
    nodes = [await startNode(redis), await startNode(redis), await startNode(redis)];
    await clusterOf(nodes);
    relays = await Promise.all(nodes.map(relayPeer));
    x = await circuitNode([`${relays[0].address}/p2p-circuit`]);
    peers.push(x);
    await x.handle(ECHO, (stream) => { echo(stream); }, { runOnLimitedConnection: true });
    // The sink reads until the dialer's FIN and answers how many bytes it got.
    await x.handle(SINK, async (stream) => {
      let total = 0;
      try {
        for await (const buf of stream) total += buf.byteLength;
        stream.send(new TextEncoder().encode(String(total)));
        await stream.close();
      } catch (err) {
        stream.abort(err);
      }
    }, { runOnLimitedConnection: true });
    await nodes[0].waitForLog(`reservation for ${x.peerId}`);
  });
  after(async () => {
    for (const peer of peers) await peer.stop();
    for (const node of nodes ?? []) await node.stop();
    await redis?.stop();
  });

  test('the nodes are one libp2p peer: the first node\'s identity, shared through Redis', async () => {
    assert.equal(new Set(relays.map((relay) => relay.peerId)).size, 1, relays.map((r) => r.peerId).join(' '));
    await nodes[1].waitForLog(`libp2p identity shared with the cluster: ${relays[0].peerId}`);
  });

  test('the reservation on A is a hold in Redis naming A', async () => {
    const nodeA = (await health(nodes[0])).cluster.node;
    await eventually(() => (redis.cli('GET', `sb:hold:libp2p/${x.peerId}`) === nodeA ? true : undefined),
      { timeoutMs: 5000, what: 'the hold on the reservation' });
  });

  test('a peer dialing through B reaches the peer reserved on A: 4 MiB echo intact', async () => {
    const y = await circuitNode();
    peers.push(y);
    const stream = await y.dialProtocol(through(relays[1], x), ECHO, dialOptions());
    await nodes[1].waitForLog(`circuit ${y.peerId} -> ${x.peerId} (over a link to`);
    await nodes[0].waitForLog(`circuit ${y.peerId} -> ${x.peerId} (over a link from`);
    const payload = randomBytes(4 * MiB);
    const received = await roundTrip(stream, payload);
    assert.equal(received.length, payload.length);
    assert.ok(received.equals(payload), 'echoed bytes differ');
    // Both nodes count the bytes: B into the dialer's session, A into the reserved peer's.
    for (const node of [nodes[0], nodes[1]]) {
      const stats = (await (await fetch(`${node.httpUrl}/stats`)).json()).services.libp2p;
      assert.ok(stats.bytesIn >= 2 * payload.length, JSON.stringify(stats));
    }
  });

  test('a peer reserved nowhere is refused with NO_RESERVATION through any node', async () => {
    const y = await circuitNode();
    const stranger = await circuitNode();
    peers.push(y, stranger);
    await assert.rejects(y.dialProtocol(through(relays[2], stranger), ECHO, dialOptions()), /NO_RESERVATION/);
  });

  test('B dies mid-transfer: the dialer sees its stream fail, and a dial through C works', async () => {
    const y = await circuitNode();
    peers.push(y);
    const stream = await y.dialProtocol(through(relays[1], x), SINK, dialOptions());
    const chunk = randomBytes(64 * 1024);
    let sent = 0;
    // Settles with the error that ends the writer (there is no other way out of its loop).
    const writeFailure = (async () => {
      for (;;) {
        if (!stream.send(chunk)) await drained(stream);
        sent += chunk.length;
      }
    })().catch((err) => err);
    await eventually(() => (sent >= 8 * MiB ? true : undefined), { timeoutMs: 10000, what: '8 MiB on its way' });
    await nodes[1].stop('SIGKILL');
    const failure = await withTimeout(writeFailure, 15000, 'the writer to fail after the relay died');
    assert.ok(failure instanceof Error, String(failure));
    assert.notEqual(stream.status, 'open');

    const z = await circuitNode();
    peers.push(z);
    const again = await z.dialProtocol(through(relays[2], x), SINK, dialOptions());
    const payload = randomBytes(2 * MiB);
    const answer = await roundTrip(again, payload);
    assert.equal(answer.toString(), String(payload.length));
  });

  test('the hold goes when the reserved peer leaves', async () => {
    await x.stop();
    await eventually(() => (redis.cli('EXISTS', `sb:hold:libp2p/${x.peerId}`) === '0' ? true : undefined),
      { timeoutMs: 5000, what: 'the hold released' });
  });
});
