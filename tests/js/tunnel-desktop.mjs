// A test stand-in for Clode Studio's desktop on the tunnel relay (PROTOCOLS.md section 1 and
// docs/tunnel.md): it registers with the real socket.io-client over WebSocket, answers the
// relay's `http:request` events against a local HTTP server, answers `bridge:request` with a
// handler, and carries tunnelled WebSockets (`ws:*` events) to the local server with `ws`.
//
//   const desktop = await startDesktop({ relayUrl, localPort, handlers });
//   desktop.registered   // { sessionId, url, token, connectUrl } of the first `registered`
//   await desktop.stop();
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

// A handler may return this to leave a request unanswered (a desktop that went silent).
export const NO_ANSWER = Symbol('no answer');

// Request headers that describe the hop between browser and relay, or that the WebSocket
// handshake to the local server makes up again by itself.
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade',
  'proxy-connection', 'te', 'trailer', 'content-length']);
const WS_HANDSHAKE = new Set([...HOP_BY_HOP, 'sec-websocket-key', 'sec-websocket-version',
  'sec-websocket-extensions', 'sec-websocket-protocol']);

function pickHeaders(headers, skip) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!skip.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

/**
 * Starts a desktop and resolves once the relay has sent `registered` (unless
 * `waitForRegistration` is false).
 *
 * Options:
 *   relayUrl     the relay's base URL (http://127.0.0.1:<port>)
 *   deviceId     defaults to a fresh UUID v4
 *   localPort    port of the local HTTP (and WebSocket) server on 127.0.0.1
 *   version      auth.version (default '1.0.0-test')
 *   handlers     { bridge(event, args, request), event(name, args), http(request) }, all optional:
 *                  bridge  answers an acknowledged browser event (default: {event, args});
 *                          return NO_ANSWER to stay silent; may return a promise
 *                  event   sees every other event the relay forwards (a plain browser event)
 *                  http    sees each http:request first; return NO_ANSWER to never answer it,
 *                          a {status, headers, body: Buffer} to answer it directly, or
 *                          undefined to proxy it to the local server
 *   socketOptions extra socket.io-client options
 */
export async function startDesktop({ relayUrl, deviceId = randomUUID(), localPort, version = '1.0.0-test',
  handlers = {}, socketOptions = {}, waitForRegistration = true, timeoutMs = 10000 } = {}) {
  const desktop = new EventEmitter();
  desktop.deviceId = deviceId;
  desktop.registrations = [];
  desktop.registered = undefined;
  desktop.events = []; // [name, args] of forwarded plain events, in arrival order
  desktop.httpRequests = []; // every http:request payload as received
  desktop.httpResponses = []; // [request, {status, headers, body: Buffer}] as answered
  desktop.bridgeRequests = []; // every bridge:request payload as received
  desktop.wsStreams = new Map(); // id -> { local: WebSocket, url, headers, closed }
  const agent = new http.Agent({ keepAlive: false });

  const socket = io(relayUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { role: 'desktop', deviceId, version },
    ...socketOptions,
  });
  desktop.socket = socket;

  socket.on('registered', (info) => {
    desktop.registrations.push(info);
    // Clode keeps showing the first URL it was given.
    desktop.registered ??= info;
    desktop.emit('registered', info);
  });

  socket.on('http:request', async (request) => {
    desktop.httpRequests.push(request);
    desktop.emit('http:request', request);
    let answer;
    try {
      answer = handlers.http ? await handlers.http(request) : undefined;
      if (answer === NO_ANSWER) return;
      answer ??= await proxyToLocal(request);
    } catch (error) {
      desktop.emit('local-error', error);
      answer = { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Bad Gateway') };
    }
    if (!socket.connected) return;
    desktop.httpResponses.push([request, answer]);
    socket.emit('http:response', {
      id: request.id,
      status: answer.status,
      headers: answer.headers ?? {},
      body: Buffer.from(answer.body ?? '').toString('base64'),
    });
  });

  function proxyToLocal(request) {
    return new Promise((resolve, reject) => {
      const body = request.body ? Buffer.from(request.body, 'base64') : null;
      const headers = pickHeaders(request.headers, HOP_BY_HOP);
      if (body) headers['content-length'] = String(body.length);
      const local = http.request({
        host: '127.0.0.1', port: localPort, method: request.method, path: request.url, headers, agent,
      }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      local.on('error', reject);
      local.end(body ?? undefined);
    });
  }

  socket.on('bridge:request', async (request) => {
    desktop.bridgeRequests.push(request);
    desktop.emit('bridge:request', request);
    const { requestId, event, args } = request;
    let response;
    try {
      response = handlers.bridge ? await handlers.bridge(event, args, request) : { event, args };
    } catch (error) {
      response = { error: String(error?.message ?? error) };
    }
    if (response === NO_ANSWER || !socket.connected) return;
    socket.emit('bridge:response', { requestId, response });
  });

  // --- tunnelled WebSockets -------------------------------------------------------------------
  socket.on('ws:open', ({ id, url, headers, protocol }) => {
    // The relay already told the browser it speaks `protocol` (the first one offered): ask the
    // local server for exactly that one.
    const protocols = protocol ? [protocol] : [];
    const local = new WebSocket(`ws://127.0.0.1:${localPort}${url}`, protocols,
      { headers: pickHeaders(headers, WS_HANDSHAKE), perMessageDeflate: false });
    // Browser frames flow before the local socket is open: keep them until it is.
    const stream = { id, url, headers, local, early: [], paused: false, closed: false };
    desktop.wsStreams.set(id, stream);
    const finish = () => {
      stream.closed = true;
      desktop.wsStreams.delete(id);
    };
    local.on('open', () => {
      if (stream.closed) return;
      for (const [data, binary] of stream.early) local.send(data, { binary });
      stream.early = [];
      if (stream.paused) local.pause();
      socket.emit('ws:opened', { id });
      desktop.emit('ws:opened', stream);
    });
    local.on('message', (data, isBinary) => {
      if (stream.closed) return;
      socket.emit('ws:message', isBinary
        ? { id, data: Buffer.from(data).toString('base64'), binary: true }
        : { id, data: data.toString(), binary: false });
    });
    local.on('close', (code, reason) => {
      if (stream.closed) return;
      finish();
      socket.emit('ws:close', { id, code, reason: reason.toString() });
      desktop.emit('ws:closed', stream);
    });
    local.on('error', (error) => {
      if (stream.closed) return;
      finish();
      socket.emit('ws:error', { id, message: error.message });
      desktop.emit('ws:closed', stream);
    });
  });

  socket.on('ws:message', ({ id, data, binary }) => {
    const stream = desktop.wsStreams.get(id);
    if (!stream) return;
    const payload = binary ? Buffer.from(data, 'base64') : data;
    if (stream.local.readyState === WebSocket.CONNECTING) stream.early.push([payload, !!binary]);
    else if (stream.local.readyState === WebSocket.OPEN) stream.local.send(payload, { binary: !!binary });
  });

  socket.on('ws:close', ({ id, code, reason }) => {
    const stream = desktop.wsStreams.get(id);
    if (!stream) return;
    stream.closed = true; // the relay's side is over: no ws:close back
    desktop.wsStreams.delete(id);
    if (stream.local.readyState === WebSocket.CONNECTING) {
      stream.local.terminate();
    } else {
      const valid = Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
      stream.local.close(valid ? code : 1000, String(reason ?? '').slice(0, 123));
    }
    desktop.emit('ws:closed', stream);
  });

  socket.on('ws:pause', ({ id }) => {
    const stream = desktop.wsStreams.get(id);
    if (!stream) return;
    stream.paused = true;
    stream.local.pause(); // a no-op while still connecting; 'open' pauses then
    desktop.emit('ws:pause', stream);
  });

  socket.on('ws:resume', ({ id }) => {
    const stream = desktop.wsStreams.get(id);
    if (!stream) return;
    stream.paused = false;
    stream.local.resume();
    desktop.emit('ws:resume', stream);
  });

  // --- everything else the relay forwards (browser events) ------------------------------------
  socket.onAny((name, ...args) => {
    if (name === 'registered' || name.startsWith('http:') || name.startsWith('bridge:') || name.startsWith('ws:')) return;
    desktop.events.push([name, args]);
    handlers.event?.(name, args);
    desktop.emit('event', name, args);
  });

  // Emits an event to every browser of the session.
  desktop.send = (name, ...args) => socket.emit(name, ...args);

  desktop.stop = async () => {
    for (const stream of desktop.wsStreams.values()) {
      stream.closed = true;
      stream.local.terminate();
    }
    desktop.wsStreams.clear();
    if (socket.connected) {
      const gone = new Promise((resolve) => socket.once('disconnect', resolve));
      socket.disconnect();
      await gone;
    } else {
      socket.close();
    }
    agent.destroy();
  };

  if (waitForRegistration) {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`desktop ${deviceId} was not registered within ${timeoutMs} ms`)), timeoutMs);
      const done = () => { clearTimeout(timer); socket.off('connect_error', fail); resolve(); };
      function fail(error) {
        clearTimeout(timer);
        desktop.off('registered', done);
        socket.close();
        reject(error);
      }
      desktop.once('registered', done);
      socket.once('connect_error', fail);
    });
  }
  return desktop;
}
