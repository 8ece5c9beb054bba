// pipeload: a lean WebSocket load generator for the pipe benchmark, so that the clients are not
// what limits the measurement (Node `ws` clients cost about as much CPU per byte as the relays
// they test). It opens a receiver and a sender on /connection/b/a/<doc> and /connection/a/b/<doc>,
// sends N binary messages of S bytes, each masked with a fresh random key as browsers do, keeps
// at most W unacknowledged, and the receiver acknowledges each message with a 1-byte message.
//
//   pipeload HOST PORT MESSAGES BYTES WINDOW DOC [reuse]   -> prints "<bytes> <seconds>"
//
// With `reuse`, the sender masks one frame once and sends it again and again: the relay still
// unmasks every message (its work does not depend on the key), but the client no longer spends
// as much CPU per byte as the relay, so on a machine whose cores the clients share, the relay's
// own limit shows (threads-bench).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

[[noreturn]] void die(const char *what)
{
    std::perror(what);
    std::exit(1);
}

void writeAll(int fd, const uint8_t *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0)
            die("send");
        data += n;
        size -= size_t(n);
    }
}

void readAll(int fd, uint8_t *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::recv(fd, data, size, 0);
        if (n <= 0)
            die("recv");
        data += n;
        size -= size_t(n);
    }
}

int connectWebSocket(const char *host, int port, const std::string &path)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    ::inet_pton(AF_INET, host, &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
        die("connect");
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\n\r\n";
    writeAll(fd, reinterpret_cast<const uint8_t *>(request.data()), request.size());
    std::string head;
    char c;
    while (head.size() < 4 || head.compare(head.size() - 4, 4, "\r\n\r\n") != 0) {
        if (::recv(fd, &c, 1, 0) != 1)
            die("handshake");
        head += c;
    }
    if (head.compare(0, 12, "HTTP/1.1 101") != 0) {
        std::fprintf(stderr, "handshake refused: %s\n", head.c_str());
        std::exit(1);
    }
    return fd;
}

// A masked client frame (FIN, binary) with a fresh key.
size_t buildFrame(std::vector<uint8_t> &out, const uint8_t *payload, size_t size, uint32_t key)
{
    size_t at = 0;
    out[at++] = 0x82;
    if (size < 126) {
        out[at++] = uint8_t(0x80 | size);
    } else if (size <= 0xffff) {
        out[at++] = 0x80 | 126;
        out[at++] = uint8_t(size >> 8);
        out[at++] = uint8_t(size);
    } else {
        out[at++] = 0x80 | 127;
        for (int i = 7; i >= 0; --i)
            out[at++] = uint8_t(uint64_t(size) >> (8 * i));
    }
    std::memcpy(&out[at], &key, 4);
    at += 4;
    uint64_t wide = uint64_t(key) | (uint64_t(key) << 32);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        std::memcpy(&word, payload + i, 8);
        word ^= wide;
        std::memcpy(&out[at + i], &word, 8);
    }
    const uint8_t *k = reinterpret_cast<const uint8_t *>(&key);
    for (; i < size; ++i)
        out[at + i] = payload[i] ^ k[i % 4];
    return at + size;
}

// Reads one server frame (unmasked) and returns its payload length; the payload lands in `buffer`
// and the opcode in `opcode`.
size_t readFrame(int fd, std::vector<uint8_t> &buffer, int &opcode)
{
    uint8_t header[10];
    readAll(fd, header, 2);
    opcode = header[0] & 0x0f;
    uint64_t length = header[1] & 0x7f;
    if (length == 126) {
        readAll(fd, header + 2, 2);
        length = (uint64_t(header[2]) << 8) | header[3];
    } else if (length == 127) {
        readAll(fd, header + 2, 8);
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = (length << 8) | header[2 + i];
    }
    if (buffer.size() < length)
        buffer.resize(length);
    readAll(fd, buffer.data(), length);
    return size_t(length);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 7 && !(argc == 8 && std::strcmp(argv[7], "reuse") == 0)) {
        std::fprintf(stderr, "usage: pipeload HOST PORT MESSAGES BYTES WINDOW DOC [reuse]\n");
        return 2;
    }
    const bool reuseFrame = argc == 8;
    const char *host = argv[1];
    const int port = std::atoi(argv[2]);
    const long messages = std::atol(argv[3]);
    const size_t bytes = size_t(std::atol(argv[4]));
    const long window = std::atol(argv[5]);
    const std::string doc = argv[6];

    const int receiver = connectWebSocket(host, port, "/connection/b/a/" + doc);
    const int sender = connectWebSocket(host, port, "/connection/a/b/" + doc);

    std::mt19937 random(12345);
    std::vector<uint8_t> payload(bytes);
    for (auto &b : payload)
        b = uint8_t(random());

    std::thread receiving([&] {
        std::vector<uint8_t> buffer(bytes);
        std::vector<uint8_t> ack(16);
        const uint8_t one = 1;
        std::mt19937 keys(777);
        for (long i = 0; i < messages; ++i) {
            int opcode = 0;
            const size_t n = readFrame(receiver, buffer, opcode);
            if (opcode == 8) {
                // The relay closed the receiver: say why (code and reason).
                const int code = n >= 2 ? (buffer[0] << 8 | buffer[1]) : 0;
                std::fprintf(stderr, "receiver closed by the relay after %ld messages: %d %.*s\n", i, code,
                             int(n >= 2 ? n - 2 : 0), reinterpret_cast<const char *>(buffer.data()) + 2);
                std::exit(1);
            }
            if (n != bytes) {
                std::fprintf(stderr, "message %ld has %zu bytes (opcode %d)\n", i, n, opcode);
                std::exit(1);
            }
            writeAll(receiver, ack.data(), buildFrame(ack, &one, 1, uint32_t(keys())));
        }
    });

    std::mutex mutex;
    std::condition_variable acknowledged;
    long inFlight = 0;
    std::thread acking([&] {
        std::vector<uint8_t> buffer(16);
        int opcode = 0;
        for (long i = 0; i < messages; ++i) {
            readFrame(sender, buffer, opcode);
            std::lock_guard<std::mutex> lock(mutex);
            --inFlight;
            acknowledged.notify_one();
        }
    });

    const auto started = std::chrono::steady_clock::now();
    std::vector<uint8_t> frame(bytes + 14);
    std::mt19937 keys(4242);
    const size_t reusedSize = reuseFrame ? buildFrame(frame, payload.data(), bytes, uint32_t(keys())) : 0;
    for (long i = 0; i < messages; ++i) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            acknowledged.wait(lock, [&] { return inFlight < window; });
            ++inFlight;
        }
        const size_t size = reuseFrame ? reusedSize : buildFrame(frame, payload.data(), bytes, uint32_t(keys()));
        writeAll(sender, frame.data(), size);
    }
    acking.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    receiving.join();
    std::printf("%ld %.6f\n", long(messages) * long(bytes), seconds);
    ::close(sender);
    ::close(receiver);
    return 0;
}
