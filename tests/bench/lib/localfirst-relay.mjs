// The real @localfirst/relay server from npm, as the original deploys it.
// Run as: node localfirst-relay.mjs PORT
import { Server } from '@localfirst/relay/Server.js';

const server = new Server({ port: Number(process.argv[2]) });
server.listen();
setTimeout(() => console.log('listening'), 200);
