#pragma once
// The relay's libp2p identity key, kept in its data directory so the PeerId survives restarts:
// clients pin the PeerId they dial (/p2p/12D3KooW... in the relay's multiaddr), so a new key on
// every start would lock them out. The file holds libp2p's PrivateKey protobuf (the format other
// libp2p implementations store keys in), is created once with mode 0600 and only read afterwards.
#include "identitykey.h"

#include <QString>
#include <optional>

namespace Libp2p::IdentityKeyFile {

inline constexpr char DefaultFileName[] = "libp2p-identity.key";

struct Loaded
{
    IdentityKey key;
    bool created = false; // true when this call generated the key (first start)
    QString path;
};

// Reads the key from `directory`/`fileName`, or generates one and writes it there when the file
// does not exist (creating `directory` if needed). A file that exists but cannot be read or
// parsed is an error, never silently replaced: replacing it would change the relay's PeerId.
// The new file appears complete or not at all (written to a temporary name, then linked in place,
// which also fails rather than overwrite a file another process created meanwhile).
std::optional<Loaded> loadOrCreate(const QString &directory, QString *error,
                                   const QString &fileName = QString::fromLatin1(DefaultFileName));

} // namespace Libp2p::IdentityKeyFile
