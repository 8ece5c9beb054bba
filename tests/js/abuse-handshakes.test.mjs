// Abuse: handshakes that never finish, beside honest traffic. From their own loopback addresses,
// attackers open connections and stall inside each handshake the relay speaks: a TLS ClientHello
// cut short, a TLS session that never sends a byte, libp2p stopped after multistream-select and
// inside Noise, a pairing WebSocket that never says hello, a Socket.IO session that never
// CONNECTs. Every one must be closed by the relay within its documented deadline (none may stay
// forever), while an honest 8 MiB pipe and /health from other addresses lose nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startServer, httpRequest } from './harness.mjs';
import { honestLocalfirstPipe } from './honest-pipe.mjs';

const HEAD_TIMEOUT_S = 3;
// The relay's own deadlines for the handshakes behind the head (PROTOCOLS.md, docs).
const LIBP2P_UPGRADE_S = 20;
const PAIRING_HELLO_S = 30;
const SOCKETIO_CONNECT_S = 45;
const PER_KIND = 100;

let server;
let certDir;

before(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'switchboard-abuse-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  server = await startServer({
    args: ['--head-timeout', String(HEAD_TIMEOUT_S), '--tls-cert', join(certDir, 'cert.pem'),
      '--tls-key', join(certDir, 'key.pem')],
  });
});
after(async () => {
  await server?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

// Each deadline runs from the moment the relay has the connection, so the clocks below start when
// the TCP connection (or the WebSocket) is up, not before: with 600 connections opened at once on
// a busy machine, connecting alone can take a while, and that is not the relay's to answer for.

// A raw connection from `localAddress` that writes `bytes` and then nothing; resolves with the
// time from connecting until the relay closed it.
function stalled(localAddress, bytes) {
  return new Promise((resolve) => {
    let started = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port: server.port, localAddress }, () => {
      started = Date.now();
      socket.write(bytes);
    });
    socket.on('error', () => {});
    socket.resume(); // read what the relay answers, or its end would never be seen
    socket.on('close', () => resolve(Date.now() - started));
  });
}

// A TLS session that completes its handshake and then sends nothing.
function silentTls(localAddress) {
  return new Promise((resolve) => {
    let started = Date.now();
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, localAddress, rejectUnauthorized: false });
    socket.once('connect', () => { started = Date.now(); });
    socket.on('error', () => {});
    socket.resume();
    socket.on('close', () => resolve(Date.now() - started));
  });
}

// A WebSocket on `path` that opens and then never speaks; resolves with its close.
function silentWebSocket(localAddress, path) {
  return new Promise((resolve) => {
    let started = Date.now();
    const ws = new WebSocket(`${server.wsUrl}${path}`, { localAddress, perMessageDeflate: false });
    ws.once('open', () => { started = Date.now(); });
    ws.on('error', () => {});
    ws.on('close', (code) => resolve({ ms: Date.now() - started, code }));
  });
}

// The first bytes of a TLS ClientHello: record header and handshake header, then nothing.
const PARTIAL_CLIENT_HELLO = Buffer.from('160301020001000200030300', 'hex');
const MULTISTREAM = Buffer.from('\x13/multistream/1.0.0\n');
// multistream-select agreed on /noise, then the first bytes of a Noise XX message 1 (a 2-byte
// length that promises 32 bytes, and 5 of them).
const NOISE_CUT_SHORT = Buffer.concat([MULTISTREAM, Buffer.from('\x07/noise\n'), Buffer.from([0, 32, 1, 2, 3, 4, 5])]);

const honestPipe = async (doc) => (await honestLocalfirstPipe(server, doc)).intact;

test('handshakes that never finish are all closed in time; honest traffic loses nothing', { timeout: 120000 }, async () => {
  const times = (n, start) => Array.from({ length: n }, (_, i) => start(i));
  const attacks = {
    tlsCutShort: times(PER_KIND, () => stalled('127.0.0.11', PARTIAL_CLIENT_HELLO)),
    tlsSilent: times(PER_KIND, () => silentTls('127.0.0.12')),
    libp2pAfterMultistream: times(PER_KIND, () => stalled('127.0.0.13', MULTISTREAM)),
    libp2pInsideNoise: times(PER_KIND, () => stalled('127.0.0.14', NOISE_CUT_SHORT)),
    pairingWithoutHello: times(PER_KIND, () => silentWebSocket('127.0.0.15', '/')),
    socketIoWithoutConnect: times(PER_KIND, () => silentWebSocket('127.0.0.16', '/socket.io/?EIO=4&transport=websocket')),
  };

  // While all of them hang on, honest clients are served.
  assert.equal((await httpRequest(server, { path: '/health' })).status, 200);
  assert.ok(await honestPipe('during-the-stalls'), 'the honest pipe arrived intact');

  const settled = {};
  for (const [kind, closes] of Object.entries(attacks)) settled[kind] = await Promise.all(closes);
  const slowest = (kind) => Math.max(...settled[kind].map((r) => (typeof r === 'number' ? r : r.ms)));
  const within = (kind, seconds) => assert.ok(slowest(kind) <= (seconds + 3) * 1000,
    `${kind}: the last was closed after ${slowest(kind)} ms (deadline ${seconds} s)`);
  within('tlsCutShort', HEAD_TIMEOUT_S);
  within('tlsSilent', HEAD_TIMEOUT_S);
  within('libp2pAfterMultistream', LIBP2P_UPGRADE_S);
  within('libp2pInsideNoise', LIBP2P_UPGRADE_S);
  within('pairingWithoutHello', PAIRING_HELLO_S);
  within('socketIoWithoutConnect', SOCKETIO_CONNECT_S);
  // Closed by the relay with a reason, not dropped.
  assert.ok(settled.pairingWithoutHello.every((r) => r.code !== 1006), JSON.stringify(settled.pairingWithoutHello.slice(0, 3)));

  const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
  assert.match(metrics, /tls_handshake_timeout"?\}? [1-9]/);
  assert.match(metrics, /no_data_timeout"?\}? [1-9]/);
  assert.equal((await httpRequest(server, { path: '/health' })).status, 200);
  assert.ok(await honestPipe('after-the-stalls'), 'the honest pipe after the attack arrived intact');
});
