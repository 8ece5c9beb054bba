// Pubsub RPCs written and read by hand (github.com/libp2p/specs pubsub/README.md), for tests that
// play a raw pubsub peer: a js-libp2p pubsub service would itself drop bad signatures and
// duplicates, hiding whether the relay did. Only length-delimited fields with numbers below 16 are
// written, which is all the RPC, SubOpts and Message fields need.

function varint(value) {
  const out = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

function readVarint(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) return undefined;
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, at };
  }
}

// One length-delimited protobuf field.
export function field(number, value) {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return Buffer.concat([Uint8Array.of((number << 3) | 2), varint(bytes.length), bytes]);
}

// A message with its uvarint length in front, as pubsub streams carry RPCs.
export function frame(rpc) {
  return Buffer.concat([varint(rpc.length), rpc]);
}

// The values of the top-level length-delimited fields `number` of `bytes` (varint fields skipped).
export function fields(bytes, number) {
  const out = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = readVarint(bytes, at);
    at = tag.at;
    if ((tag.value & 7) === 0) {
      at = readVarint(bytes, at).at;
      continue;
    }
    const length = readVarint(bytes, at);
    const value = bytes.subarray(length.at, length.at + length.value);
    at = length.at + length.value;
    if (tag.value >> 3 === number) out.push(value);
  }
  return out;
}

// RPC{subscriptions: [{subscribe: true, topic}]}.
export function subscribe(topic) {
  return field(1, Buffer.concat([Uint8Array.of(0x08, 0x01), field(2, topic)]));
}

// A StrictSign message: from, data, seqno (8 bytes big-endian), topic, signature by `privateKey`
// over "libp2p-pubsub:" + the fields before it. `corrupt` signs other bytes instead.
export async function signedMessage(privateKey, peerId, seqno, data, topic, { corrupt = false } = {}) {
  const seq = Buffer.alloc(8);
  seq.writeBigUInt64BE(seqno);
  const body = Buffer.concat([field(1, peerId.toMultihash().bytes), field(2, data), field(3, seq), field(4, topic)]);
  const covered = Buffer.concat([Buffer.from('libp2p-pubsub:'), body, corrupt ? Buffer.from('x') : Buffer.alloc(0)]);
  const signature = await privateKey.sign(covered);
  return Buffer.concat([body, field(5, signature)]);
}

// Collects the RPCs arriving on a stream.
export class RpcReader {
  rpcs = [];
  #buffer = Buffer.alloc(0);

  async read(stream) {
    try {
      for await (const chunk of stream) {
        this.#buffer = Buffer.concat([this.#buffer, chunk.subarray()]);
        for (;;) {
          const length = readVarint(this.#buffer, 0);
          if (!length || this.#buffer.length < length.at + length.value) break;
          this.rpcs.push(this.#buffer.subarray(length.at, length.at + length.value));
          this.#buffer = this.#buffer.subarray(length.at + length.value);
        }
      }
    } catch {
      // The stream ends with the node; what was read is kept.
    }
  }

  // Every Message in the publish field (2) of the RPCs so far.
  published() {
    return this.rpcs.flatMap((rpc) => fields(rpc, 2));
  }
}
