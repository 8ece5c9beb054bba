// SIGTERM with WebSockets that never answer the relay's close: the relay waits out its grace
// period and exits 0, whatever is still open then. The connections here are raw sockets that
// finish the upgrade and then ignore everything, so they are still open when the grace runs
// out: a lone pairing WebSocket on the relay's own thread, and a localfirst pipe that
// --threads 2 puts on a worker. Repeated, because the grace timer and the connections' own close
// timers run out at about the same moment, in either order (a slot released into the already
// destroyed connection limiter crashed the relay about one run in ten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, eventually, deafWebSocket } from './harness.mjs';

const ROUNDS = 5;

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
