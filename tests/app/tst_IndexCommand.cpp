// `soundframe-cli index` and `soundframe-cli search` end to end on a tiny random model: add with a
// run folder (CLIP from its config), unreadable files listed with reasons, audio / text / image
// searches with --json and filters, status and list, a folder of linked folders indexed (each file
// once, loops ended), an add that finds nothing indexable failing with a message naming the folder,
// model mismatch refused with a clear message, `index remove` dropping a folder's files and refusing
// a folder the index was not given,
// usage errors, and a SIGKILLed `index add` whose `index sync` completes with each file exactly once
// and answers searches exactly like an index built without interruption.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "TinyModels.h"
#include "CliTestSupport.h"
#include "model/AudioEncoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <set>

#include <csignal>

using namespace soundframe;
namespace fs = std::filesystem;

class TestIndexCommand : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    static test::CliRun run(const QStringList& args) { return test::runCliInProcess(args); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = test::runPythonScript("clip_reference.py", {"make", path("clipref"), "--vocab", "600", "--tokenizer"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        test::saveTinyAudioEncoder(path("run/audio-encoder").toStdString(), 21);
        QVERIFY(test::writeBytes(path("run/config.json"),
                                 QString("{\"clip_dir\": \"%1\"}").arg(path("clipref/model")).toUtf8()));
        test::saveTinyAudioEncoder(path("other").toStdString(), 22);
        QVERIFY(test::makeMedia({"sine=frequency=220:duration=2"}, path("sounds/low.wav"), {"-ar", "16000"}));
        QVERIFY(test::makeMedia({"anoisesrc=duration=3:seed=9"}, path("sounds/deep/noise.flac"), {"-ar", "16000"}));
        QVERIFY(test::writeBytes(path("sounds/broken.mp3"), QByteArray(300, 'x')));
        QVERIFY(test::makeMedia({"testsrc=size=40x40:rate=1"}, path("q.png"), {"-frames:v", "1"}));
    }

    void addSearchStatusList()
    {
        auto r = run({"index", "add", "--model", path("run"), "--index", path("idx"), "--progress", "none", path("sounds")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto summary = QJsonDocument::fromJson(r.outBytes).object();
        QCOMPARE(summary["added"].toInt(), 2);
        QCOMPARE(summary["failed"].toInt(), 1);
        QCOMPARE(summary["index_type"].toString(), QString("flat"));
        QVERIFY2(r.err.contains("unreadable " + path("sounds/broken.mp3") + ": "), qPrintable(r.err));

        r = run({"search", "--index", path("idx"), "--audio", path("sounds/deep/noise.flac"), "--audio-start", "2",
                 "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto list = QJsonDocument::fromJson(r.outBytes).array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject()["path"].toString(), path("sounds/deep/noise.flac"));
        QCOMPARE(list[0].toObject()["start_s"].toDouble(), 2.0);
        QVERIFY(list[0].toObject()["score"].toDouble() > 0.9999);
        QVERIFY(std::abs(list[0].toObject()["duration_s"].toDouble() - 3.0) < 0.01);

        r = run({"search", "--index", path("idx"), "--text", "a low hum", "-k", "1", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.outBytes).array().size(), 1);
        r = run({"search", "--index", path("idx"), "--image", path("q.png"), "--glob", "*.wav", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        list = QJsonDocument::fromJson(r.outBytes).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject()["path"].toString(), path("sounds/low.wav"));
        r = run({"search", "--index", path("idx"), "--text", "hum", "--min-duration", "2.5"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("noise.flac") && !r.out.contains("low.wav"));

        r = run({"index", "status", "--index", path("idx"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto status = QJsonDocument::fromJson(r.outBytes).object();
        QCOMPARE(status["files"].toInt(), 2);
        QCOMPARE(status["encoder_dir"].toString(), path("run/audio-encoder"));
        QCOMPARE(status["clip_dir"].toString(), path("clipref/model"));
        QCOMPARE(status["unreadable"].toArray().size(), 1);
        QVERIFY(!status["unreadable"].toArray()[0].toObject()["reason"].toString().isEmpty());
        r = run({"index", "list", "--index", path("idx")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("low.wav") && r.out.contains("unreadable"));

        // sync with nothing changed re-embeds nothing.
        r = run({"index", "sync", "--index", path("idx"), "--progress", "none"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        summary = QJsonDocument::fromJson(r.outBytes).object();
        QCOMPARE(summary["unchanged"].toInt(), 3);
        QCOMPARE(summary["added"].toInt() + summary["updated"].toInt() + summary["removed"].toInt(), 0);
    }

    // A library of links to folders, as people keep one: every file indexed once, through loops too.
    void addFollowsLinkedFolders()
    {
        QVERIFY(QDir().mkpath(path("linked")));
        fs::create_directory_symlink("../sounds/deep", path("linked/a-noise").toStdString());
        fs::create_directory_symlink(path("sounds/deep").toStdString(), path("linked/b-noise").toStdString());
        fs::create_directory_symlink("../linked", path("linked/loop").toStdString());
        fs::create_symlink("../sounds/low.wav", path("linked/low.wav").toStdString());
        auto r = run({"index", "add", "--model", path("run"), "--index", path("lidx"), "--progress", "none", path("linked")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.outBytes).object()["added"].toInt(), 2);
        r = run({"index", "list", "--index", path("lidx"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        std::set<QString> listed;
        for (const auto& f : QJsonDocument::fromJson(r.outBytes).array())
            listed.insert(f.toObject()["path"].toString());
        QCOMPARE(listed, (std::set<QString>{path("linked/a-noise/noise.flac"), path("linked/low.wav")}));
    }

    // Nothing indexable is an error naming the folder, not a silent success.
    void addOfNothingFails()
    {
        QVERIFY(QDir().mkpath(path("empty")));
        QVERIFY(test::writeBytes(path("papers/notes.txt"), "no sound here"));
        for (const QString& folder : {path("empty"), path("papers")}) {
            const auto r = run({"index", "add", "--model", path("run"), "--index", path("eidx"), "--progress", "none", folder});
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("nothing to index in " + folder + ": no sound or video file found"), qPrintable(r.err));
        }
        QVERIFY(test::writeBytes(path("bad/only.wav"), "RIFF but not a wave file"));
        auto r = run({"index", "add", "--model", path("run"), "--index", path("eidx"), "--progress", "none", path("bad")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unreadable " + path("bad/only.wav")), qPrintable(r.err));
        QVERIFY2(r.err.contains("nothing to index in " + path("bad") + ": the one sound or video file found could not be read"),
                 qPrintable(r.err));
        r = run({"index", "add", "--model", path("run"), "--index", path("eidx"), "--progress", "none", path("no-such")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path("no-such") + ": does not exist"), qPrintable(r.err));
        // A folder with something indexable beside the empty one is a success.
        r = run({"index", "add", "--model", path("run"), "--index", path("eidx"), "--progress", "none", path("empty"),
                 path("sounds/deep")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void removeForgetsAFolder()
    {
        QVERIFY(test::makeMedia({"sine=frequency=880:duration=1.5"}, path("more/high.wav"), {"-ar", "16000"}));
        auto r = run({"index", "add", "--model", path("run"), "--index", path("ridx"), "--progress", "none",
                      path("sounds/deep"), path("more")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.outBytes).object()["added"].toInt(), 2);

        r = run({"index", "remove", "--index", path("ridx"), path("sounds")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path("sounds") + ": not a folder or file the index at " + path("ridx")), qPrintable(r.err));
        r = run({"index", "remove", "--index", path("ridx"), path("more") + "/"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto summary = QJsonDocument::fromJson(r.outBytes).object();
        QCOMPARE(summary["removed"].toInt(), 1);
        QCOMPARE(summary["roots"].toArray(), QJsonArray{path("sounds/deep")});
        r = run({"index", "list", "--index", path("ridx"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto files = QJsonDocument::fromJson(r.outBytes).array();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0].toObject()["path"].toString(), path("sounds/deep/noise.flac"));
        QVERIFY(QFile::exists(path("more/high.wav")));

        QCOMPARE(run({"index", "remove", "--index", path("ridx")}).code, 2);  // nothing to remove
        r = run({"index", "remove", "--index", path("no-index"), path("more")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path("no-index") + ": not a library index"), qPrintable(r.err));
    }

    void otherModelIsRefused()
    {
        auto r = run({"search", "--index", path("idx"), "--text", "x", "--model", path("other"), "--clip",
                      path("clipref/model")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("built with model") && r.err.contains(path("other")), qPrintable(r.err));
        r = run({"index", "add", "--index", path("idx"), "--model", path("other"), "--clip", path("clipref/model"),
                 path("sounds")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("built with model"), qPrintable(r.err));
    }

    void usageErrors()
    {
        QCOMPARE(run({"search", "--index", path("idx")}).code, 2);
        QCOMPARE(run({"search", "--index", path("idx"), "--text", "a", "--audio", "b"}).code, 2);
        QCOMPARE(run({"index", "add", "--index", path("new"), path("sounds")}).code, 2);  // new index, no model
        QCOMPARE(run({"index", "add", "--index", path("idx"), "--index-type", "lsh", path("sounds")}).code, 2);
        QCOMPARE(run({"index", "frobnicate"}).code, 2);
        QCOMPARE(run({"search", "--index", path("nothing-here"), "--text", "a"}).code, 1);
    }

    void killedAddResumesWithEveryFileOnce()
    {
        const int files = 12;
        for (int i = 0; i < files; ++i)
            QVERIFY(test::makeMedia({QString("sine=frequency=%1:duration=60").arg(150 + 70 * i)},
                                    path(QString("long/f%1.wav").arg(i, 2, 10, QChar('0'))), {"-ar", "16000"}));
        const QStringList args{"index", "add", "--model", path("run"), "--index", path("kidx"), "--progress", "jsonl",
                               "--threads", "1", path("long")};
        QProcess p;
        p.start(SOUNDFRAME_CLI_PATH, args);
        QVERIFY(p.waitForStarted());
        // Kill as soon as two files are committed.
        QByteArray progress;
        int done = 0;
        while (done < 2 && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            progress += p.readAllStandardError();
            for (const auto& line : progress.split('\n')) {
                const auto o = QJsonDocument::fromJson(line).object();
                if (o["stage"].toString() == "index")
                    done = std::max(done, o["done"].toInt());
            }
        }
        QVERIFY2(p.state() == QProcess::Running, "the add finished before it could be killed");
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        // Nothing published yet, but the committed files are kept and not embedded again.
        auto r = run({"index", "status", "--index", path("kidx"), "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const int pending = QJsonDocument::fromJson(r.outBytes).object()["pending_changes"].toInt();
        QVERIFY2(pending >= 2 && pending < files, qPrintable(QString::number(pending)));

        r = run({"index", "sync", "--index", path("kidx"), "--progress", "none"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto summary = QJsonDocument::fromJson(r.outBytes).object();
        QCOMPARE(summary["unchanged"].toInt(), pending);
        QCOMPARE(summary["added"].toInt(), files - pending);
        r = run({"index", "list", "--index", path("kidx"), "--json"});
        const auto list = QJsonDocument::fromJson(r.outBytes).array();
        QCOMPARE(list.size(), files);
        std::set<QString> seen;
        for (const auto& f : list) {
            seen.insert(f.toObject()["path"].toString());
            QCOMPARE(f.toObject()["windows"].toInt(), 119);  // 60 s, clip 1 s, hop 0.5 s
        }
        QCOMPARE(int(seen.size()), files);
        r = run({"search", "--index", path("kidx"), "--audio", path("long/f05.wav"), "--audio-start", "30", "--json"});
        QCOMPARE(QJsonDocument::fromJson(r.outBytes).array()[0].toObject()["path"].toString(), path("long/f05.wav"));

        // The same folder indexed without a kill answers the same: same files, windows and scores.
        r = run({"index", "add", "--model", path("run"), "--index", path("uidx"), "--progress", "none", path("long")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QStringList> queries{{"--text", "a high whistle"}, {"--image", path("q.png")},
                                         {"--audio", path("long/f08.wav"), "--audio-start", "12.5"}};
        for (const auto& q : queries) {
            const auto resumed = run(QStringList{"search", "--index", path("kidx"), "-k", "12", "--json"} + q);
            const auto whole = run(QStringList{"search", "--index", path("uidx"), "-k", "12", "--json"} + q);
            QVERIFY2(resumed.code == 0 && whole.code == 0, qPrintable(resumed.err + whole.err));
            const auto a = QJsonDocument::fromJson(resumed.outBytes).array();
            const auto b = QJsonDocument::fromJson(whole.outBytes).array();
            QCOMPARE(a.size(), files);
            QCOMPARE(b.size(), files);
            for (int i = 0; i < files; ++i) {
                const auto x = a[i].toObject(), y = b[i].toObject();
                QCOMPARE(x["path"].toString(), y["path"].toString());
                QCOMPARE(x["start_s"].toDouble(), y["start_s"].toDouble());
                QVERIFY(std::abs(x["score"].toDouble() - y["score"].toDouble()) < 1e-5);
            }
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestIndexCommand)
#include "tst_IndexCommand.moc"
