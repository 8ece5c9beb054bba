#include "multiaddr.h"

#include "libp2p/crypto/uvarint.h"

#include <QStringDecoder>
#include <QtEndian>

namespace Libp2p {

namespace {

using Value = MultiaddrProtocol::Value;

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

bool isDigits(QStringView text)
{
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !text.isEmpty();
}

// Decimal without sign or leading zeros, at most `max`.
std::optional<quint32> parseDecimal(QStringView text, quint32 max)
{
    if (!isDigits(text) || text.size() > 10 || (text.size() > 1 && text[0] == QLatin1Char('0')))
        return std::nullopt;
    const quint64 value = text.toULongLong();
    if (value > max)
        return std::nullopt;
    return quint32(value);
}

std::optional<QByteArray> parseIp4(QStringView text)
{
    const auto parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return std::nullopt;
    QByteArray bytes;
    for (const QStringView part : parts) {
        const auto octet = parseDecimal(part, 255);
        if (!octet)
            return std::nullopt;
        bytes.append(char(*octet));
    }
    return bytes;
}

std::optional<QByteArray> parseIp6(QStringView text)
{
    QHostAddress address;
    // QHostAddress also reads IPv4 text and zone ids ("fe80::1%eth0"): /ip6/ takes neither.
    if (text.contains(QLatin1Char('%')) || !address.setAddress(text.toString())
        || address.protocol() != QAbstractSocket::IPv6Protocol)
        return std::nullopt;
    const Q_IPV6ADDR raw = address.toIPv6Address();
    return QByteArray(reinterpret_cast<const char *>(raw.c), 16);
}

// A domain name as a multiaddr carries it: UTF-8, not empty, no '/' (which would end the
// component in the text form), at most MaxDomainNameBytes.
bool isValidDomainName(const QByteArray &utf8)
{
    if (utf8.isEmpty() || utf8.size() > Multiaddr::MaxDomainNameBytes || utf8.contains('/'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(utf8);
    return !decoder.hasError();
}

// Text value -> binary value.
std::optional<QByteArray> parseValue(const MultiaddrProtocol &protocol, QStringView text, QString *error)
{
    std::optional<QByteArray> value;
    switch (protocol.value) {
    case Value::None:
        return QByteArray();
    case Value::Ip4:
        value = parseIp4(text);
        break;
    case Value::Ip6:
        value = parseIp6(text);
        break;
    case Value::Port:
        if (const auto port = parseDecimal(text, 65535)) {
            value = QByteArray(2, Qt::Uninitialized);
            qToBigEndian<quint16>(quint16(*port), value->data());
        }
        break;
    case Value::DomainName: {
        const QByteArray utf8 = text.toUtf8();
        if (isValidDomainName(utf8))
            value = utf8;
        break;
    }
    case Value::PeerId: {
        QString peerError;
        const auto id = PeerId::fromString(text, &peerError);
        if (!id) {
            setError(error, QStringLiteral("invalid /%1 value: %2").arg(QLatin1String(protocol.name), peerError));
            return std::nullopt;
        }
        return id->toBytes();
    }
    }
    if (!value)
        setError(error, QStringLiteral("invalid /%1 value \"%2\"").arg(QLatin1String(protocol.name), text.left(64)));
    return value;
}

// Binary value -> text; also the check that a binary value is well formed.
std::optional<QString> formatValue(const MultiaddrProtocol &protocol, const QByteArray &value)
{
    switch (protocol.value) {
    case Value::None:
        return value.isEmpty() ? std::optional<QString>(QString()) : std::nullopt;
    case Value::Ip4:
        if (value.size() != 4)
            return std::nullopt;
        return QStringLiteral("%1.%2.%3.%4")
            .arg(uint(quint8(value[0])))
            .arg(uint(quint8(value[1])))
            .arg(uint(quint8(value[2])))
            .arg(uint(quint8(value[3])));
    case Value::Ip6: {
        if (value.size() != 16)
            return std::nullopt;
        return QHostAddress(reinterpret_cast<const quint8 *>(value.constData())).toString();
    }
    case Value::Port:
        if (value.size() != 2)
            return std::nullopt;
        return QString::number(qFromBigEndian<quint16>(value.constData()));
    case Value::DomainName:
        if (!isValidDomainName(value))
            return std::nullopt;
        return QString::fromUtf8(value);
    case Value::PeerId: {
        const auto id = PeerId::fromBytes(value);
        if (!id)
            return std::nullopt;
        return id->toString();
    }
    }
    return std::nullopt;
}

qsizetype encodedSize(const Multiaddr::Component &component, const MultiaddrProtocol &protocol)
{
    qsizetype size = Uvarint::encodedSize(component.code) + component.value.size();
    if (protocol.fixedSize() < 0)
        size += Uvarint::encodedSize(quint64(component.value.size()));
    return size;
}

} // namespace

std::optional<Multiaddr> Multiaddr::fromString(QStringView text, QString *error)
{
    if (text.size() > MaxTextLength) {
        setError(error, QStringLiteral("multiaddr longer than %1 characters").arg(MaxTextLength));
        return std::nullopt;
    }
    if (!text.startsWith(QLatin1Char('/'))) {
        setError(error, QStringLiteral("a multiaddr starts with '/'"));
        return std::nullopt;
    }
    const auto parts = text.mid(1).split(QLatin1Char('/'));
    Multiaddr address;
    qsizetype totalBytes = 0;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QStringView name = parts[i];
        if (name.isEmpty()) {
            setError(error, QStringLiteral("empty protocol name in multiaddr"));
            return std::nullopt;
        }
        const MultiaddrProtocol *protocol = MultiaddrProtocol::byName(name);
        if (!protocol) {
            setError(error, QStringLiteral("unknown multiaddr protocol \"%1\"").arg(name.left(64)));
            return std::nullopt;
        }
        Component component{protocol->code, {}};
        if (protocol->value != Value::None) {
            if (++i >= parts.size()) {
                setError(error, QStringLiteral("/%1 needs a value").arg(QLatin1String(protocol->name)));
                return std::nullopt;
            }
            auto value = parseValue(*protocol, parts[i], error);
            if (!value)
                return std::nullopt;
            component.value = *value;
        }
        totalBytes += encodedSize(component, *protocol);
        if (address.m_components.size() >= MaxComponents || totalBytes > MaxBytes) {
            setError(error, QStringLiteral("multiaddr too long"));
            return std::nullopt;
        }
        address.m_components.append(component);
    }
    return address;
}

std::optional<Multiaddr> Multiaddr::fromBytes(QByteArrayView bytes, QString *error)
{
    if (bytes.size() > MaxBytes) {
        setError(error, QStringLiteral("multiaddr of %1 bytes is too long").arg(bytes.size()));
        return std::nullopt;
    }
    Multiaddr address;
    while (!bytes.isEmpty()) {
        if (address.m_components.size() >= MaxComponents) {
            setError(error, QStringLiteral("multiaddr has too many components"));
            return std::nullopt;
        }
        const auto code = Uvarint::decode(bytes, 0xffffffffu);
        if (!code.isComplete()) {
            setError(error, QStringLiteral("malformed multiaddr protocol code"));
            return std::nullopt;
        }
        const MultiaddrProtocol *protocol = MultiaddrProtocol::byCode(code.value);
        if (!protocol) {
            setError(error, QStringLiteral("unknown multiaddr protocol code %1").arg(code.value));
            return std::nullopt;
        }
        bytes = bytes.sliced(code.bytesRead);
        qsizetype valueSize = protocol->fixedSize();
        if (valueSize < 0) {
            const auto length = Uvarint::decode(bytes, quint64(bytes.size()));
            if (!length.isComplete()) {
                setError(error, QStringLiteral("malformed or too long /%1 value").arg(QLatin1String(protocol->name)));
                return std::nullopt;
            }
            bytes = bytes.sliced(length.bytesRead);
            valueSize = qsizetype(length.value);
        }
        if (bytes.size() < valueSize) {
            setError(error, QStringLiteral("multiaddr ends inside /%1").arg(QLatin1String(protocol->name)));
            return std::nullopt;
        }
        Component component{protocol->code, bytes.first(valueSize).toByteArray()};
        if (!formatValue(*protocol, component.value)) {
            setError(error, QStringLiteral("invalid /%1 value").arg(QLatin1String(protocol->name)));
            return std::nullopt;
        }
        bytes = bytes.sliced(valueSize);
        address.m_components.append(component);
    }
    return address;
}

Multiaddr Multiaddr::fromTcpAddress(const QHostAddress &address, quint16 port)
{
    Multiaddr result;
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    QByteArray portBytes(2, Qt::Uninitialized);
    qToBigEndian<quint16>(port, portBytes.data());
    if (isIpv4) {
        QByteArray ip(4, Qt::Uninitialized);
        qToBigEndian<quint32>(ipv4, ip.data());
        result.m_components.append({MultiaddrCode::Ip4, ip});
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol && address.scopeId().isEmpty()) {
        const Q_IPV6ADDR raw = address.toIPv6Address();
        result.m_components.append({MultiaddrCode::Ip6, QByteArray(reinterpret_cast<const char *>(raw.c), 16)});
    } else {
        return result;
    }
    result.m_components.append({MultiaddrCode::Tcp, portBytes});
    return result;
}

std::optional<Multiaddr::TcpAddress> Multiaddr::tcpAddress() const
{
    if (m_components.size() < 2 || m_components[1].code != MultiaddrCode::Tcp || m_components[1].value.size() != 2)
        return std::nullopt;
    const Component &ip = m_components[0];
    TcpAddress address;
    address.port = qFromBigEndian<quint16>(m_components[1].value.constData());
    if (ip.code == MultiaddrCode::Ip4 && ip.value.size() == 4)
        address.host = QHostAddress(qFromBigEndian<quint32>(ip.value.constData()));
    else if (ip.code == MultiaddrCode::Ip6 && ip.value.size() == 16)
        address.host = QHostAddress(reinterpret_cast<const quint8 *>(ip.value.constData()));
    else
        return std::nullopt;
    return address;
}

QString Multiaddr::toString() const
{
    QString text;
    for (const Component &component : m_components) {
        // Components are validated on the way in, so every one has a protocol and a text form.
        const MultiaddrProtocol *protocol = MultiaddrProtocol::byCode(component.code);
        if (!protocol)
            continue;
        text += QLatin1Char('/') + QLatin1String(protocol->name);
        if (protocol->value != Value::None)
            text += QLatin1Char('/') + formatValue(*protocol, component.value).value_or(QString());
    }
    return text;
}

QByteArray Multiaddr::toBytes() const
{
    QByteArray bytes;
    for (const Component &component : m_components) {
        const MultiaddrProtocol *protocol = MultiaddrProtocol::byCode(component.code);
        if (!protocol)
            continue;
        Uvarint::append(bytes, component.code);
        if (protocol->fixedSize() < 0)
            Uvarint::append(bytes, quint64(component.value.size()));
        bytes.append(component.value);
    }
    return bytes;
}

Multiaddr Multiaddr::encapsulate(const Multiaddr &tail) const
{
    Multiaddr result = *this;
    result.m_components.append(tail.m_components);
    return result;
}

Multiaddr Multiaddr::withPeerId(const PeerId &id) const
{
    Multiaddr result = *this;
    if (!id.isNull())
        result.m_components.append({MultiaddrCode::P2p, id.toBytes()});
    return result;
}

std::optional<PeerId> Multiaddr::peerId() const
{
    for (auto it = m_components.crbegin(); it != m_components.crend(); ++it) {
        if (it->code == MultiaddrCode::P2p)
            return PeerId::fromBytes(it->value);
    }
    return std::nullopt;
}

bool Multiaddr::contains(quint32 code) const
{
    for (const Component &component : m_components) {
        if (component.code == code)
            return true;
    }
    return false;
}

} // namespace Libp2p
