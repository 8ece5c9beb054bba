#include "meshregistrations.h"

const MeshRegistrations::Registration *MeshRegistrations::find(const QString &meshId) const
{
    const auto it = m_meshes.constFind(meshId);
    return it == m_meshes.cend() ? nullptr : &*it;
}

void MeshRegistrations::add(const QString &meshId, const Registration &registration)
{
    m_meshes.insert(meshId, registration);
}

bool MeshRegistrations::nonceUsableBy(const QString &meshId, const QString &nonce, const QString &nodeId) const
{
    const auto it = m_nonces.constFind(nonceKey(meshId, nonce));
    return it == m_nonces.cend() || it->nodeId == nodeId;
}

void MeshRegistrations::recordNonce(const QString &meshId, const QString &nonce, const QString &nodeId,
                                    double expiresAtSeconds)
{
    const QString key = nonceKey(meshId, nonce);
    if (!m_nonces.contains(key))
        m_nonces.insert(key, NonceUse{nodeId, expiresAtSeconds});
}

void MeshRegistrations::forgetExpiredNonces(double nowSeconds)
{
    for (auto it = m_nonces.begin(); it != m_nonces.end();) {
        if (it->expiresAtSeconds < nowSeconds)
            it = m_nonces.erase(it);
        else
            ++it;
    }
}
