// Runs one real @localfirst/relay Client inside a worker thread and reports its events to the test.
//
// Why a worker: while the relay is down, every reconnect attempt of the Client calls join(), whose
// send() polls `isReady()` every 100 ms forever on a socket that will never open. Those timers
// would keep the test process alive after the test; terminating the worker ends them.
//
// workerData: { peerId, url, documentIds }
// to the parent: { event: 'server-connect' | 'server-disconnect' }
//                { event: 'peer-connect' | 'peer-disconnect', peerId, documentId }
//                { event: 'message', peerId, documentId, binary, data }  (data: string | ArrayBuffer)
// from the parent: { cmd: 'send', peerId, documentId, data }
import { parentPort, workerData } from 'node:worker_threads';
import { Client } from './localfirst-client.mjs';

const { peerId, url, documentIds } = workerData;
const client = new Client({ peerId, url, documentIds });
const sockets = new Map(); // `${peerId}\n${documentId}` -> socket

client.on('server-connect', () => parentPort.postMessage({ event: 'server-connect' }));
client.on('server-disconnect', () => parentPort.postMessage({ event: 'server-disconnect' }));
client.on('peer-connect', ({ peerId: remote, documentId, socket }) => {
  sockets.set(`${remote}\n${documentId}`, socket);
  socket.addEventListener('message', ({ data }) => {
    const binary = data instanceof ArrayBuffer;
    parentPort.postMessage({ event: 'message', peerId: remote, documentId, binary, data });
  });
  parentPort.postMessage({ event: 'peer-connect', peerId: remote, documentId });
});
client.on('peer-disconnect', ({ peerId: remote, documentId }) => {
  parentPort.postMessage({ event: 'peer-disconnect', peerId: remote, documentId });
});

parentPort.on('message', ({ cmd, peerId: remote, documentId, data }) => {
  if (cmd !== 'send') return;
  const socket = sockets.get(`${remote}\n${documentId}`);
  if (!socket) throw new Error(`worker ${peerId}: no socket to ${remote}/${documentId}`);
  socket.send(data);
});
