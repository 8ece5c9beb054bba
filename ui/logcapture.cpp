#include "logcapture.h"

#include <QPointer>
#include <atomic>

namespace {
std::atomic<LogCapture *> g_capture{nullptr};
std::atomic<QtMessageHandler> g_previous{nullptr};
} // namespace

LogCapture::LogCapture(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<LogLine>();
    g_capture = this;
    m_previous = qInstallMessageHandler(&LogCapture::handler);
    g_previous = m_previous;
}

LogCapture::~LogCapture()
{
    if (g_capture == this) {
        g_capture = nullptr;
        qInstallMessageHandler(m_previous);
    }
}

void LogCapture::handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (QtMessageHandler previous = g_previous.load())
        previous(type, context, message);
    LogCapture *capture = g_capture.load();
    if (!capture)
        return;
    LogLine line{type, QDateTime::currentDateTime(),
                 QString::fromUtf8(context.category ? context.category : "default"), message};
    // Queued even on the GUI thread: a model must not change in the middle of whatever logged.
    QMetaObject::invokeMethod(capture, [capture, line] { capture->append(line); }, Qt::QueuedConnection);
}

void LogCapture::append(const LogLine &line)
{
    m_lines.append(line);
    if (m_lines.size() > kKeptLines)
        m_lines.removeFirst();
    emit lineAdded(line);
}
