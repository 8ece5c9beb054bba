// Nodes of a cluster for the cluster tests: switchboard-server processes sharing one Redis, and
// a wait until each sees the others in its heartbeat (links need that).
import { startServer, eventually } from './harness.mjs';

export const DOMAIN = 'relay.test';
export const JWT_SECRET = 'cluster-test-secret-0123456789';

// `jwtSecret: null` starts the node without JWT_SECRET.
export async function startNode(redis, { args = [], env = {}, jwtSecret = JWT_SECRET } = {}) {
  return startServer({
    args: ['--domain', DOMAIN, ...args],
    env: { REDIS_URL: redis.url, ...(jwtSecret === null ? {} : { JWT_SECRET: jwtSecret }), ...env },
  });
}

export async function health(node) {
  return (await fetch(`${node.httpUrl}/health`)).json();
}

// Every node sees the others in its heartbeat before a test relies on links between them.
export async function clusterOf(nodes) {
  for (const node of nodes) {
    await eventually(async () => (await health(node)).cluster?.nodes === nodes.length || undefined,
      { timeoutMs: 10000, what: `node ${node.port} to see ${nodes.length} nodes` });
  }
}
