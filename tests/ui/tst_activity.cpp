// The Activity tab: what is logged (from any thread) appears, the level filter hides what is
// below it, the search box narrows it down, and the previous message handler still gets it all.
#include "activityfilter.h"
#include "activitymodel.h"
#include "activitypage.h"
#include "log/logcategories.h"
#include "logcapture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QTest>
#include <QThread>
#include <thread>

namespace {
QStringList g_passedOn;
void recordingHandler(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_passedOn << message;
}
} // namespace

class TestActivity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("switchboard.*=true"));
    }

    void linesAppearAndAreFiltered()
    {
        qInstallMessageHandler(recordingHandler);
        LogCapture capture;
        ActivityPage page(&capture);
        QAbstractItemModelTester tester(page.filter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        qCDebug(lcRelay) << "a debug line";
        qCInfo(lcRelay) << "listening on 8765";
        qCWarning(lcTls) << "certificate expires soon";
        std::thread([] { qCCritical(lcNet) << "from another thread"; }).join();
        QTRY_COMPARE(capture.lines().size(), 4);
        QVERIFY(g_passedOn.contains(QStringLiteral("listening on 8765")));

        ActivityFilter *filter = page.filter();
        QCOMPARE(filter->minimumLevel(), 1); // info and above by default
        QCOMPARE(filter->rowCount(), 3);
        page.levelBox()->setCurrentIndex(2); // warnings and errors
        QCOMPARE(filter->rowCount(), 2);
        QCOMPARE(filter->index(0, ActivityModel::LevelColumn).data().toString(), QStringLiteral("Warning"));
        QCOMPARE(filter->index(0, ActivityModel::SourceColumn).data().toString(), QStringLiteral("tls"));
        QCOMPARE(filter->index(1, ActivityModel::MessageColumn).data().toString(), QStringLiteral("from another thread"));
        page.levelBox()->setCurrentIndex(0);
        QCOMPARE(filter->rowCount(), 4);
        page.findChild<QLineEdit *>()->setText(QStringLiteral("CERTIFICATE"));
        QCOMPARE(filter->rowCount(), 1);
        qInstallMessageHandler(nullptr);
    }

    void keepsABoundedHistory()
    {
        LogCapture capture;
        ActivityModel model(&capture);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
        for (int i = 0; i < LogCapture::kKeptLines + 10; ++i)
            qCInfo(lcRelay) << "line" << i;
        QTRY_COMPARE(capture.lines().size(), LogCapture::kKeptLines);
        QTRY_COMPARE(model.rowCount(), LogCapture::kKeptLines);
        QCOMPARE(model.index(0, ActivityModel::MessageColumn).data().toString(), QStringLiteral("line 10"));
    }
};

QTEST_MAIN(TestActivity)
#include "tst_activity.moc"
