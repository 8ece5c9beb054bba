// The reference a pipe has to beat: the smallest useful Node `ws` relay. Two sockets whose paths
// mirror each other (/connection/A/B/doc and /connection/B/A/doc) are joined and every message is
// passed on as it is, binary or text. Run as: node minimal-ws-pipe.mjs PORT
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const waiting = new Map();
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
server.on('connection', (socket, request) => {
  const [, , a, b, doc] = request.url.split('/');
  const mirror = `${b}:${a}:${doc}`;
  const peer = waiting.get(mirror);
  if (!peer) {
    const early = [];
    const hold = (data, isBinary) => early.push([data, isBinary]);
    socket.on('message', hold);
    waiting.set(`${a}:${b}:${doc}`, { socket, early, hold });
    return;
  }
  waiting.delete(mirror);
  peer.socket.off('message', peer.hold);
  for (const [data, isBinary] of peer.early) socket.send(data, { binary: isBinary });
  peer.socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('message', (data, isBinary) => peer.socket.send(data, { binary: isBinary }));
  peer.socket.on('close', () => socket.close());
  socket.on('close', () => peer.socket.close());
});
server.on('listening', () => console.log('listening'));
