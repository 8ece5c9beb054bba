#pragma once
// Coalesces the writes one read causes. A relay reading several yamux frames from B in one
// chunk forwards each frame to A as it is parsed; without this every frame is a send() of its
// own (and a wakeup and ACK on the other side). While a TcpWriteBatch lives (TcpChannel opens one
// around delivering what it read), TcpChannel::send only appends to the channel's held bytes;
// when the outermost batch ends, every channel that held bytes writes them in one go.
// Single-threaded, like the channels: the state is per thread.
#include <QList>
#include <QPointer>

namespace Libp2p {

class TcpChannel;

class TcpWriteBatch
{
public:
    TcpWriteBatch();
    ~TcpWriteBatch();
    TcpWriteBatch(const TcpWriteBatch &) = delete;
    TcpWriteBatch &operator=(const TcpWriteBatch &) = delete;

    static bool isActive();
    // `channel` has held bytes: flush it when the outermost batch ends.
    static void enlist(TcpChannel *channel);
};

} // namespace Libp2p
