// Phone pairing and paired devices against the real server (docs/pairing-devices.md): the admin
// API over loopback, the /pair page, POST /api/pair with its lock-out and rate limit, a device
// token admitting a real socket.io-client browser to a desktop's session and a node to a protected
// mesh, revocation cutting both, and `switchboard-server pair` whose terminal QR code decodes
// (zbarimg) to the pairing URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { startServer, eventually, serverBinary, sanitizerEnvironment } from './harness.mjs';
import { startDesktop } from './tunnel-desktop.mjs';

const MESH = 'family-mesh';
const MESH_SECRET = 'family-mesh-configured-secret';
const UNAMBIGUOUS = /^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/;

// One HTTP request to the relay; `host` overrides the Host header (the admin API trusts only
// loopback requests that name a loopback host).
function request(server, { method = 'GET', path = '/', headers = {}, body, host } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request({
      host: '127.0.0.1', port: server.port, method, path, agent: false,
      headers: {
        ...(host ? { host } : {}),
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...headers,
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const issueCode = async (server) => {
  const r = await request(server, { method: 'POST', path: '/api/admin/pairing-code' });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const redeem = (server, code, name = 'Test phone') =>
  request(server, { method: 'POST', path: '/api/pair', body: { code, name } });

// Rebuilds the bitmap a QR code drawing shows and asks zbarimg what it says.
function decodeWithZbar(rows) {
  const scale = 4;
  const width = rows[0].length * scale;
  const lines = [`P1`, `${width} ${rows.length * scale}`];
  for (const row of rows) {
    const line = row.map((dark) => (dark ? '1' : '0').repeat(scale).split('').join(' ')).join(' ');
    for (let i = 0; i < scale; i++) lines.push(line);
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-qr-'));
  try {
    const file = join(dir, 'qr.pbm');
    writeFileSync(file, lines.join('\n') + '\n');
    const result = spawnSync('zbarimg', ['--nodbus', '--quiet', '--raw', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, `zbarimg found no QR code: ${result.stderr}`);
    return result.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The terminal drawing: two module rows per line, '█' both light, '▀' upper light, '▄' lower
// light, ' ' both dark.
function terminalQrRows(text) {
  const lines = text.split('\n').filter((l) => l.length > 20 && /^[ █▀▄]+$/.test(l));
  assert.ok(lines.length > 10, `no QR code drawing in:\n${text}`);
  const rows = [];
  for (const line of lines) {
    rows.push([...line].map((c) => !(c === '█' || c === '▀')));
    rows.push([...line].map((c) => !(c === '█' || c === '▄')));
  }
  return rows;
}

// The SVG: one "Mx,yh1v1h-1z" square per dark module in a viewBox that includes the quiet zone.
function svgQrRows(svg) {
  const size = Number(svg.match(/viewBox="0 0 (\d+) \1"/)[1]);
  const rows = Array.from({ length: size }, () => new Array(size).fill(false));
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) rows[Number(y)][Number(x)] = true;
  return rows;
}

function runPair(args) {
  return new Promise((resolve) => {
    execFile(serverBinary, ['pair', ...args], { env: { PATH: process.env.PATH, ...sanitizerEnvironment() }, timeout: 20000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

function meshSocket(server, token, nodeId) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/relay/${MESH}`);
    ws.inbox = [];
    ws.closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (data) => ws.inbox.push(JSON.parse(data.toString())));
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'join', node_id: nodeId, token })));
    resolve(ws);
  });
}

describe('phone pairing and paired devices', () => {
  let server;
  before(async () => {
    server = await startServer({
      args: ['--mesh-tokens', `${MESH}=${MESH_SECRET}`, '--tunnel-connect-burst', '1000'],
    });
  });
  after(async () => { await server?.stop(); });

  test('the admin API answers this machine only, or the admin token', async () => {
    const code = await issueCode(server);
    assert.match(code.code, UNAMBIGUOUS);
    assert.equal(code.url, `http://localhost:${server.port}/pair#${code.code}`);
    const left = (Date.parse(code.expiresAt) - Date.now()) / 1000;
    assert.ok(left > 290 && left <= 301, `expires in ${left} s`);

    // A page whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host: not admin.
    const rebound = await request(server, { method: 'POST', path: '/api/admin/pairing-code', host: 'evil.example' });
    assert.equal(rebound.status, 401);
    assert.match(rebound.json.error, /Admin only/);
    // A reverse proxy on this machine passing on a stranger's request: not admin.
    const proxied = await request(server, { path: '/api/admin/devices', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 401);
    // The admin token (0600 file in the data directory) admits from anywhere.
    const { readFileSync } = await import('node:fs');
    const token = readFileSync(join(server.dataDir, 'admin-token'), 'utf8').trim();
    const withToken = await request(server, {
      path: '/api/admin/devices', host: 'evil.example', headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(withToken.status, 200, withToken.text);
    const wrongToken = await request(server, {
      path: '/api/admin/devices', host: 'evil.example', headers: { authorization: `Bearer ${token.slice(1)}x` },
    });
    assert.equal(wrongToken.status, 401);
  });

  test('GET /pair serves the phone page', async () => {
    const r = await request(server, { path: '/pair' });
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /text\/html/);
    assert.match(r.text, /Pair this phone/);
    assert.match(r.text, /\/api\/pair/);
    assert.match(r.headers['content-security-policy'], /frame-ancestors 'none'/);
    // The status page carries the admin part (shown once the admin API answers it).
    const status = await request(server, { path: '/' });
    assert.match(status.text, /<section id="admin" hidden>/);
    assert.match(status.text, /pairing-qr\.svg/);
  });

  test('five wrong codes lock the code; bad input is 400; a used code is 410', async () => {
    const { code } = await issueCode(server);
    const wrong = code.startsWith('A') ? 'CCCCCCCC' : 'AAAAAAAA';
    for (let i = 1; i <= 4; i++) {
      const r = await redeem(server, wrong);
      assert.equal(r.status, 403, r.text);
    }
    const fifth = await redeem(server, wrong);
    assert.equal(fifth.status, 423);
    assert.match(fifth.json.error, /locked/);
    // Locked means locked, also for the right code.
    assert.equal((await redeem(server, code)).status, 423);
    assert.equal((await request(server, { path: '/api/admin/pairing-code' })).status, 404);

    assert.equal((await request(server, { method: 'POST', path: '/api/pair', body: 'not json' })).status, 400);
    assert.equal((await request(server, { method: 'POST', path: '/api/pair', body: { code: 42 } })).status, 400);
    assert.equal((await redeem(server, 'ABC', 'x'.repeat(300))).status, 400);

    const fresh = await issueCode(server);
    const paired = await redeem(server, fresh.code.toLowerCase(), 'Pixel\u0007 of Ana');
    assert.equal(paired.status, 200, paired.text);
    assert.equal(paired.json.name, 'Pixel of Ana');
    assert.match(paired.json.token, /^sbd_[A-Za-z0-9_-]{43}$/);
    assert.equal(paired.headers['cache-control'], 'no-store');
    const again = await redeem(server, fresh.code);
    assert.equal(again.status, 410);
    assert.match(again.json.error, /already been used/);
    // Revoked at once, so the next test starts from a clean device list.
    assert.equal((await request(server, { method: 'DELETE', path: `/api/admin/devices/${paired.json.deviceId}` })).status, 200);
  });

  test('a device token joins a desktop session and a protected mesh; revoking cuts both', async () => {
    const { code } = await issueCode(server);
    const paired = await redeem(server, code, 'Ana phone');
    assert.equal(paired.status, 200, paired.text);
    const { deviceId, token } = paired.json;

    const devices = (await request(server, { path: '/api/admin/devices' })).json.devices;
    assert.deepEqual(devices.map((d) => [d.id, d.name]), [[deviceId, 'Ana phone']]);
    // Only the hash of the token is kept.
    const { readFileSync } = await import('node:fs');
    const stored = readFileSync(join(server.dataDir, 'devices.json'), 'utf8');
    assert.ok(!stored.includes(token));
    const { createHash } = await import('node:crypto');
    assert.ok(stored.includes(createHash('sha256').update(token).digest('hex')));

    const desktop = await startDesktop({ relayUrl: server.httpUrl });
    const { sessionId } = desktop.registered;
    const browser = io(server.httpUrl, {
      forceNew: true, reconnection: false, transports: ['websocket'],
      auth: { role: 'client', token, sessionId },
    });
    const refusedOrConnected = (socket) => new Promise((resolve) => {
      socket.once('connected', () => resolve('connected'));
      socket.once('error', (message) => resolve(`error: ${message}`));
      socket.once('connect_error', (e) => resolve(`connect_error: ${e.message}`));
    });
    assert.equal(await refusedOrConnected(browser), 'connected');
    // The browser really reaches the desktop through the session.
    const answer = await browser.timeout(5000).emitWithAck('hello', 'from the phone');
    assert.deepEqual(answer, { event: 'hello', args: ['from the phone'] });

    const forged = io(server.httpUrl, {
      forceNew: true, reconnection: false, transports: ['websocket'],
      auth: { role: 'client', token: `sbd_${'A'.repeat(43)}`, sessionId },
    });
    assert.equal(await refusedOrConnected(forged), 'error: Invalid or expired token');
    forged.close();

    const node = await meshSocket(server, token, 'phone-node');
    await eventually(() => node.inbox.some((m) => m.type === 'joined'), { what: 'mesh joined' });
    const stranger = await meshSocket(server, 'not-a-token', 'stranger');
    assert.equal((await stranger.closed).code, 1008);

    const browserGone = new Promise((resolve) => browser.once('disconnect', resolve));
    const revoked = await request(server, { method: 'DELETE', path: `/api/admin/devices/${deviceId}` });
    assert.equal(revoked.status, 200, revoked.text);
    await browserGone;
    assert.deepEqual(await node.closed, { code: 1008, reason: 'Device revoked' });
    assert.deepEqual((await request(server, { path: '/api/admin/devices' })).json.devices, []);
    assert.equal((await request(server, { method: 'DELETE', path: `/api/admin/devices/${deviceId}` })).status, 404);

    // The token no longer admits anywhere.
    const late = io(server.httpUrl, {
      forceNew: true, reconnection: false, transports: ['websocket'],
      auth: { role: 'client', token, sessionId },
    });
    assert.equal(await refusedOrConnected(late), 'error: Invalid or expired token');
    late.close();
    const lateNode = await meshSocket(server, token, 'phone-node');
    assert.equal((await lateNode.closed).code, 1008);
    browser.close();
    desktop.socket.close();
  });

  test('the QR code served as SVG decodes to the pairing URL', async () => {
    const { url } = await issueCode(server);
    const r = await request(server, { path: '/api/admin/pairing-qr.svg' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/svg+xml');
    assert.equal(decodeWithZbar(svgQrRows(r.text)), url);
    assert.equal((await request(server, { path: '/api/admin/pairing-qr.svg', host: 'evil.example' })).status, 401);
  });

  test('switchboard-server pair prints the code, the URL and a QR code of the URL', async () => {
    const result = await runPair(['--port', String(server.port), '--host', '127.0.0.1', '--data-dir', server.dataDir]);
    assert.equal(result.code, 0, result.stderr);
    const code = result.stdout.match(/Pairing code: (\S+)/)[1];
    assert.match(code, UNAMBIGUOUS);
    const url = `http://localhost:${server.port}/pair#${code}`;
    assert.ok(result.stdout.includes(url), result.stdout);
    assert.equal(decodeWithZbar(terminalQrRows(result.stdout)), url);
    // It is the relay's live code.
    assert.equal((await request(server, { path: '/api/admin/pairing-code' })).json.code, code);
  });
});

describe('pairing limits', () => {
  test('attempts are rate-limited per address', async () => {
    const server = await startServer();
    try {
      const statuses = [];
      for (let i = 0; i < 22; i++) statuses.push((await redeem(server, 'WRONGONE')).status);
      // Twenty at once (no code is live: 403), then 429 with Retry-After.
      assert.deepEqual(statuses.slice(0, 20), new Array(20).fill(403));
      assert.deepEqual(statuses.slice(20), [429, 429]);
      const limited = await redeem(server, 'WRONGONE');
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
    } finally {
      await server.stop();
    }
  });

  test('with --admin-loopback no only the admin token admits, and the pair command sends it', async () => {
    const server = await startServer({ args: ['--admin-loopback', 'no'] });
    try {
      assert.equal((await request(server, { method: 'POST', path: '/api/admin/pairing-code' })).status, 401);
      const result = await runPair(['--port', String(server.port), '--host', '127.0.0.1', '--data-dir', server.dataDir]);
      assert.equal(result.code, 0, result.stderr);
      const code = result.stdout.match(/Pairing code: (\S+)/)[1];
      // Without the data directory (so without the token) it is refused, and says so.
      const elsewhere = mkdtempSync(join(tmpdir(), 'switchboard-empty-'));
      try {
        const refused = await runPair(['--port', String(server.port), '--host', '127.0.0.1', '--data-dir', elsewhere]);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /refused: Admin only/);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
      assert.equal((await redeem(server, code)).status, 200);
    } finally {
      await server.stop();
    }
  });

  test('devices survive a restart; the pair command says clearly when no relay answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-devices-'));
    try {
      let server = await startServer({ dataDir });
      const { code } = await issueCode(server);
      const { deviceId, token } = (await redeem(server, code)).json;
      const port = server.port;
      await server.stop();

      const none = await runPair(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir]);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /no relay answers on 127\.0\.0\.1:\d+/);

      server = await startServer({ dataDir });
      try {
        const devices = (await request(server, { path: '/api/admin/devices' })).json.devices;
        assert.deepEqual(devices.map((d) => d.id), [deviceId]);
        const desktop = await startDesktop({ relayUrl: server.httpUrl });
        const browser = io(server.httpUrl, {
          forceNew: true, reconnection: false, transports: ['websocket'],
          auth: { role: 'client', token, sessionId: desktop.registered.sessionId },
        });
        await new Promise((resolve, reject) => {
          browser.once('connected', resolve);
          browser.once('error', (m) => reject(new Error(m)));
        });
        browser.close();
        desktop.socket.close();
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
