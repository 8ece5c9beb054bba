#pragma once
// The first frame of a p2p-copy connection: {"type":"hello","code_hash_hex":"…","role":"sender"|
// "receiver"}. Every way it can be wrong has its own close reason, exactly as the real relay
// words them (clients show them to the user).
#include <QByteArray>
#include <QString>

struct PairingHello
{
    enum class Role { Sender, Receiver };
    bool ok = false;
    QString closeReason; // when !ok; the close code is always 1002
    QString codeHash;
    Role role = Role::Sender;

    static constexpr int kMaxCodeHashLength = 512;
    static PairingHello parse(const QByteArray &frame, bool text);
    static QString roleName(Role role) { return role == Role::Sender ? QStringLiteral("sender") : QStringLiteral("receiver"); }
};
