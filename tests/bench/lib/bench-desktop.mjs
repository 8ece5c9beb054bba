// The desktop side of the tunnel benchmark, in its own process: a local HTTP server (the "dev
// server") and a Socket.IO desktop client that registers with the relay and answers each
// http:request by asking the local server. Prints "ready <sessionId> <localPort>" when set up.
// Run as: node bench-desktop.mjs RELAY_URL
import http from 'node:http';
import { io } from 'socket.io-client';

const relayUrl = process.argv[2];
const body = Buffer.alloc(1024, 'x');
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  response.end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const localPort = server.address().port;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const desktop = io(relayUrl, { transports: ['websocket'], auth: { role: 'desktop', deviceId: 'bench-desktop', version: 'bench' } });
desktop.on('http:request', (request) => {
  const headers = { ...request.headers };
  delete headers.host;
  const forward = http.request({ host: '127.0.0.1', port: localPort, method: request.method, path: request.url, headers, agent }, (answer) => {
    const chunks = [];
    answer.on('data', (c) => chunks.push(c));
    answer.on('end', () => desktop.emit('http:response', {
      id: request.id, status: answer.statusCode, headers: answer.headers, body: Buffer.concat(chunks).toString('base64'),
    }));
  });
  forward.on('error', () => desktop.emit('http:response', {
    id: request.id, status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Bad Gateway').toString('base64'),
  }));
  if (request.body) forward.write(Buffer.from(request.body, 'base64'));
  forward.end();
});
desktop.once('registered', ({ sessionId }) => console.log(`ready ${sessionId} ${localPort}`));
