#pragma once
// The relay's libp2p identity key kept in the SecretStore under the name of its file
// ("libp2p-identity.key"), so with the file backend it is the very file earlier versions wrote,
// and with the keychain a key file from before is taken over (the PeerId clients pin survives).
// A stored key that does not parse is an error, never replaced: replacing it changes the PeerId.
#include "libp2p/crypto/identitykeyfile.h"

#include <optional>

class SecretStore;

namespace Libp2pIdentitySecret {

std::optional<Libp2p::IdentityKeyFile::Loaded> loadOrCreate(SecretStore *store, const QString &dataDir, QString *error);

} // namespace Libp2pIdentitySecret
