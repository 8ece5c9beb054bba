#include "introductionhub.h"

void IntroductionHub::addPeer(const QString &peerId)
{
    m_documents.insert(peerId, {});
    m_order.insert(peerId, {});
}

void IntroductionHub::removePeer(const QString &peerId)
{
    m_documents.remove(peerId);
    m_order.remove(peerId);
}

QList<IntroductionHub::Introduction> IntroductionHub::join(const QString &peerId, const QStringList &documentIds)
{
    QList<Introduction> introductions;
    const auto mine = m_documents.find(peerId);
    if (mine == m_documents.end())
        return introductions;
    QStringList &order = m_order[peerId];
    for (const QString &id : documentIds) {
        if (mine->size() >= kMaxDocumentsPerPeer)
            break;
        if (!mine->contains(id)) {
            mine->insert(id);
            order << id;
        }
    }
    for (auto other = m_documents.cbegin(); other != m_documents.cend(); ++other) {
        if (other.key() == peerId)
            continue;
        QStringList shared;
        for (const QString &id : std::as_const(order)) {
            if (other->contains(id))
                shared << id;
        }
        if (shared.isEmpty())
            continue;
        introductions << Introduction{peerId, other.key(), shared};
        introductions << Introduction{other.key(), peerId, shared};
    }
    return introductions;
}

void IntroductionHub::leave(const QString &peerId, const QStringList &documentIds)
{
    const auto mine = m_documents.find(peerId);
    if (mine == m_documents.end())
        return;
    const QSet<QString> leaving(documentIds.cbegin(), documentIds.cend());
    for (const QString &id : leaving)
        mine->remove(id);
    m_order[peerId].removeIf([&leaving](const QString &id) { return leaving.contains(id); });
}

QStringList IntroductionHub::documentsOf(const QString &peerId) const
{
    return m_order.value(peerId);
}
