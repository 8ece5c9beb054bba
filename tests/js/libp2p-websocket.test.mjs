// libp2p over WebSocket (PROTOCOLS.md section 5, ARCHITECTURE.md "One port"): a js-libp2p 3 node
// with only @libp2p/websockets dials <relay>/ws/p2p/<relayId>, identifies the relay and pings
// it; pairing still refuses other binary first frames (also a header start that never completes,
// js sends the header split across messages); and B, connected over WebSocket
// only, reaches A (reserved over raw TCP) through the relay's circuit.
// Needs Node 22 (js-libp2p 3): registered with NODE22.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { createLibp2p } from 'libp2p';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import { ping } from '@libp2p/ping';
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2';
import { multiaddr } from '@multiformats/multiaddr';
import WebSocket from 'ws';

import { relayPeer, stoppedAfterEach } from './libp2p-relay.mjs';
import { startServer, eventually } from './harness.mjs';
import { drained, echo, withTimeout } from './libp2p-streams.mjs';

const ECHO = '/echo/1.0.0';

function newNode({ transports, listen = [] }) {
  return createLibp2p({
    addresses: { listen },
    transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
  });
}

describe('libp2p over WebSocket with js-libp2p 3', () => {
  const world = stoppedAfterEach(afterEach);

  test('identify and ping over /ws; a binary non-multistream first frame is still refused by pairing', async () => {
    world.server = await startServer();
    const relay = await relayPeer(world.server);
    const node = await newNode({ transports: [webSockets()] });
    world.nodes.push(node);
    const identified = new Promise((resolve) => {
      node.addEventListener('peer:identify', (event) => {
        if (event.detail.peerId.toString() === relay.peerId) resolve(event.detail);
      });
    });
    const connection = await node.dial(multiaddr(relay.ws), { signal: AbortSignal.timeout(10000) });
    assert.equal(connection.remotePeer.toString(), relay.peerId);
    assert.ok(connection.remoteAddr.toString().includes('/ws'), connection.remoteAddr.toString());

    const info = await withTimeout(identified, 10000, 'identify');
    assert.ok(info.protocols.includes('/ipfs/ping/1.0.0'), JSON.stringify(info.protocols));
    assert.ok(info.agentVersion.startsWith('switchboard/'), info.agentVersion);
    // identify's observedAddr is the WebSocket address the relay saw.
    await world.server.waitForLog(`connection from ${node.peerId.toString()} (/ip4/127.0.0.1/tcp/`);
    assert.match(world.server.logs(), new RegExp(`connection from ${node.peerId.toString()} \\(/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws\\)`));

    for (let i = 0; i < 3; i++) {
      const latency = await node.services.ping.ping(connection.remotePeer, { signal: AbortSignal.timeout(5000) });
      assert.ok(Number.isFinite(latency) && latency >= 0, String(latency));
    }

    // Pairing keeps its rule for every other binary first frame.
    const ws = new WebSocket(`${world.server.wsUrl}/`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.send(Buffer.from('\x13/multistream/1.0.1\n'), { binary: true });
    const { code, reason } = await withTimeout(closed, 5000, 'pairing refusal');
    assert.equal(code, 1002);
    assert.equal(reason, 'First frame must be hello text');

    // A split header start that does not complete is still a binary first frame for pairing.
    const split = new WebSocket(`${world.server.wsUrl}/`);
    await new Promise((resolve, reject) => { split.once('open', resolve); split.once('error', reject); });
    const splitClosed = new Promise((resolve) => split.once('close', (c, r) => resolve({ code: c, reason: r.toString() })));
    split.send(Buffer.from([0x13]), { binary: true });
    split.send('{"type":"hello","code_hash_hex":"abc","role":"sender"}');
    const refused = await withTimeout(splitClosed, 5000, 'pairing refusal after a split header');
    assert.equal(refused.code, 1002);
    assert.equal(refused.reason, 'First frame must be hello text');

    await node.stop();
    world.nodes = [];
    await world.server.waitForLog(`${node.peerId.toString()} disconnected`);
  });

  test('B over WebSocket reaches A (reserved over TCP) through the circuit', async () => {
    world.server = await startServer();
    const relay = await relayPeer(world.server);
    const a = await newNode({ transports: [tcp(), circuitRelayTransport()], listen: [`${relay.tcp}/p2p-circuit`] });
    world.nodes.push(a);
    await a.handle(ECHO, (stream) => { echo(stream); }, { runOnLimitedConnection: true });
    await eventually(() => a.getMultiaddrs().find((ma) => ma.toString().includes('/p2p-circuit')),
      { timeoutMs: 10000, what: 'a relayed listen address on A' });

    const b = await newNode({ transports: [webSockets(), circuitRelayTransport()] });
    world.nodes.push(b);
    const target = multiaddr(`${relay.ws}/p2p-circuit/p2p/${a.peerId}`);
    const stream = await b.dialProtocol(target, ECHO, { runOnLimitedConnection: true, signal: AbortSignal.timeout(10000) });
    const relayConnection = b.getConnections().find((c) => c.remotePeer.toString() === relay.peerId);
    assert.ok(relayConnection, 'B is connected to the relay');
    assert.ok(relayConnection.remoteAddr.toString().includes('/ws'), relayConnection.remoteAddr.toString());

    const payload = randomBytes(256 * 1024);
    const reading = (async () => {
      const chunks = [];
      for await (const buf of stream) chunks.push(Buffer.from(buf.subarray()));
      return Buffer.concat(chunks);
    })();
    for (let offset = 0; offset < payload.length; offset += 16 * 1024) {
      if (!stream.send(payload.subarray(offset, offset + 16 * 1024))) await drained(stream);
    }
    await stream.close();
    const received = await withTimeout(reading, 10000, 'echo through the circuit');
    assert.equal(received.length, payload.length);
    assert.ok(received.equals(payload), 'echoed bytes differ');
    await world.server.waitForLog(`circuit ${b.peerId} -> ${a.peerId} established`);
  });
});
