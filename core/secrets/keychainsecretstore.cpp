#include "keychainsecretstore.h"

#include "dbussessionprobe.h"

#include <QElapsedTimer>

#include <QEventLoop>
#include <QPointer>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace {

const QString kProbeEntry = QStringLiteral("probe");

struct JobResult
{
    bool finished = false;
    QKeychain::Error error = QKeychain::OtherError;
    QString errorString;
    QByteArray data;
};

// Starts `job` and waits for it at most `timeoutMs`. A job that does not finish in time is left
// to finish (or not) on its own; it deletes itself and nothing here hears from it again.
JobResult runJob(QKeychain::Job *job, int timeoutMs)
{
    JobResult result;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *done) {
        result.finished = true;
        result.error = done->error();
        result.errorString = done->errorString();
        if (auto *reader = qobject_cast<QKeychain::ReadPasswordJob *>(done))
            result.data = reader->binaryData();
        loop.quit();
    });
    job->setAutoDelete(true);
    timer.start(timeoutMs);
    job->start();
    if (!result.finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!result.finished) {
        // The loop and the lambda's captures die with this frame: cut the job off from them.
        QObject::disconnect(job, &QKeychain::Job::finished, &loop, nullptr);
        result.errorString = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    }
    return result;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int timeoutMs)
    : m_service(std::move(service)), m_timeoutMs(timeoutMs)
{
}

std::optional<QByteArray> KeychainSecretStore::read(const QString &name)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(name);
    const JobResult result = runJob(job, m_timeoutMs);
    m_lastReadError.clear();
    if (result.finished && result.error == QKeychain::NoError)
        return result.data;
    if (!result.finished || result.error != QKeychain::EntryNotFound)
        m_lastReadError = QStringLiteral("keychain: cannot read %1: %2").arg(name, result.errorString);
    return std::nullopt;
}

bool KeychainSecretStore::write(const QString &name, const QByteArray &value, QString *error)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(name);
    job->setBinaryData(value);
    const JobResult result = runJob(job, m_timeoutMs);
    if (result.finished && result.error == QKeychain::NoError)
        return true;
    *error = QStringLiteral("keychain: cannot store %1: %2").arg(name, result.errorString);
    return false;
}

bool KeychainSecretStore::remove(const QString &name, QString *error)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(name);
    const JobResult result = runJob(job, m_timeoutMs);
    if (result.finished && (result.error == QKeychain::NoError || result.error == QKeychain::EntryNotFound))
        return true;
    *error = QStringLiteral("keychain: cannot remove %1: %2").arg(name, result.errorString);
    return false;
}

bool KeychainSecretStore::probe(int timeoutMs, QString *why)
{
    // The bus first, without QtDBus: a silent bus would block QtKeychain's first call for minutes.
    QElapsedTimer clock;
    clock.start();
    if (DBusSessionProbe::check(timeoutMs, why) == DBusSessionProbe::Result::NoBus)
        return false;
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(kProbeEntry);
    const JobResult result = runJob(job, int(std::max<qint64>(100, timeoutMs - clock.elapsed())));
    if (!result.finished) {
        *why = result.errorString;
        return false;
    }
    if (result.error == QKeychain::NoError || result.error == QKeychain::EntryNotFound)
        return true;
    *why = result.errorString.isEmpty() ? QStringLiteral("keychain error %1").arg(int(result.error))
                                        : result.errorString;
    return false;
}
