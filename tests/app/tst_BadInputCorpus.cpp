// Every soundframe-cli command over the bad-input corpus (tests/scripts/make_bad_inputs.py):
// truncated, corrupted, mislabelled, empty and absurd media, broken manifests, malformed
// safetensors, damaged CLIP folders and configs. Each command runs as a child process with a
// timeout and must exit 0, 1 or 2 (never a signal, never a hang), name the file at fault with a
// reason, and in the job commands (prepare, embed, index add) still process the good files.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "TestSupport.h"
#include "TinyModels.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestBadInputCorpus : public QObject {
    Q_OBJECT
public:
    // Each test function starts dozens of soundframe-cli processes (LibTorch loads in each): on a
    // loaded 2-core machine that exceeds QtTest's default 300 s per function. Read by QTest::qExec,
    // which runs after this constructor (and only this test's process sees it).
    TestBadInputCorpus() { qputenv("QTEST_FUNCTION_TIMEOUT", "1800000"); }

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString bad(const QString& name = {}) const { return m_dir.filePath("bad/" + name); }

    struct Run {
        int code = -1;
        QByteArray out;
        QString err;
    };
    // Runs soundframe-cli in a child process; fails the test on a crash or a hang.
    static Run cli(const QStringList& args, int timeoutMs = 180000)
    {
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("OMP_NUM_THREADS", "1");
        process.setProcessEnvironment(env);
        process.start(SOUNDFRAME_CLI_PATH, args);
        Run r;
        if (!process.waitForStarted()) {
            r.err = "could not start soundframe-cli";
            return r;
        }
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            r.err = "TIMEOUT after " + QString::number(timeoutMs / 1000) + " s: " + args.join(' ');
            return r;
        }
        r.out = process.readAllStandardOutput();
        r.err = QString::fromUtf8(process.readAllStandardError());
        if (process.exitStatus() != QProcess::NormalExit) {
            r.err = "CRASHED (signal) running " + args.join(' ') + "\n" + r.err;
            return r;
        }
        r.code = process.exitCode();
        return r;
    }
    // A failure must say "error: <...name...>: <reason>" on stderr.
    static bool namesFile(const Run& r, const QString& name)
    {
        for (const auto& line : r.err.split('\n'))
            if (line.startsWith("error: ") && line.contains(name) && line.indexOf(": ", line.indexOf(name)) > 0)
                return true;
        return false;
    }
    static QString describe(const Run& r, const QString& what)
    {
        return what + " -> exit " + QString::number(r.code) + "\n" + r.err.right(1500);
    }
    // Media names in the corpus that are valid UTF-8 (a QProcess argument cannot carry other bytes).
    QStringList mediaNames() const
    {
        QStringList names;
        QFile f(bad("media.txt"));
        if (!f.open(QIODevice::ReadOnly))
            return names;
        for (const auto& line : f.readAll().split('\n')) {
            const auto text = QString::fromUtf8(line);
            if (!line.isEmpty() && text.toUtf8() == line)
                names << text;
        }
        return names;
    }
    QStringList badNames() const
    {
        QFile f(bad("bad.txt"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    }
    static QString readText(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    // Names of the files skipped.jsonl lists.
    static QSet<QString> skippedNames(const QString& cache)
    {
        QSet<QString> names;
        for (const auto& line : readText(cache + "/skipped.jsonl").split('\n', Qt::SkipEmptyParts)) {
            const auto where = line.section("\"where\":\"", 1).section('"', 0, 0);
            names.insert(QFileInfo(where).fileName());
        }
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto models = test::makeTinyModels(m_dir.path(), 8);
        QVERIFY2(models.isEmpty(), qPrintable(models));
        const auto r = test::runPythonScript("make_bad_inputs.py",
                                             {path("bad"), "--ffmpeg", SOUNDFRAME_FFMPEG, "--clip", path("clipref/model")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        QVERIFY(mediaNames().size() > 30);
        QVERIFY(badNames().size() > 15);

        QVERIFY(test::writeBytes(path("texts.txt"), "a dog barks\nrain on a roof\n"));
        QByteArray list;
        for (const auto& name : mediaNames())
            list += "bad/media/" + name.toUtf8() + "\n";
        QVERIFY(test::writeBytes(path("audio-list.txt"), list));
    }

    void probeAndFramesEveryFile_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("probe") << "probe";
        QTest::newRow("frames") << "frames";
    }
    void probeAndFramesEveryFile()
    {
        QFETCH(QString, command);
        for (const auto& name : mediaNames()) {
            QStringList args{command, bad("media/" + name)};
            if (command == "frames")
                args << QStringList{"--times", "0.5", "--out", path("frames")};
            const auto r = cli(args);
            QVERIFY2(r.code == 0 || r.code == 1, qPrintable(describe(r, args.join(' '))));
            if (r.code == 1)
                QVERIFY2(namesFile(r, name), qPrintable(describe(r, args.join(' '))));
        }
        QCOMPARE(cli({"probe", bad("media/good_a.wav")}).code, 0);
        QCOMPARE(cli({"frames", bad("media/good_b.mp4"), "--times", "0.5", "--out", path("frames")}).code, 0);
        for (const auto& name : QStringList{"empty.wav", "garbage_wav.wav", "truncated_mp4_header.mp4", "hdr_rate_0.wav"})
            QCOMPARE(cli({"probe", bad("media/" + name)}).code, 1);
    }

    // prepare over a manifest listing every media file: the good ones are cached, each bad one is
    // in skipped.jsonl with a reason, and every clip is accounted for.
    void prepareKeepsGoodClips_data()
    {
        QTest::addColumn<bool>("audioOnly");
        QTest::newRow("audio-only") << true;
        QTest::newRow("frames") << false;
    }
    void prepareKeepsGoodClips()
    {
        QFETCH(bool, audioOnly);
        const auto cache = path(audioOnly ? "cache-audio" : "cache-frames");
        QStringList args{"prepare", "--manifest", bad("manifests/prepare.jsonl"), "--cache", cache,
                         "--audio-rate", "16000", "--workers", "2", "--progress", "none"};
        args << (audioOnly ? QStringList{"--audio-only"} : QStringList{"--clip", path("clipref/model"), "--frames", "2"});
        const auto r = cli(args);
        QVERIFY2(r.code == 0, qPrintable(describe(r, "prepare")));
        const auto skipped = skippedNames(cache);
        QVERIFY2(!skipped.contains("good_b.mp4"), qPrintable(readText(cache + "/skipped.jsonl")));
        if (audioOnly) {
            QVERIFY(!skipped.contains("good_a.wav"));
            for (const auto& name : badNames())
                QVERIFY2(skipped.contains(name), qPrintable(name + " not in skipped.jsonl"));
        }
        // Every skipped line carries a reason, and the summary counts add up to the manifest.
        for (const auto& line : readText(cache + "/skipped.jsonl").split('\n', Qt::SkipEmptyParts))
            QVERIFY2(line.contains("\"reason\":\"") && !line.contains("\"reason\":\"\""), qPrintable(line));
        QRegularExpression summary("(\\d+) cached, (\\d+) already cached, (\\d+) skipped");
        const auto m = summary.match(QString::fromUtf8(r.out));
        QVERIFY2(m.hasMatch(), r.out.constData());
        QCOMPARE(m.captured(1).toInt() + m.captured(3).toInt(), mediaNames().size());  // the manifest lists each UTF-8 name
        QVERIFY(m.captured(1).toInt() >= (audioOnly ? 2 : 1));
        QCOMPARE(skipped.size(), m.captured(3).toInt());

        // A re-run keeps what was done and adds nothing.
        const auto again = cli(args);
        QVERIFY2(again.code == 0, qPrintable(describe(again, "prepare again")));
        const auto m2 = summary.match(QString::fromUtf8(again.out));
        QVERIFY2(m2.hasMatch() && m2.captured(1) == "0" && m2.captured(2) == m.captured(1), again.out.constData());
    }

    void prepareBrokenManifests()
    {
        const auto manifests = QDir(bad("manifests")).entryList(QDir::Files, QDir::Name);
        QVERIFY(manifests.size() >= 8);
        for (const auto& name : manifests) {
            const auto r = cli({"prepare", "--manifest", bad("manifests/" + name), "--cache", path("cache-m-" + name),
                                "--audio-only", "--progress", "none"});
            QVERIFY2(r.code == 0 || r.code == 1, qPrintable(describe(r, name)));
            if (r.code == 1)
                QVERIFY2(namesFile(r, name), qPrintable(describe(r, name)));
        }
        // Line problems are named "file:line" with a reason, and the good line still loads.
        const auto cache = path("cache-m-broken.jsonl");
        const auto skipped = readText(cache + "/skipped.jsonl");
        for (int line = 2; line <= 16; ++line)
            QVERIFY2(skipped.contains(QString("broken.jsonl:%1\"").arg(line)), qPrintable(skipped));
        QVERIFY(QFile::exists(cache + "/shard-000000.safetensors"));
        QVERIFY(readText(path("cache-m-unterminated.csv") + "/skipped.jsonl").contains("unterminated quoted field"));
        QVERIFY(readText(path("cache-m-broken_clotho.csv") + "/skipped.jsonl").contains("expected 3 fields, found 2"));
    }

    // A damaged CLIP folder is refused with the damaged file named.
    void damagedClipFolders()
    {
        const auto folders = QDir(bad()).entryList({"clip-*"}, QDir::Dirs, QDir::Name);
        QVERIFY(folders.size() >= 10);
        for (const auto& folder : folders) {
            const QString damaged = folder.contains("config") ? "config.json"
                : folder.contains("vocab")                    ? "vocab.json"
                : folder.contains("merges")                   ? "merges.txt"
                                                              : "model.safetensors";
            const bool tokenizerOnly = damaged == "vocab.json" || damaged == "merges.txt";
            const QList<QStringList> commands{
                {"embed", "--clip", bad(folder), "--texts", path("texts.txt"), "--out", path("t.safetensors")},
                {"prepare", "--manifest", bad("manifests/prepare.jsonl"), "--cache", path("cache-c-" + folder), "--clip",
                 bad(folder), "--frames", "2", "--progress", "none"}};
            for (const auto& args : commands) {
                const auto r = cli(args);
                if (r.code == 0 && (folder == "clip-merges-empty" || (args.first() == "prepare" && tokenizerOnly)))
                    continue;  // no merges is a valid (character-level) BPE; prepare needs no tokenizer
                QVERIFY2(r.code == 1, qPrintable(describe(r, args.join(' '))));
                QVERIFY2(namesFile(r, damaged), qPrintable(describe(r, args.join(' '))));
            }
        }
    }

    // embed --audio over every file: the good ones are embedded, each bad one is named with a reason.
    void embedAudioKeepsGoodFiles()
    {
        const auto out = path("audio.safetensors");
        const auto r = cli({"embed", "--model", path("run/audio-encoder"), "--audio", path("audio-list.txt"), "--out", out});
        QVERIFY2(r.code == 0, qPrintable(describe(r, "embed --audio")));
        QVERIFY(QFile::exists(out));
        for (const auto& name : badNames())
            QVERIFY2(r.err.contains(name), qPrintable(name + " not reported:\n" + r.err));
    }

    // A malformed model.safetensors in an audio encoder folder is refused naming the file.
    void malformedSafetensors()
    {
        const auto files = QDir(bad("safetensors")).entryList(QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 15);
        for (const auto& name : files) {
            const auto dir = path("enc-" + name);
            QDir().mkpath(dir);
            QVERIFY(QFile::copy(path("run/audio-encoder/config.json"), dir + "/config.json"));
            QVERIFY(QFile::copy(bad("safetensors/" + name), dir + "/model.safetensors"));
            const auto r = cli({"embed", "--model", dir, "--audio", path("audio-list.txt"), "--out", path("x.safetensors")});
            QVERIFY2(r.code == 1, qPrintable(describe(r, name)));
            QVERIFY2(namesFile(r, "model.safetensors"), qPrintable(describe(r, name)));
        }
    }

    // A file name that is not UTF-8, given as an argument, names that very file (QProcess would
    // encode the arguments as UTF-8, so the bytes are made by sh's printf).
    void nonUtf8NameAsArgument()
    {
        const auto run = [this](const char* name) {
            QProcess process;
            process.start("/bin/sh", {"-c", QString("exec \"$0\" probe \"$1/$(printf '%1')\"").arg(name),
                                      SOUNDFRAME_CLI_PATH, bad("media")});
            process.waitForFinished(120000);
            return std::make_pair(process.exitCode(), process.readAllStandardOutput() + process.readAllStandardError());
        };
        const auto [found, probeText] = run("latin1_\\351t\\351.wav");
        QVERIFY2(found == 0 && probeText.contains("\"audio\""), probeText.constData());
        const auto [missing, errorText] = run("missing_\\351.wav");
        QCOMPARE(missing, 1);
        // The message names the file with its own bytes, not with U+FFFD.
        QVERIFY2(errorText.contains("missing_\xe9.wav") && errorText.contains("not found"), errorText.constData());
    }

    // index add over the whole media folder: good files are indexed, bad ones listed with reasons;
    // searching with each bad file as the query fails cleanly.
    void indexAddKeepsGoodFiles()
    {
        const auto index = path("index");
        const auto r = cli({"index", "add", "--model", path("run"), "--index", index, "--progress", "none", bad("media")});
        QVERIFY2(r.code == 0 || r.code == 1, qPrintable(describe(r, "index add")));
        const auto list = cli({"index", "list", "--index", index});
        QVERIFY2(list.code == 0, qPrintable(describe(list, "index list")));
        QVERIFY2(list.out.contains("good_a.wav") && list.out.contains("good_b.mp4"), list.out.constData());
        QVERIFY2(list.out.contains("latin1_\xe9t\xe9.wav"), list.out.constData());  // non-UTF-8 name indexed as is
        const auto status = cli({"index", "status", "--index", index});
        QVERIFY2(status.code == 0, qPrintable(describe(status, "index status")));
        const auto statusText = QString::fromUtf8(status.out) + status.err;
        for (const auto& name : badNames())
            QVERIFY2(statusText.contains(name), qPrintable(name + " not listed as unreadable:\n" + statusText));
        for (const auto& name : badNames()) {
            const auto s = cli({"search", "--index", index, "--audio", bad("media/" + name)});
            QVERIFY2(s.code == 1, qPrintable(describe(s, "search --audio " + name)));
            QVERIFY2(namesFile(s, name), qPrintable(describe(s, "search --audio " + name)));
        }
    }

    // pretrain and eval with a malformed config are refused naming the config.
    void malformedConfigs()
    {
        const auto configs = QDir(bad("configs")).entryList(QDir::Files, QDir::Name);
        QVERIFY(configs.size() >= 8);
        for (const auto& name : configs) {
            const auto config = bad("configs/" + name);
            const auto r = cli({"pretrain", "--config", config, "--train-cache", path("cache-frames"), "--run",
                                path("run-" + name), "--epochs", "1"});
            QVERIFY2(r.code == 1 || r.code == 2, qPrintable(describe(r, "pretrain --config " + name)));
            QVERIFY2(namesFile(r, name), qPrintable(describe(r, "pretrain --config " + name)));
            const auto encoder = path("enc-config-" + name);
            QDir().mkpath(encoder);
            QVERIFY(QFile::copy(path("run/audio-encoder/model.safetensors"), encoder + "/model.safetensors"));
            QVERIFY(QFile::copy(config, encoder + "/config.json"));
            const auto e = cli({"eval", "--cache", path("cache-frames"), "--model", encoder, "--out", path("eval-" + name),
                                "--no-alignment", "--progress", "none"});
            QVERIFY2(e.code == 1, qPrintable(describe(e, "eval with config " + name)));
            QVERIFY2(namesFile(e, "config.json"), qPrintable(describe(e, "eval with config " + name)));
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestBadInputCorpus)
#include "tst_BadInputCorpus.moc"
