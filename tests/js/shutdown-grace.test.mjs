// SIGTERM with WebSockets that never answer the relay's close: the relay waits out its grace
// period and exits 0, whatever is still open then. The connections here are raw sockets that
// finish the upgrade and then ignore everything, so they are still open when the grace runs
// out: a lone pairing WebSocket on the relay's own thread, and a localfirst pipe that
// --threads 2 puts on a worker. Repeated, because the grace timer and the connections' own close
// timers run out at about the same moment, in either order (a slot released into the already
// destroyed connection limiter crashed the relay about one run in ten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer, eventually } from './harness.mjs';

const ROUNDS = 5;

// A WebSocket upgrade on `path`, then silence; resolves once the 101 has arrived.
function deafWebSocket(port, path) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
        + `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    let head = '';
    const onData = (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) reject(new Error(head));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
}

test('SIGTERM with WebSockets that never answer: the relay exits 0 after its grace period', { timeout: 120000 }, async () => {
  for (let round = 0; round < ROUNDS; ++round) {
    const server = await startServer({ args: ['--threads', '2'] });
    const sockets = [
      await deafWebSocket(server.port, '/p2p'),
      await deafWebSocket(server.port, `/connection/a/b/grace-${round}`),
      await deafWebSocket(server.port, `/connection/b/a/grace-${round}`),
    ];
    await eventually(async () => {
      const { pipesByThread } = await (await fetch(`${server.httpUrl}/stats`)).json();
      return pipesByThread[1] === 1;
    }, { what: 'the pipe on the worker' });
    const started = Date.now();
    const exit = await server.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, `round ${round}: ${server.logs().slice(-2000)}`);
    assert.ok(Date.now() - started < 5000, 'exited within 5 s');
    for (const socket of sockets) socket.destroy();
  }
});
