// runCli: the command table, exit codes and the shared options.
#include "cli/CliRunner.h"

#include <QtTest>

#include <sstream>

using namespace soundframe;

class TestCliRunner : public QObject {
    Q_OBJECT
    struct Run {
        int code;
        QString out;
        QString err;
    };
    static Run run(const QStringList& args)
    {
        std::ostringstream out, err;
        const int code = runCli(QStringList{"soundframe-cli"} + args, out, err);
        return {code, QString::fromStdString(out.str()), QString::fromStdString(err.str())};
    }

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
