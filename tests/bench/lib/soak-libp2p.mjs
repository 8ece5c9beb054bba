// The soak's libp2p load: a js-libp2p peer reserved on the relay and another that reaches it
// through the relay, over a new circuit every round (256 KiB echoed and compared, then the
// relayed connection hung up). js-libp2p 3 needs Node 22: soak.mjs runs this only there.
import { randomBytes } from 'node:crypto';
import { libp2pModules } from '../libp2p-bench-modules.mjs';
import { echo, roundTrip } from '../../js/libp2p-streams.mjs';

const ECHO = '/echo/1.0.0';

export async function startLibp2pLoad(port) {
  const m = await libp2pModules();
  const node = (listen = []) => m.createLibp2p({
    addresses: { listen },
    // Every relayed connection comes from the relay's address; js-libp2p's default of 5 inbound
    // connections a second per address would refuse most of this load at the target.
    connectionManager: { inboundConnectionThreshold: 1000 },
    transports: [m.tcp(), m.circuitRelayTransport()],
    connectionEncrypters: [m.noise()],
    streamMuxers: [m.yamux()],
    services: { identify: m.identify() },
  });
  const dialer = await node();
  // Dialing the relay without a PeerId tells us its PeerId.
  const toRelay = await dialer.dial(m.multiaddr(`/ip4/127.0.0.1/tcp/${port}`), { signal: AbortSignal.timeout(10000) });
  const relayAddr = `/ip4/127.0.0.1/tcp/${port}/p2p/${toRelay.remotePeer}`;
  const target = await node([`${relayAddr}/p2p-circuit`]);
  await target.handle(ECHO, (stream) => { echo(stream); }, { runOnLimitedConnection: true });
  for (let waited = 0; !target.getMultiaddrs().some((a) => a.toString().includes('/p2p-circuit')); waited += 50) {
    if (waited > 10000) throw new Error('no reservation on the relay within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const address = m.multiaddr(`${relayAddr}/p2p-circuit/p2p/${target.peerId}`);
  return {
    async round() {
      const stream = await dialer.dialProtocol(address, ECHO, { runOnLimitedConnection: true, signal: AbortSignal.timeout(10000) });
      const payload = randomBytes(256 * 1024);
      const echoed = await roundTrip(stream, payload);
      await dialer.hangUp(target.peerId);
      if (!echoed.equals(payload)) throw new Error(`the echo differs (${echoed.length} of ${payload.length} bytes)`);
    },
    async stop() {
      await dialer.stop();
      await target.stop();
    },
  };
}
