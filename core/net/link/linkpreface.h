#pragma once
// The first line on a link between two nodes of a cluster, before the client's own bytes:
//   SBLINK/1 <secret> <kind> <client address> <client port>[ <argument> ...]\r\n
// The secret (shared by the nodes through Redis) is what lets the receiving node believe the
// client address; `kind` says what follows: "http" (the client's HTTP bytes, served as if the
// client had come straight here) or "circuit" (a libp2p circuit; arguments: source and
// destination peer ids).
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <optional>

struct LinkPreface
{
    static constexpr QByteArrayView kMagic{"SBLINK/1 "};
    static constexpr qsizetype kMaxBytes = 1024;

    QByteArray secret;
    QByteArray kind;
    QHostAddress clientAddress;
    quint16 clientPort = 0;
    QList<QByteArray> arguments;

    QByteArray serialize() const;
    // From the line's bytes (with or without its \r\n); nothing when it is not a valid preface.
    static std::optional<LinkPreface> parse(QByteArrayView line);
};
