// Small helpers around `ws` for the localfirst and pairing tests: every socket records what it
// receives from the moment it is created, so no frame can slip past a listener attached late.
import WebSocket from 'ws';

const DEFAULT_TIMEOUT_MS = 10000;

export class Recorder {
  constructor(ws, label = 'socket') {
    this.ws = ws;
    this.label = label;
    this.messages = []; // { data: Buffer, isBinary: boolean }
    this.consumed = 0;
    this.closeInfo = null; // { code, reason }
    this.errors = [];
    this.pongs = 0;
    this.waiters = new Set();
    this.recording = true; // false: frames are only counted (for bulk transfers read elsewhere)
    this.unrecorded = 0;
    ws.on('message', (data, isBinary) => {
      if (!this.recording) {
        this.unrecorded += 1;
        return;
      }
      this.messages.push({ data: Buffer.from(data), isBinary });
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', (error) => { this.errors.push(error); this.wake(); });
    ws.on('pong', () => { this.pongs += 1; this.wake(); });
  }

  wake() { for (const waiter of this.waiters) waiter(); }

  // Waits until `check()` returns something other than undefined and returns it.
  waitFor(check, { timeoutMs = DEFAULT_TIMEOUT_MS, what = 'condition' } = {}) {
    return new Promise((resolve, reject) => {
      let timer;
      const attempt = () => {
        let value;
        try {
          value = check();
        } catch (error) {
          this.waiters.delete(attempt);
          clearTimeout(timer);
          reject(error);
          return;
        }
        if (value !== undefined) {
          this.waiters.delete(attempt);
          clearTimeout(timer);
          resolve(value);
        }
      };
      timer = setTimeout(() => {
        this.waiters.delete(attempt);
        reject(new Error(`${this.label}: timed out waiting for ${what}`
          + ` (received ${this.messages.length} messages, close: ${JSON.stringify(this.closeInfo)})`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  // The next message not yet consumed. Fails if the socket closes first.
  next(options = {}) {
    return this.waitFor(() => {
      if (this.consumed < this.messages.length) return this.messages[this.consumed++];
      if (this.closeInfo) {
        throw new Error(`${this.label}: closed (${this.closeInfo.code} "${this.closeInfo.reason}")`
          + ' while a message was expected');
      }
      return undefined;
    }, { what: 'a message', ...options });
  }

  // The next `count` messages.
  async take(count, options = {}) {
    const out = [];
    for (let i = 0; i < count; i++) out.push(await this.next(options));
    return out;
  }

  // Resolves with { code, reason } once the socket is closed.
  closed(options = {}) {
    return this.waitFor(() => this.closeInfo ?? undefined, { what: 'close', ...options });
  }

  // Sends a ping and waits for its pong. A pong proves the server has read everything sent before.
  async roundTrip(options = {}) {
    const before = this.pongs;
    this.ws.ping();
    await this.waitFor(() => (this.pongs > before ? true : undefined), { what: 'pong', ...options });
  }

  // Resolves when `data` has been handed to the kernel.
  send(data, options = {}) {
    return new Promise((resolve, reject) => {
      this.ws.send(data, options, (error) => (error ? reject(error) : resolve()));
    });
  }

  sendText(text) { return this.send(text, { binary: false }); }
  sendBinary(bytes) { return this.send(bytes, { binary: true }); }

  get isOpen() { return this.ws.readyState === WebSocket.OPEN; }
  get unconsumed() { return this.messages.length - this.consumed; }
}

// Opens a WebSocket (no compression, like the real clients) and resolves with its Recorder once
// open; rejects with the HTTP status if the upgrade is refused.
export function openSocket(url, { label = url, track, ...options } = {}) {
  const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
  const recorder = new Recorder(ws, label);
  track?.add(recorder);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(recorder));
    ws.once('unexpected-response', (request, response) => {
      reject(new Error(`${label}: upgrade refused with HTTP ${response.statusCode}`));
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

// Terminates every tracked socket that is still open and waits until all are closed.
export async function closeAll(track) {
  const pending = [];
  for (const recorder of track) {
    if (recorder.ws.readyState !== WebSocket.CLOSED) {
      pending.push(new Promise((resolve) => recorder.ws.once('close', resolve)));
      recorder.ws.terminate();
    }
  }
  track.clear();
  await Promise.all(pending);
}

export function asText(message) { return message.data.toString('utf8'); }
