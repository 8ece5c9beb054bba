// The desktop's local HTTP server in the tunnel benchmark (the dev server the browser wants to
// reach): answers every request with 1 KiB. Prints "listening <port>". Run as: node local-http-server.mjs
import http from 'node:http';

const body = Buffer.alloc(1024, 'x');
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  response.end(body);
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
