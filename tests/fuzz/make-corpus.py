#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/corpus/<target>/ (committed; rerun after editing).

Each seed is a real example: from the unit tests in tests/unit and from PROTOCOLS.md. Targets
whose first byte is a selector (chunk size, role, message kind) get it prepended here.
"""
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def lp(b):
    return uvarint(len(b)) + b


def pb_bytes(field, b):
    return uvarint(field << 3 | 2) + lp(b)


def pb_varint(field, v):
    return uvarint(field << 3) + uvarint(v)


def ws_frame(opcode, payload, fin=True, key=0x37FA213D):
    out = bytearray([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n < 126:
        out.append(0x80 | n)
    elif n <= 0xFFFF:
        out.append(0x80 | 126)
        out += struct.pack(">H", n)
    else:
        out.append(0x80 | 127)
        out += struct.pack(">Q", n)
    mask = struct.pack(">I", key)
    out += mask
    out += bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
    return bytes(out)


def msgpack_str(s):
    b = s.encode()
    assert len(b) < 32
    return bytes([0xA0 | len(b)]) + b


def msgpack_frame(type_, ids):
    out = bytes([0x82]) + msgpack_str("type") + msgpack_str(type_) + msgpack_str("documentIds")
    out += bytes([0x90 | len(ids)]) + b"".join(msgpack_str(i) for i in ids)
    return out


# HTTP heads, as the clients send them.
write("http_head", "get", "GET /health HTTP/1.1\r\nHost: localhost:8765\r\n\r\n")
write("http_head", "upgrade",
      "GET /relay/mesh1 HTTP/1.1\r\nHost: relay.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
write("http_head", "post-polling",
      "POST /socket.io/?EIO=4&transport=polling&sid=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
      "Content-Type: text/plain;charset=UTF-8\r\n\r\n4hello"
      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
write("http_head", "chunked",
      "POST /api/devices HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
write("http_head", "absolute", "GET http://a.example:80/p%20q?x=1&y=%41 HTTP/1.0\r\n\r\n")

# First bytes at the front door.
write("protocol_sniffer", "tls", bytes.fromhex("160301020001") + b"\x00" * 10)
write("protocol_sniffer", "http", "GET / HTTP/1.1\r\n")
write("protocol_sniffer", "options", "OPTIONS * HTTP/1.1\r\n")
write("protocol_sniffer", "libp2p", b"\x13/multistream/1.0.0\n")

# WebSocket frames (masked, as clients send them); the first byte picks the read sizes.
write("websocket_frames", "text-binary", b"\x00" + ws_frame(1, b"hello") + ws_frame(2, b"\x00\x01\x02"))
write("websocket_frames", "fragmented-ping",
      b"\x21" + ws_frame(1, b"he", fin=False) + ws_frame(9, b"x") + ws_frame(0, b"llo"))
write("websocket_frames", "medium", b"\x07" + ws_frame(2, bytes(range(256)) * 2))
write("websocket_frames", "close", b"\xff" + ws_frame(8, b"\x03\xe8bye"))

# Engine.IO packets and payloads (tst_engineiopacket, tst_engineiopayload, PROTOCOLS.md).
for name, data in [("open", '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
                   ("message", "4hello"), ("ping", "2"), ("probe", "2probe"), ("upgrade", "5"),
                   ("binary", "bAQIDBA=="), ("socketio", '42["event",{"a":1}]')]:
    write("engineio_packet", name, data)
write("engineio_payload", "mixed", b"4hello\x1ebAQIDBA==\x1e1")
write("engineio_payload", "connect", '40{"token":"x"}')
write("engineio_payload", "noop", "6")

# Socket.IO packets (tst_socketiopacket).
for i, data in enumerate(['0', '0{"token":"123"}', '0/admin,{"token":"abc"}', '2["foo"]', '212["foo"]',
                          '3/admin,13["bar"]', '1/admin,', '4{"message":"Not authorized"}',
                          '51-["baz",{"_placeholder":true,"num":0}]',
                          '61-15["bar",{"_placeholder":true,"num":0}]',
                          '2["http:request",{"id":"r1","method":"GET","path":"/","headers":{}}]']):
    write("socketio_packet", "p%02d" % i, data)

# The tunnel's http:response events (tst_tunnelcodecs, PROTOCOLS.md) and their base64 bodies.
write("tunnel_http_response", "ok",
      '["http:response",{"id":"r1","status":200,"headers":{"content-type":"text/html",'
      '"access-control-allow-origin":"*","content-length":"5"},"body":"aGVsbG8="}]')
write("tunnel_http_response", "array-headers",
      '["http:response",{"id":"r2","status":404,"headers":{"set-cookie":["a=1","b=2"]},"body":""}]')
write("tunnel_http_response", "escaped", '["http:response",{"id":"r\\u00e93","status":301,"headers":{},"body":"AA=="}]')
write("base64", "hello", "aGVsbG8=")
write("base64", "two-pad", "AQIDBA==")
write("base64", "long", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v")

# localfirst msgpack frames (tst_localfirst).
write("localfirst_msgpack", "join", msgpack_frame("Join", ["a", "b"]))
write("localfirst_msgpack", "leave", msgpack_frame("Leave", ["a"]))
write("localfirst_msgpack", "other", msgpack_frame("Hello", []))

# mesh JSON (tst_meshmessages, PROTOCOLS.md).
write("mesh_json", "join", '{"type":"join","node_id":"n1","name":"Mac","capabilities":["llm","relay"],"token":"t"}')
write("mesh_json", "register",
      '{"type":"register_mesh","mesh_id":"m1","node_id":"n1","mesh_public_key":"AAAA","founder_proof":"BBBB",'
      '"node_public_key":"CCCC","name":"Home","display_name":"Mac"}')
write("mesh_json", "ping", '{"type":"ping","x":1}')
write("mesh_json", "message", '{"type":"message","to":"n2","payload":{"a":[1,2.5,null,true]}}')

# pairing hello (tst_pairinghello).
write("pairing_hello", "sender", '{"type":"hello","code_hash_hex":"ab12","role":"sender","extra":1}')
write("pairing_hello", "receiver", '{"type":"hello","code_hash_hex":"ab12","role":"receiver"}')

# multistream-select: first byte = role (bit 0: dialer) and chunk size.
def ms(line):
    return lp(line.encode() + b"\n")
write("multistream", "listener", b"\x00" + ms("/multistream/1.0.0") + ms("/noise"))
write("multistream", "listener-ls", b"\x04" + ms("/multistream/1.0.0") + ms("ls") + ms("/yamux/1.0.0") + b"after")
write("multistream", "dialer-na", b"\x01" + ms("/multistream/1.0.0") + ms("na") + ms("/yamux/1.0.0"))

# Noise framing (2-byte lengths); handshake (first byte = mode).
write("noise_frames", "two", b"\x03" + b"\x00\x05hello" + b"\x00\x00" + b"\x00\x03abc")
write("noise_handshake", "m1", b"\x00\x20" + bytes(range(32)))
write("noise_handshake", "m2", b"\x01" + bytes(range(32)) + bytes(48) + bytes(16))

# PublicKey protobuf (ed25519) and its identity-multihash PeerId.
pub = pb_varint(1, 1) + pb_bytes(2, bytes(range(32)))
peer_id = b"\x00" + uvarint(len(pub)) + pub
payload = pb_bytes(1, pub) + pb_bytes(2, bytes(64)) + pb_bytes(4, pb_bytes(2, b"/yamux/1.0.0"))
write("noise_handshake", "payload-m3", b"\x02" + payload)
write("noise_handshake", "payload-m2", b"\x03" + payload)

# yamux (first byte = chunk size): SYN window update, data, ping, go-away.
def yamux(type_, flags, stream, length, payload=b""):
    return struct.pack(">BBHII", 0, type_, flags, stream, length) + payload
write("yamux_frames", "session", b"\x02" + yamux(1, 1, 1, 0) + yamux(0, 0, 1, 5, b"hello") + yamux(2, 1, 0, 7)
      + yamux(0, 4, 1, 0) + yamux(3, 0, 0, 0))

write("yamux_session", "open-echo-close", b"\x04" + yamux(1, 1, 1, 0) + yamux(0, 0, 1, 5, b"hello") + yamux(2, 1, 0, 7)
      + yamux(1, 0, 1, 1024) + yamux(0, 4, 1, 0) + yamux(0, 1, 3, 2, b"hi") + yamux(0, 8, 3, 0) + yamux(3, 0, 0, 0))

# uvarints and length-prefixed messages (tst_libp2p_uvarint, tst_libp2p_lengthprefixed).
write("uvarint_length_prefixed", "small", b"\x00" + lp(b"/multistream/1.0.0\n") + lp(b"na\n"))
write("uvarint_length_prefixed", "two-byte", b"\x10" + uvarint(300) + bytes(300))
write("uvarint_length_prefixed", "max", b"\x01" + bytes.fromhex("ffffffffffffffff7f"))

# multiaddrs (tst_libp2p_multiaddr), binary and text.
p2p = bytes.fromhex("a503") + uvarint(len(peer_id)) + peer_id
for name, data in [("ip4-tcp-ws-p2p", bytes.fromhex("047f000001062382dd03") + p2p),
                   ("ip6", bytes.fromhex("2900000000000000000000000000000001060001")),
                   ("dns4", bytes.fromhex("360b6578616d706c652e636f6d0601bbde03")),
                   ("dnsaddr", bytes.fromhex("3703612e62380163")),
                   ("circuit", p2p + bytes.fromhex("a202") + p2p),
                   ("text", "/ip4/127.0.0.1/tcp/9090/ws"),
                   ("text-dns", "/dns4/example.com/tcp/443/wss/p2p-circuit")]:
    write("multiaddr", name, data)

# libp2p protobufs (first byte = message kind, see fuzz_libp2p_protobuf.cpp).
peer = pb_bytes(1, peer_id) + pb_bytes(2, bytes.fromhex("047f000001062382"))
write("libp2p_protobuf", "hop-reserve", b"\x00" + pb_varint(1, 0))
write("libp2p_protobuf", "hop-connect", b"\x00" + pb_varint(1, 1) + pb_bytes(2, peer))
write("libp2p_protobuf", "hop-status", b"\x00" + pb_varint(1, 2) + pb_bytes(3, pb_varint(1, 1700000000))
      + pb_bytes(4, pb_varint(1, 120) + pb_varint(2, 131072)) + pb_varint(5, 100))
write("libp2p_protobuf", "stop-connect", b"\x01" + pb_varint(1, 0) + pb_bytes(2, peer))
write("libp2p_protobuf", "publickey", b"\x02" + pub)
write("libp2p_protobuf", "noise-payload", b"\x03" + payload)
voucher = pb_bytes(1, peer_id) + pb_bytes(2, peer_id) + pb_varint(3, 1700000000)
envelope = pb_bytes(1, pub) + pb_bytes(2, b"\x03\x02") + pb_bytes(3, voucher) + pb_bytes(5, bytes(64))
write("libp2p_protobuf", "envelope", b"\x04" + envelope)
message = (pb_bytes(1, peer_id) + pb_bytes(2, b"data") + pb_bytes(3, bytes(8)) + pb_bytes(4, b"_peer-discovery._p2p._pubsub")
           + pb_bytes(5, bytes(64)) + pb_bytes(6, pub))
control = pb_bytes(3, pb_bytes(1, b"topic")) + pb_bytes(4, pb_bytes(1, b"topic") + pb_varint(3, 60))
rpc = pb_bytes(1, pb_varint(1, 1) + pb_bytes(2, b"_peer-discovery._p2p._pubsub")) + pb_bytes(2, message) + pb_bytes(3, control)
write("libp2p_protobuf", "pubsub-rpc", b"\x05" + rpc)
identify = (pb_bytes(5, b"ipfs/0.1.0") + pb_bytes(6, b"switchboard") + pb_bytes(1, pub)
            + pb_bytes(2, bytes.fromhex("047f000001062382")) + pb_bytes(3, b"/ipfs/id/1.0.0") + pb_bytes(4, bytes.fromhex("047f000001")))
write("libp2p_protobuf", "identify", b"\x06" + identify)
write("libp2p_protobuf", "privatekey", b"\x07" + pb_varint(1, 1) + pb_bytes(2, bytes(range(64))))
write("libp2p_protobuf", "peerid", b"\x08" + peer_id)
write("libp2p_protobuf", "peerid-sha256", b"\x08" + b"\x12\x20" + hashlib.sha256(pub).digest())

# Cluster link prefaces (docs/cluster.md): an HTTP link, a libp2p circuit link, IPv6.
write("link_preface", "http", "SBLINK/1 0123456789abcdef http 192.0.2.7 51234\r\n")
write("link_preface", "circuit", "SBLINK/1 0123456789abcdef circuit 10.0.0.2 4001 "
      "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN 12D3KooWRBhwfeP2Y4TCx1SM6s9rUoHhR5STiGwxBhgFRcw3UERE\r\n")
write("link_preface", "ipv6", "SBLINK/1 s http ::1 1")
