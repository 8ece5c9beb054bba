// The harness itself: the server starts, answers /health, and stops on SIGTERM with exit code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

test('server starts, serves /health and exits 0 on SIGTERM', async () => {
  const server = await startServer();
  const health = await (await fetch(`${server.httpUrl}/health`)).json();
  assert.equal(health.status, 'healthy');
  const { code } = await server.stop();
  assert.equal(code, 0);
});
