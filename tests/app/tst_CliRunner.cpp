// runCli: the command table, exit codes and the shared options.
#include "CliTestSupport.h"

#include <QtTest>


using namespace soundframe;

class TestCliRunner : public QObject {
    Q_OBJECT
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(args); }

private slots:
    void noCommandIsAUsageError()
    {
        const auto r = run({});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("Usage: soundframe-cli COMMAND"));
    }
    void helpListsCommands()
    {
        const auto r = run({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Commands:"));
    }
    void unknownCommandIsAUsageError()
    {
        const auto r = run({"frobnicate"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    }
    void versionNamesTheLibraries()
    {
        const auto r = run({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("LibTorch 1.") || r.out.contains("LibTorch 2."));
        QVERIFY(r.out.contains("FFmpeg"));
        QVERIFY(r.out.contains("libsndfile"));
    }
};

QTEST_GUILESS_MAIN(TestCliRunner)
#include "tst_CliRunner.moc"
