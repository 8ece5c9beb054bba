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
  const { intact, receivedBytes } = await carry(sender, receiver, total);
  sender.close();
  receiver.close();
  return { intact, receivedBytes };
}

// Sends `bytes` from `from` to `to` (open WebSockets joined by the relay) in 64 KiB messages of
// random bytes, holding back while more than 1 MiB is unsent; resolves once `bytes` arrived, with
// whether they match what was sent (by hash) and how many arrived.
export async function carry(from, to, bytes) {
  const sent = createHash('sha256');
  const received = createHash('sha256');
  let receivedBytes = 0;
  const done = new Promise((resolve) => {
    const onMessage = (data) => {
      received.update(data);
      receivedBytes += data.length;
      if (receivedBytes >= bytes) {
        to.off('message', onMessage);
        resolve();
      }
    };
    to.on('message', onMessage);
  });
  for (let offset = 0; offset < bytes; offset += 65536) {
    const chunk = randomBytes(65536);
    sent.update(chunk);
    from.send(chunk);
    while (from.bufferedAmount > 1024 * 1024) await new Promise((r) => setTimeout(r, 2));
  }
  await done;
  return { intact: sent.digest('hex') === received.digest('hex'), receivedBytes };
}
