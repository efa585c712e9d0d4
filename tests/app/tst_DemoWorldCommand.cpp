// `soundframe-cli demo-world`: option checking (exit code 2 and a message) before any work.
// Building worlds is tested in tests/core/demo (tst_DemoWorldBuilder, tst_DemoSourceCatalog).
#include "TestSupport.h"
#include "CliTestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"


using namespace soundframe;

class TestDemoWorldCommand : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(QStringList{"demo-world"} + args); }

private Q_SLOTS:
    void helpListsTheOptions()
    {
        const QStringList missing = test::optionsMissingFromHelp(
            "demo-world", {"--out", "--seed", "--clips-train", "--clips-val", "--clips-test", "--clip-seconds",
                           "--progress", "--workers", "--packages", "--split-by"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    }

    void usageErrorsAreCaughtBeforeAnyWork_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = m_dir.filePath("world");
        QTest::newRow("no out") << QStringList{} << "--out DIR is required";
        QTest::newRow("bad progress") << QStringList{"--out", out, "--progress", "dots"} << "--progress";
        QTest::newRow("no train clips") << QStringList{"--out", out, "--clips-train", "0"} << "--clips-train";
        QTest::newRow("negative test clips") << QStringList{"--out", out, "--clips-test", "-1"} << "--clips-test";
        QTest::newRow("clip too short") << QStringList{"--out", out, "--clip-seconds", "0.5"} << "--clip-seconds";
        QTest::newRow("not a seed") << QStringList{"--out", out, "--seed", "abc"} << "numbers";
        QTest::newRow("positional") << QStringList{"--out", out, "extra"} << "positional";
        QTest::newRow("unknown package") << QStringList{"--out", out, "--packages", "gcompris-qt-data,tuxpaint"}
                                         << "unknown package 'tuxpaint'";
        QTest::newRow("no package") << QStringList{"--out", out, "--packages", ","} << "field 'packages'";
        QTest::newRow("unknown split") << QStringList{"--out", out, "--split-by", "event"} << "field 'split_by'";
    }

    void usageErrorsAreCaughtBeforeAnyWork()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString why = test::usageErrorMismatch(run(args), message);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(!QDir(m_dir.filePath("world")).exists());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoWorldCommand)
#include "tst_DemoWorldCommand.moc"
