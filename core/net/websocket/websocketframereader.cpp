#include "websocketframereader.h"

#include <cstring>

WebSocketFrameReader::WebSocketFrameReader(qint64 maxMessageBytes, MessageHandler onMessage,
                                           ControlHandler onControl)
    : m_maxMessageBytes(maxMessageBytes), m_onMessage(std::move(onMessage)), m_onControl(std::move(onControl))
{
}

void WebSocketFrameReader::unmask(char *out, const char *in, qsizetype size, const quint8 key[4], quint64 offset)
{
    quint8 rotated[4];
    for (int i = 0; i < 4; ++i)
        rotated[i] = key[(offset + quint64(i)) % 4];
    quint64 wide;
    std::memcpy(&wide, rotated, 4);
    std::memcpy(reinterpret_cast<char *>(&wide) + 4, rotated, 4);
    qsizetype i = 0;
    // memcpy keeps unaligned access legal; compilers turn it into plain loads and stores.
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, in + i, 8);
        word ^= wide;
        std::memcpy(out + i, &word, 8);
    }
    for (; i < size; ++i)
        out[i] = char(quint8(in[i]) ^ rotated[i % 4]);
}

bool WebSocketFrameReader::fail(quint16 code, const QString &text)
{
    m_errorCode = code;
    m_errorText = text;
    return false;
}

bool WebSocketFrameReader::feed(const char *data, qsizetype size)
{
    if (m_errorCode)
        return false;
    qsizetype pos = 0;
    while (pos < size) {
        if (!m_inPayload) {
            const int take = int(std::min<qsizetype>(m_headerNeed - m_headerHave, size - pos));
            std::memcpy(m_header + m_headerHave, data + pos, size_t(take));
            m_headerHave += take;
            pos += take;
            if (m_headerHave < m_headerNeed)
                return true;
            if (!headerComplete())
                return false;
            continue;
        }
        const quint64 remaining = m_payloadLength - m_payloadRead;
        const qsizetype take = qsizetype(std::min<quint64>(remaining, quint64(size - pos)));
        char *target;
        if (m_opcode >= WebSocketOpcode::Close) {
            target = m_control.data() + m_payloadRead;
        } else {
            target = m_message.data() + m_messageFilled;
            m_messageFilled += take;
        }
        unmask(target, data + pos, take, m_mask, m_payloadRead);
        m_payloadRead += quint64(take);
        pos += take;
        if (m_payloadRead == m_payloadLength) {
            payloadComplete();
            if (m_errorCode)
                return false;
        }
    }
    return true;
}

char *WebSocketFrameReader::payloadTarget()
{
    if (m_opcode >= WebSocketOpcode::Close)
        return m_control.data() + m_payloadRead;
    return m_message.data() + m_messageFilled;
}

bool WebSocketFrameReader::payloadArrived(qsizetype size)
{
    char *target = payloadTarget();
    unmask(target, target, size, m_mask, m_payloadRead);
    m_payloadRead += quint64(size);
    if (m_opcode < WebSocketOpcode::Close)
        m_messageFilled += size;
    if (m_payloadRead == m_payloadLength)
        payloadComplete();
    return m_errorCode == 0;
}

bool WebSocketFrameReader::headerComplete()
{
    const quint8 b0 = m_header[0];
    const quint8 b1 = m_header[1];
    if (m_headerNeed == 2) {
        // First pass: learn how long the rest of the header is.
        const quint8 shortLength = b1 & 0x7f;
        m_headerNeed = 2 + (shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0) + 4;
        if (!(b1 & 0x80))
            return fail(1002, QStringLiteral("client frames must be masked"));
        return true; // come back once the rest has arrived
    }
    m_fin = b0 & 0x80;
    m_opcode = b0 & 0x0f;
    if (b0 & 0x70)
        return fail(1002, QStringLiteral("reserved bits set without a negotiated extension"));
    const quint8 shortLength = b1 & 0x7f;
    int at = 2;
    if (shortLength == 126) {
        m_payloadLength = (quint64(m_header[2]) << 8) | m_header[3];
        at = 4;
    } else if (shortLength == 127) {
        m_payloadLength = 0;
        for (int i = 0; i < 8; ++i)
            m_payloadLength = (m_payloadLength << 8) | m_header[2 + i];
        if (m_payloadLength >> 63)
            return fail(1002, QStringLiteral("frame length has its top bit set"));
        at = 10;
    } else {
        m_payloadLength = shortLength;
    }
    std::memcpy(m_mask, m_header + at, 4);

    switch (m_opcode) {
    case WebSocketOpcode::Close:
    case WebSocketOpcode::Ping:
    case WebSocketOpcode::Pong:
        if (!m_fin)
            return fail(1002, QStringLiteral("fragmented control frame"));
        if (m_payloadLength > 125)
            return fail(1002, QStringLiteral("control frame over 125 bytes"));
        m_control.resize(qsizetype(m_payloadLength));
        break;
    case WebSocketOpcode::Text:
    case WebSocketOpcode::Binary:
        if (m_inMessage)
            return fail(1002, QStringLiteral("new message before the previous one ended"));
        m_inMessage = true;
        m_messageIsText = m_opcode == WebSocketOpcode::Text;
        m_messageFilled = 0;
        m_message = QByteArray();
        [[fallthrough]];
    case WebSocketOpcode::Continuation: {
        if (!m_inMessage)
            return fail(1002, QStringLiteral("continuation frame without a message"));
        const quint64 total = quint64(m_messageFilled) + m_payloadLength;
        if (total > quint64(m_maxMessageBytes))
            return fail(1009, QStringLiteral("message over %1 bytes").arg(m_maxMessageBytes));
        // Grow once per frame, to exactly what the header announced.
        m_message.resize(qsizetype(total));
        break;
    }
    default:
        return fail(1002, QStringLiteral("unknown opcode %1").arg(m_opcode));
    }
    m_payloadRead = 0;
    m_inPayload = true;
    if (m_payloadLength == 0)
        payloadComplete();
    return m_errorCode == 0;
}

void WebSocketFrameReader::payloadComplete()
{
    m_inPayload = false;
    m_headerHave = 0;
    m_headerNeed = 2;
    if (m_opcode >= WebSocketOpcode::Close) {
        const QByteArray payload = m_control;
        m_onControl(m_opcode, payload);
        return;
    }
    if (!m_fin)
        return;
    m_inMessage = false;
    QByteArray message;
    message.swap(m_message);
    m_messageFilled = 0;
    m_onMessage(std::move(message), m_messageIsText);
}
