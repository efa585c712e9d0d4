// runCli: the command table, exit codes and the shared options (CommonOptions: --progress and
// --device defined once, with one help text and one check, for every command that takes them).
#include "CliTestSupport.h"

#include <QtTest>

#include "TestRegistry.h"


using namespace soundframe;

class TestCliRunner : public QObject {
    Q_OBJECT
    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(args); }

private Q_SLOTS:
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
    void progressIsOneOptionForEveryCommand_data()
    {
        QTest::addColumn<QStringList>("command");
        for (const char* c : {"prepare", "pretrain", "finetune", "pretrain-audio", "eval", "demo", "demo-world", "train-clip"})
            QTest::newRow(c) << QStringList{c};
        QTest::newRow("index add") << QStringList{"index", "add"};
    }
    void progressIsOneOptionForEveryCommand()
    {
        QFETCH(QStringList, command);
        const auto help = run(command + QStringList{"--help"});
        QCOMPARE(help.code, 0);
        QVERIFY2(help.out.contains("--progress <MODE>") && help.out.contains("Progress on standard error"),
                 qPrintable(help.out));
        const auto bad = run(command + QStringList{"--progress", "dots"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--progress takes bar, jsonl or none"), qPrintable(bad.err));
    }
    void deviceIsOneOptionForEveryCommand_data()
    {
        QTest::addColumn<QStringList>("command");
        for (const char* c : {"prepare", "pretrain", "finetune", "eval", "embed", "search"})
            QTest::newRow(c) << QStringList{c};
        QTest::newRow("index add") << QStringList{"index", "add"};
    }
    void deviceIsOneOptionForEveryCommand()
    {
        QFETCH(QStringList, command);
        const auto help = run(command + QStringList{"--help"});
        QVERIFY2(help.out.contains("--device <DEVICE>") && help.out.contains("cpu, cuda, cuda:N or auto (CUDA when"),
                 qPrintable(help.out));
        const auto bad = run(command + QStringList{"--device", "tpu"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--device takes cpu, cuda, cuda:N or auto, not 'tpu'"), qPrintable(bad.err));
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

SOUNDFRAME_TEST_GUILESS_MAIN(TestCliRunner)
#include "tst_CliRunner.moc"
