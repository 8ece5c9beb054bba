#pragma once
// What founders have registered (deployed dialect): each mesh's public key, which verifies join
// tokens, and the key each founder's `founder_proof` verifies with, so that a founder can come
// back (by proving it again) and nobody else can claim its node id. Also the token nonces seen,
// to refuse a token replayed by another node. In memory, like the original's; founders register
// again on every connect, so a restart loses nothing a client cannot restore.
#include <QByteArray>
#include <QHash>
#include <QString>

class MeshRegistrations
{
public:
    struct Registration
    {
        QByteArray meshPublicKey; // 32 raw bytes; verifies tokens
        QString meshName;
        // founder node id -> the 32-byte key its founder_proof verifies with
        QHash<QString, QByteArray> founderProofKeys;
    };

    const Registration *find(const QString &meshId) const;
    bool isRegistered(const QString &meshId) const { return m_meshes.contains(meshId); }
    int count() const { return int(m_meshes.size()); }
    void add(const QString &meshId, const Registration &registration);

    // A token's nonce belongs to the first node that joined with it. That node may present it
    // again (reconnecting clients keep their token; refusing them was a bug the original later
    // fixed); any other node presenting it is a replay.
    bool nonceUsableBy(const QString &meshId, const QString &nonce, const QString &nodeId) const;
    void recordNonce(const QString &meshId, const QString &nonce, const QString &nodeId, double expiresAtSeconds);
    // Nonces of expired tokens can go: an expired token is refused anyway.
    void forgetExpiredNonces(double nowSeconds);
    int nonceCount() const { return int(m_nonces.size()); }

private:
    struct NonceUse
    {
        QString nodeId;
        double expiresAtSeconds = 0;
    };
    static QString nonceKey(const QString &meshId, const QString &nonce) { return meshId + QChar(0) + nonce; }

    QHash<QString, Registration> m_meshes;
    QHash<QString, NonceUse> m_nonces;
};
