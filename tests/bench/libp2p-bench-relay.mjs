// js-libp2p's own Circuit Relay v2 server, the benchmark's reference: a process of its own so
// that its CPU time can be read from /proc/<pid>/stat. Listens on loopback TCP and prints
// "relay <multiaddr>/p2p/<id>". Limits are off (applyDefaultLimit: false), as Switchboard's are
// lifted for the run, so neither relay cuts the 50 MiB transfers.
import { libp2pModules } from './libp2p-bench-modules.mjs';

const { createLibp2p, tcp, noise, yamux, identify, circuitRelayServer } = await libp2pModules();
const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), relay: circuitRelayServer({ reservations: { applyDefaultLimit: false } }) },
});
console.log(`relay ${node.getMultiaddrs()[0]}`);
const stop = async () => { await node.stop(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
