// The benchmark's receiving node A, in a process of its own so that sender and receiver do not
// share one core: reserves a slot on the relay given as argument, listens on /p2p-circuit, and
// for each stream of SINK_PROTOCOL counts the bytes and answers with the count (8 bytes,
// big-endian) after the sender's FIN. Prints "sink <circuit multiaddr>" once reachable.
import { pathToFileURL } from 'node:url';

// The tests' node factory: its bare imports resolve from tests/js, the pinned js-libp2p 3.
import { circuitNode } from '../js/libp2p-relay.mjs';

export const SINK_PROTOCOL = '/switchboard-bench/sink/1.0.0';

async function sink(stream) {
  let count = 0n;
  for await (const chunk of stream) count += BigInt(chunk.byteLength);
  const answer = Buffer.alloc(8);
  answer.writeBigUInt64BE(count);
  stream.send(answer);
  await stream.close();
}

// Run as a process (the benchmark also imports SINK_PROTOCOL from here).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const relayAddr = process.argv[2];
  const node = await circuitNode([`${relayAddr}/p2p-circuit`]);
  await node.handle(SINK_PROTOCOL, (stream) => { sink(stream).catch(() => {}); }, { runOnLimitedConnection: true });
  const deadline = Date.now() + 10000;
  let circuit;
  while (!(circuit = node.getMultiaddrs().find((ma) => ma.toString().includes('/p2p-circuit')))) {
    if (Date.now() > deadline) throw new Error(`no reservation on ${relayAddr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(`sink ${circuit}`);
  const stop = async () => { await node.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
