// Ending a session from outside its service (the tray's "Disconnect"; headless, an admin's
// DELETE /api/admin/sessions/<service>/<id>) for the tunnel and mesh services, with their real
// clients: the peers are disconnected and the session is gone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startServer, eventually } from './harness.mjs';
import { startDesktop } from './tunnel-desktop.mjs';

const server = await startServer();
after(() => server.stop());

async function adminDelete(path) {
  const response = await fetch(`${server.httpUrl}/api/admin/sessions/${path}`, { method: 'DELETE' });
  return { status: response.status, body: await response.json() };
}

async function sessionIds(service) {
  const response = await fetch(`${server.httpUrl}/api/admin/sessions`);
  const { sessions } = await response.json();
  return sessions.filter((s) => s.service === service).map((s) => s.id);
}

test('a tunnel session ends: desktop disconnected, share URL and session API gone', async () => {
  const desktop = await startDesktop({ relayUrl: server.httpUrl, localPort: 9 });
  const { sessionId } = desktop.registered;
  await eventually(async () => (await sessionIds('tunnel')).includes(sessionId), { what: 'the session listed' });
  const disconnected = new Promise((resolve) => desktop.socket.once('disconnect', resolve));

  const answer = await adminDelete(`tunnel/${sessionId}`);
  assert.equal(answer.status, 200);
  assert.equal(await disconnected, 'io server disconnect');

  const lookup = await fetch(`${server.httpUrl}/api/session/${sessionId}`);
  assert.equal(lookup.status, 404);
  await eventually(async () => !(await sessionIds('tunnel')).includes(sessionId), { what: 'the session ended' });
  desktop.socket.close();
});

test('a mesh ends: every node is closed with a reason', async () => {
  const open = (nodeId) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/relay/disconnect-me`);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'join', node_id: nodeId }));
      resolve(ws);
    });
    ws.once('error', reject);
  });
  const a = await open('a');
  const b = await open('b');
  await eventually(async () => (await sessionIds('mesh')).includes('disconnect-me'), { what: 'the mesh listed' });
  const closed = (ws) => new Promise((resolve) => ws.once('close', (code, reason) => resolve([code, reason.toString()])));
  const closes = Promise.all([closed(a), closed(b)]);

  const answer = await adminDelete('mesh/disconnect-me');
  assert.equal(answer.status, 200);
  for (const [code, reason] of await closes) {
    assert.equal(code, 1000);
    assert.equal(reason, "Disconnected by the relay's owner");
  }
  await eventually(async () => !(await sessionIds('mesh')).includes('disconnect-me'), { what: 'the mesh ended' });
});

test('unknown sessions and services are refused', async () => {
  assert.equal((await adminDelete('tunnel/ZZZZZZ')).status, 404);
  assert.equal((await adminDelete('nosuchservice/x')).status, 404);
  assert.equal((await adminDelete('tunnel')).status, 400);
});
