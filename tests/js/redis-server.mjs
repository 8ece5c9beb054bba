// A real redis-server on a free loopback port for the cluster tests, and redis-cli to look inside.
import { spawn, execFileSync } from 'node:child_process';
import { eventually } from './harness.mjs';
import { freePort } from '../bench/lib/bench-util.mjs';

export async function startRedis(port) {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    cli: (...args) => execFileSync('redis-cli', ['-p', String(port), '--raw', ...args]).toString().trim(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await eventually(() => {
    try { return redis.cli('PING') === 'PONG'; } catch { return undefined; }
  }, { timeoutMs: 10000, what: 'redis-server to answer PING' });
  return redis;
}
