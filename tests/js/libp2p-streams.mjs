// Reading and writing js-libp2p 3 streams the way the libp2p tests and benchmarks need: wait for
// a full send buffer to drain, echo a stream back, push a payload through and read the answer.
const CHUNK = 64 * 1024;

// Resolves once a full stream buffer drained; rejects if the stream closes first.
export function drained(stream) {
  return new Promise((resolve, reject) => {
    const onDrain = () => { cleanup(); resolve(); };
    const onClose = () => { cleanup(); reject(new Error('stream closed while waiting for drain')); };
    const cleanup = () => {
      stream.removeEventListener('drain', onDrain);
      stream.removeEventListener('close', onClose);
    };
    stream.addEventListener('drain', onDrain);
    stream.addEventListener('close', onClose);
  });
}

// `promise`, or a rejection naming `what` once `ms` passed.
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Everything read is written back (waiting for 'drain' when the stream is full); the write side
// closes after the reader's FIN.
export async function echo(stream) {
  try {
    for await (const buf of stream) {
      if (!stream.send(buf)) await drained(stream);
    }
    await stream.close();
  } catch (err) {
    stream.abort(err);
  }
}

// Writes `payload` in chunks and closes the write side, while reading everything that comes
// back until the remote's FIN. Resolves with the bytes read; rejects if the stream fails.
export async function roundTrip(stream, payload) {
  const writing = (async () => {
    for (let offset = 0; offset < payload.length; offset += CHUNK) {
      if (!stream.send(payload.subarray(offset, offset + CHUNK))) await drained(stream);
    }
    await stream.close();
  })();
  const reading = (async () => {
    const chunks = [];
    for await (const buf of stream) chunks.push(Buffer.from(buf.subarray()));
    return Buffer.concat(chunks);
  })();
  const [, received] = await Promise.all([writing, reading]);
  return received;
}
