// The honest side of the abuse tests: a localfirst pipe from 127.0.0.2 (so the per-address limits
// meant for attackers on other loopback addresses leave it alone), 8 MiB in 64 KiB messages,
// compared by hash. Resolves with whether every byte arrived in order, and how many arrived.
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export async function honestLocalfirstPipe(server, doc) {
  const open = (path) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}${path}`, { localAddress: '127.0.0.2', perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
  const receiver = await open(`/connection/b/a/${doc}`);
  const sender = await open(`/connection/a/b/${doc}`);
  const total = 8 * 1024 * 1024;
  const sent = createHash('sha256');
  const received = createHash('sha256');
  let receivedBytes = 0;
  const done = new Promise((resolve) => receiver.on('message', (data) => {
    received.update(data);
    receivedBytes += data.length;
    if (receivedBytes >= total) resolve();
  }));
  for (let offset = 0; offset < total; offset += 65536) {
    const chunk = randomBytes(65536);
    sent.update(chunk);
    sender.send(chunk);
    while (sender.bufferedAmount > 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
  }
  await done;
  sender.close();
  receiver.close();
  return { intact: sent.digest('hex') === received.digest('hex'), receivedBytes };
}
