#pragma once
// Watches both directions of a yamux connection running over a MemoryPipe and checks flow
// control independently of the code under test: for every stream and direction, the data a side
// has sent may never exceed 256 KiB plus the window updates it had *received* for that stream
// when it sent (window updates still in flight do not count). Frames are parsed here with a
// parser of its own, so a bug in the library's reader cannot hide a violation.
#include "memorypipe.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QtEndian>

struct TappedFrame
{
    quint8 version = 0;
    quint8 type = 0;
    quint16 flags = 0;
    quint32 streamId = 0;
    quint32 length = 0;
    QByteArray payload;
};

// Splits a byte stream into frames (data frames carry `length` payload bytes).
class TapParser
{
public:
    QList<TappedFrame> feed(const QByteArray &bytes)
    {
        m_buffer.append(bytes);
        QList<TappedFrame> frames;
        for (;;) {
            if (m_buffer.size() < 12)
                break;
            const auto *p = reinterpret_cast<const uchar *>(m_buffer.constData());
            TappedFrame f;
            f.version = p[0];
            f.type = p[1];
            f.flags = qFromBigEndian<quint16>(p + 2);
            f.streamId = qFromBigEndian<quint32>(p + 4);
            f.length = qFromBigEndian<quint32>(p + 8);
            const qsizetype body = f.type == 0 ? qsizetype(f.length) : 0;
            if (m_buffer.size() < 12 + body)
                break;
            f.payload = m_buffer.mid(12, body);
            m_buffer.remove(0, 12 + body);
            frames.append(f);
        }
        return frames;
    }

private:
    QByteArray m_buffer;
};

class YamuxWiretap
{
public:
    static constexpr qint64 InitialWindow = 256 * 1024;

    struct Direction
    {
        TapParser sentParser;     // frames this side sends
        TapParser receivedParser; // frames delivered to this side
        QList<TappedFrame> sent;
        QHash<quint32, qint64> dataSent;       // per stream
        QHash<quint32, qint64> windowReceived; // per stream: window-update deltas delivered to us
        qint64 maxOutstanding = 0;             // most unacknowledged data seen on any stream
        int violations = 0;
        QString firstViolation;

        qint64 outstanding(quint32 id) const { return dataSent.value(id) - windowReceived.value(id); }
    };

    explicit YamuxWiretap(MemoryPipe &pipe)
    {
        tap(pipe.a, a);
        tap(pipe.b, b);
    }

    Direction a; // what side a sends
    Direction b;

    int violations() const { return a.violations + b.violations; }
    QString firstViolation() const { return a.violations ? a.firstViolation : b.firstViolation; }

    static QList<TappedFrame> framesOfStream(const QList<TappedFrame> &frames, quint32 id)
    {
        QList<TappedFrame> out;
        for (const auto &f : frames)
            if (f.streamId == id)
                out.append(f);
        return out;
    }

private:
    static void tap(MemoryEndpoint &endpoint, Direction &d)
    {
        endpoint.onSend = [&d](const QByteArray &bytes) {
            for (const TappedFrame &f : d.sentParser.feed(bytes)) {
                d.sent.append(f);
                if (f.type != 0 || f.length == 0)
                    continue;
                d.dataSent[f.streamId] += f.length;
                const qint64 outstanding = d.outstanding(f.streamId);
                d.maxOutstanding = std::max(d.maxOutstanding, outstanding);
                if (outstanding > InitialWindow && d.violations++ == 0)
                    d.firstViolation = QStringLiteral("stream %1: %2 bytes outstanding, window %3")
                                           .arg(f.streamId)
                                           .arg(outstanding)
                                           .arg(InitialWindow);
            }
        };
        endpoint.onDeliver = [&d](const QByteArray &bytes) {
            for (const TappedFrame &f : d.receivedParser.feed(bytes))
                if (f.type == 1)
                    d.windowReceived[f.streamId] += f.length;
        };
    }
};
