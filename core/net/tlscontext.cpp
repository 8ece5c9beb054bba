#include "tlscontext.h"

#include "log/logcategories.h"

#include <QFile>
#include <QFileInfo>
#include <QSslKey>

#include <openssl/pem.h>
#include <openssl/x509.h>

namespace {
// Qt has no way to compare a private key with a certificate; OpenSSL does.
bool keyMatchesCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    BIO *certBio = BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size()));
    BIO *keyBio = BIO_new_mem_buf(keyPem.constData(), int(keyPem.size()));
    X509 *cert = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
    const bool matches = cert && key && X509_check_private_key(cert, key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    BIO_free(certBio);
    BIO_free(keyBio);
    return matches;
}
} // namespace

TlsContext::TlsContext(QString certificatePath, QString keyPath, QObject *parent)
    : QObject(parent), m_certificatePath(std::move(certificatePath)), m_keyPath(std::move(keyPath))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        if (reload()) {
            qCInfo(lcTls) << "certificate reloaded:" << qPrintable(describe());
            emit reloaded();
        } else {
            qCWarning(lcTls).noquote() << "certificate reload failed, keeping the previous one:" << m_lastError;
            emit reloadFailed(m_lastError);
        }
        watch(); // replaced files need watching anew
    });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_debounce, qOverload<>(&QTimer::start));
    watch();
}

TlsContext::Loaded TlsContext::load(const QString &certificatePath, const QString &keyPath)
{
    Loaded result;
    QFile certFile(certificatePath);
    if (!certFile.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read certificate \"%1\": %2").arg(certificatePath, certFile.errorString());
        return result;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        result.error = QStringLiteral("\"%1\" holds no PEM certificate").arg(certificatePath);
        return result;
    }
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read key \"%1\": %2").arg(keyPath, keyFile.errorString());
        return result;
    }
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key;
    // PEM does not say the algorithm in a way Qt reads, so try the ones certificates use.
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        result.error = QStringLiteral("\"%1\" holds no unencrypted RSA or EC private key in PEM form").arg(keyPath);
        return result;
    }
    if (!keyMatchesCertificate(chain.first().toPem(), keyPem)) {
        // Without this check every handshake would fail later with an obscure error.
        result.error = QStringLiteral("the key \"%1\" does not belong to the certificate \"%2\"")
                           .arg(keyPath, certificatePath);
        return result;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    // Only the relay's own protocols are offered; clients that ask for h2 fall back to http/1.1.
    config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    result.configuration = config;
    return result;
}

bool TlsContext::reload()
{
    const Loaded loaded = load(m_certificatePath, m_keyPath);
    if (!loaded.error.isEmpty()) {
        m_lastError = loaded.error;
        return false;
    }
    m_configuration = loaded.configuration;
    m_ready = true;
    m_lastError.clear();
    return true;
}

QString TlsContext::describe() const
{
    const QSslCertificate leaf = m_configuration.localCertificate();
    return QStringLiteral("%1, valid until %2")
        .arg(leaf.subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(',')),
             leaf.expiryDate().toUTC().toString(Qt::ISODate));
}

void TlsContext::watch()
{
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    QStringList paths;
    for (const QString &file : {m_certificatePath, m_keyPath}) {
        const QFileInfo info(file);
        if (info.exists())
            paths << info.absoluteFilePath();
        // Also follow the link's target (certbot's live/ links into archive/).
        if (info.isSymLink() && QFileInfo::exists(info.symLinkTarget()))
            paths << info.symLinkTarget();
        paths << info.absolutePath();
    }
    paths.removeDuplicates();
    m_watcher.addPaths(paths);
}
