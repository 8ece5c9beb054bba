#pragma once
// Who is interested in which documents, and whom to introduce to whom. Pure bookkeeping, no
// sockets: the service turns the introductions into frames.
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

class IntroductionHub
{
public:
    struct Introduction
    {
        QString recipient; // the peer the frame goes to
        QString aboutPeer; // the peer it introduces
        QStringList documentIds; // the documents they share
    };

    // Adds a connected peer with no documents (replacing any earlier registration of the id).
    void addPeer(const QString &peerId);
    void removePeer(const QString &peerId);
    bool hasPeer(const QString &peerId) const { return m_documents.contains(peerId); }
    int peerCount() const { return int(m_documents.size()); }
    // Merges ids into the peer's set, then introduces it to every other peer whose set overlaps
    // (over the full sets): for each such pair, first the joiner hears of the other, then the
    // other of the joiner. Every Join introduces all overlapping pairs again.
    QList<Introduction> join(const QString &peerId, const QStringList &documentIds);
    // Removes ids; nobody is told.
    void leave(const QString &peerId, const QStringList &documentIds);
    QStringList documentsOf(const QString &peerId) const;
    // Bound on one peer's set, so a stranger cannot grow it without end.
    static constexpr int kMaxDocumentsPerPeer = 10000;

private:
    QHash<QString, QSet<QString>> m_documents;
    QHash<QString, QStringList> m_order; // ids in the order the peer joined them, for stable output
};
