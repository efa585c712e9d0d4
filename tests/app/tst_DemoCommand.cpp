// `soundframe-cli demo`: option checking (exit code 2 and a message) before any work. The pipeline
// itself is tested in tests/core/demo/tst_DemoPipeline (a tiny world, every step, the search library).
#include "CliTestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestDemoCommand : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(QStringList{"demo"} + args); }

private Q_SLOTS:
    void helpListsTheOptions()
    {
        const QStringList missing = test::optionsMissingFromHelp(
            "demo", {"--out", "--full", "--recipe", "demo-full", "--seed", "--epochs", "--search-epochs", "--progress", "--no-open", "search model"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    }

    void usageErrorsAreCaughtBeforeAnyWork_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = m_dir.filePath("demo-out");
        QTest::newRow("bad progress") << QStringList{"--out", out, "--progress", "dots"} << "--progress";
        QTest::newRow("no epochs") << QStringList{"--out", out, "--epochs", "0"} << "--epochs";
        QTest::newRow("negative search epochs") << QStringList{"--out", out, "--search-epochs", "-1"}
                                                << "--search-epochs takes a whole number, 0 or more";
        QTest::newRow("search epochs not a number") << QStringList{"--out", out, "--search-epochs", "many"}
                                                    << "--search-epochs";
        QTest::newRow("not a seed") << QStringList{"--out", out, "--seed", "abc"} << "--seed";
        QTest::newRow("no such recipe") << QStringList{"--out", out, "--recipe", "demo-huge"} << "demo-huge";
        QTest::newRow("full and a recipe") << QStringList{"--out", out, "--full", "--recipe", "demo-full"}
                                           << "--full is the recipe demo-full";
    }

    void usageErrorsAreCaughtBeforeAnyWork()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString why = test::usageErrorMismatch(run(args), message);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(!QDir(m_dir.filePath("demo-out")).exists());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoCommand)
#include "tst_DemoCommand.moc"
