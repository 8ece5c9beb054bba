#pragma once
// Ed25519 keys made on the spot for the mesh tests, and helpers that sign what the Atmosphere
// clients sign: the UTF-8 mesh id (founder proof) and a token's canonical text.
#include "mesh/meshtoken.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <openssl/evp.h>

#include <memory>

class TestKey
{
public:
    TestKey() : m_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free) {}

    QByteArray publicKey() const
    {
        QByteArray raw(32, Qt::Uninitialized);
        size_t size = size_t(raw.size());
        EVP_PKEY_get_raw_public_key(m_key.get(), reinterpret_cast<unsigned char *>(raw.data()), &size);
        return raw;
    }
    QString publicKeyBase64() const { return QString::fromLatin1(publicKey().toBase64()); }

    QByteArray sign(const QByteArray &message) const
    {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
        EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get());
        QByteArray signature(64, Qt::Uninitialized);
        size_t size = size_t(signature.size());
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &size,
                       reinterpret_cast<const unsigned char *>(message.constData()), size_t(message.size()));
        return signature;
    }
    QString signBase64(const QByteArray &message) const { return QString::fromLatin1(sign(message).toBase64()); }

    // A token as a founder issues it: signed over the canonical text of its other fields.
    QJsonObject token(const QString &meshId, const QJsonValue &nodeId, qint64 issuedAt, qint64 expiresAt,
                      const QString &nonce, const QStringList &capabilities = {QStringLiteral("participant")}) const
    {
        QJsonObject object{{QStringLiteral("mesh_id"), meshId},
                           {QStringLiteral("node_id"), nodeId},
                           {QStringLiteral("issued_at"), issuedAt},
                           {QStringLiteral("expires_at"), expiresAt},
                           {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)},
                           {QStringLiteral("issuer_id"), QStringLiteral("founder")},
                           {QStringLiteral("nonce"), nonce}};
        // The canonical text itself is checked against Python's output in tst_meshtoken; here it
        // is only the thing to sign.
        const auto parsed = MeshToken::fromJson(withSignature(object, QStringLiteral("unsigned")), nullptr);
        object.insert(QStringLiteral("signature"), signBase64(parsed->signedTextCandidates().first()));
        return object;
    }

private:
    static QJsonObject withSignature(QJsonObject object, const QString &signature)
    {
        object.insert(QStringLiteral("signature"), signature);
        return object;
    }
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> m_key;
};
