// soundframe-cli's long jobs under hostile conditions, as child processes:
// - prepare SIGKILLed at a random point and resumed, 20 times, ends with the same clips (same audio,
//   same frame embeddings) as an uninterrupted run, and every file in the cache is readable;
// - prepare and index add on a disk that fills up, and into a read-only folder, fail with a
//   clear message naming the file and keep what was finished before (tmpfs mounts: needs root,
//   skipped otherwise).
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "TestSupport.h"
#include "base/SafeTensorsReader.h"
#include "data/FrameCacheReader.h"
#include "TinyModels.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <map>

using namespace soundframe;

// Each test function starts dozens of soundframe-cli processes (LibTorch loads in each): on a
// loaded 2-core machine that exceeds QtTest's default 300 s per function. Read by QTest::qExec.
[[maybe_unused]] static const bool kLongFunctionTimeout = qputenv("QTEST_FUNCTION_TIMEOUT", "1800000");

class TestJobResilience : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_mounts;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    struct Run {
        int code = -1;
        QString text;  // stdout + stderr
    };
    static QProcessEnvironment environment()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("OMP_NUM_THREADS", "1");
        return env;
    }
    static Run cli(const QStringList& args)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(SOUNDFRAME_CLI_PATH, args);
        Run r;
        if (!process.waitForFinished(300000)) {
            process.kill();
            process.waitForFinished();
            r.text = "TIMEOUT: " + args.join(' ');
            return r;
        }
        r.text = QString::fromUtf8(process.readAll());
        if (process.exitStatus() == QProcess::NormalExit)
            r.code = process.exitCode();
        else
            r.text = "CRASHED: " + r.text;
        return r;
    }
    QStringList prepareArgs(const QString& cache) const
    {
        return {"prepare", "--manifest", path("clips/manifest.jsonl"), "--cache", cache, "--clip", path("clipref/model"),
                "--frames", "2", "--audio-rate", "16000", "--workers", "1", "--shard-size", "3", "--progress", "none"};
    }
    QStringList indexArgs(const QString& index, const QString& folder) const
    {
        return {"index", "add", "--model", path("run"), "--index", index, "--progress", "none", folder};
    }
    // A tmpfs of `kb` KiB at `dir` (root only); false when it cannot be mounted.
    bool mountTmpfs(const QString& dir, int kb)
    {
        QDir().mkpath(dir);
        if (test::runTool("mount", {"-t", "tmpfs", "-o", QString("size=%1k").arg(kb), "tmpfs", dir}).exitCode != 0)
            return false;
        m_mounts << dir;
        return true;
    }
    static bool remount(const QString& dir, const QString& options)
    {
        return test::runTool("mount", {"-o", "remount," + options, dir}).exitCode == 0;
    }
    // Fills the file system holding `dir` until about `leaveKb` KiB are free.
    static bool fill(const QString& dir, int leaveKb)
    {
        const auto r = test::runTool("df", {"--output=avail", "-k", dir});
        const auto avail = r.stdoutBytes.split('\n').value(1).trimmed().toLongLong();
        if (avail <= leaveKb)
            return true;
        return test::runTool("fallocate", {"-l", QString::number((avail - leaveKb) * 1024), dir + "/filler"}).exitCode == 0;
    }
    // Clip id -> (audio, frame embeddings) of a prepared cache; every shard must open.
    static std::map<std::string, std::pair<torch::Tensor, torch::Tensor>> contents(const QString& cache)
    {
        for (const auto& name : QDir(cache).entryList({"*.safetensors"}, QDir::Files))
            SafeTensorsReader check((cache + "/" + name).toStdString());  // throws on a corrupt shard
        FrameCacheReader reader(cache.toStdString());
        std::map<std::string, std::pair<torch::Tensor, torch::Tensor>> clips;
        for (size_t i = 0; i < reader.size(); ++i) {
            auto clip = reader.load(i);
            clips[clip.clip.id] = {clip.audio, clip.frameEmbeddings};
        }
        return clips;
    }
    static bool sameContents(const QString& a, const QString& b, QString& why)
    {
        const auto x = contents(a), y = contents(b);
        if (x.size() != y.size()) {
            why = QString("%1 clips vs %2").arg(x.size()).arg(y.size());
            return false;
        }
        for (const auto& [id, tensors] : x) {
            const auto it = y.find(id);
            if (it == y.end() || !torch::equal(tensors.first, it->second.first)
                || !torch::equal(tensors.second, it->second.second)) {
                why = QString::fromStdString(id) + " differs or is missing";
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto models = test::makeTinyModels(m_dir.path(), 4);
        QVERIFY2(models.isEmpty(), qPrintable(models));
        QVERIFY(QDir().mkpath(path("clips")));
        QByteArray manifest;
        for (int i = 0; i < 18; ++i) {
            const auto name = QString("clip-%1.mp4").arg(i, 2, 10, QChar('0'));
            const auto r = test::runTool(
                SOUNDFRAME_FFMPEG, {"-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=48x48:rate=5:duration=2", "-f",
                                    "lavfi", "-i", QString("sine=frequency=%1:duration=2").arg(200 + 37 * i), "-ar",
                                    "16000", "-c:v", "mpeg4", "-shortest", path("clips/" + name)});
            QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
            manifest += QString("{\"id\":\"c%1\",\"path\":\"%2\",\"captions\":[\"tone %1\"]}\n").arg(i).arg(name).toUtf8();
        }
        QVERIFY(test::writeBytes(path("clips/manifest.jsonl"), manifest));

        const auto ref = cli(prepareArgs(path("reference")));
        QVERIFY2(ref.code == 0, qPrintable(ref.text));
        QCOMPARE(contents(path("reference")).size(), size_t(18));
    }

    void cleanupTestCase()
    {
        for (const auto& dir : m_mounts)
            test::runTool("umount", {"-l", dir});
    }

    void prepareSurvivesSigkill()
    {
        // Kill points spread over the working part of a run: from its first output line (the
        // manifest summary, after LibTorch has loaded) to its end.
        const auto startAndWait = [](QProcess& process, const QStringList& args) {
            process.setProcessEnvironment(environment());
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(SOUNDFRAME_CLI_PATH, args);
            return process.waitForStarted() && process.waitForReadyRead(120000);
        };
        QProcess timing;
        QVERIFY(startAndWait(timing, prepareArgs(path("timing"))));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(timing.waitForFinished(300000) && timing.exitCode() == 0);
        const int span = std::max(1, int(timer.elapsed()));
        // 20 trials, each from an empty cache: SIGKILL at a random point, resume, compare.
        QRandomGenerator rng(8);
        int killedMidway = 0;
        for (int round = 0; round < 20; ++round) {
            const auto cache = path(QString("killed-%1").arg(round));
            QProcess process;
            QVERIFY(startAndWait(process, prepareArgs(cache)));
            if (!process.waitForFinished(rng.bounded(span))) {
                process.kill();  // SIGKILL
                process.waitForFinished();
                ++killedMidway;
            }
            const auto resumed = cli(prepareArgs(cache));
            QVERIFY2(resumed.code == 0, qPrintable(resumed.text));
            QString why;
            QVERIFY2(sameContents(path("reference"), cache, why), qPrintable(QString("round %1: ").arg(round) + why));
            // Nothing half-written is left where a reader looks.
            for (const auto& name : QDir(cache).entryList(QDir::Files))
                QVERIFY2(name == "cache.json" || name == "skipped.jsonl"
                             || QRegularExpression("^shard-\\d+\\.safetensors$").match(name).hasMatch(),
                         qPrintable("stray file " + name));
        }
        qInfo("%d of 20 runs were killed while working (a whole run works for %d ms)", killedMidway, span);
        QVERIFY(killedMidway >= 15);
    }

    void prepareOnFullDisk()
    {
        const auto disk = path("small");
        if (!mountTmpfs(disk, 20000))
            QSKIP("cannot mount a tmpfs (needs root)");
        QVERIFY(fill(disk, 600));  // room for the first shard, not for all
        const auto cache = disk + "/cache";
        const auto r = cli(prepareArgs(cache));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.text.contains("No space left on device") && r.text.contains("error: " + cache), qPrintable(r.text));
        const auto kept = contents(cache);  // what was finished is readable
        QVERIFY2(!kept.empty() && kept.size() < 18, qPrintable(QString::number(kept.size())));
        QVERIFY(QFile::remove(disk + "/filler"));
        const auto resumed = cli(prepareArgs(cache));
        QVERIFY2(resumed.code == 0, qPrintable(resumed.text));
        QString why;
        QVERIFY2(sameContents(path("reference"), cache, why), qPrintable(why));
        qInfo("full disk: %zu clips were kept before the resume", kept.size());
    }

    void prepareIntoReadOnlyFolder()
    {
        const auto disk = path("readonly");
        if (!mountTmpfs(disk, 20000))
            QSKIP("cannot mount a tmpfs (needs root)");
        const auto cache = disk + "/cache";
        QCOMPARE(cli(prepareArgs(cache)).code, 0);
        QVERIFY(remount(disk, "ro"));
        const auto r = cli(prepareArgs(cache));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.text.contains("Read-only file system") && r.text.contains("error: " + disk), qPrintable(r.text));
        QString why;
        QVERIFY2(sameContents(path("reference"), cache, why), qPrintable(why));
        const auto fresh = cli(prepareArgs(disk + "/new-cache"));
        QCOMPARE(fresh.code, 1);
        QVERIFY2(fresh.text.contains("error: " + disk + "/new-cache") && fresh.text.contains("Read-only"), qPrintable(fresh.text));
    }

    void indexAddOnFullDiskAndReadOnly()
    {
        const auto disk = path("index-disk");
        if (!mountTmpfs(disk, 30000))
            QSKIP("cannot mount a tmpfs (needs root)");
        const auto index = disk + "/index";
        QDir().mkpath(path("first"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(QFile::copy(path(QString("clips/clip-%1.mp4").arg(i, 2, 10, QChar('0'))), path(QString("first/%1.mp4").arg(i))));
        auto r = cli(indexArgs(index, path("first")));
        QVERIFY2(r.code == 0, qPrintable(r.text));
        QVERIFY(fill(disk, 20));
        r = cli(indexArgs(index, path("clips")));
        QVERIFY2(r.code == 1 && r.text.contains("error: " + index), qPrintable(r.text));
        // SQLite reports a full disk as "database or disk is full" or, when its -shm/-wal file
        // cannot grow, as a "disk I/O error".
        QVERIFY2(r.text.contains("No space left") || r.text.contains("full") || r.text.contains("disk I/O error"),
                 qPrintable(r.text));
        qInfo("index add on a full disk: %s", qPrintable(r.text.section("error: ", 1).section('\n', 0, 0)));
        // Reading needs room for SQLite's -shm file too (see the report): check after freeing space.
        QVERIFY(QFile::remove(disk + "/filler"));
        auto list = cli({"index", "list", "--index", index});
        QVERIFY2(list.code == 0 && list.text.contains("first/0.mp4") && list.text.contains("first/2.mp4"), qPrintable(list.text));
        QVERIFY(remount(disk, "ro"));
        r = cli(indexArgs(index, path("clips")));
        QVERIFY2(r.code == 1 && r.text.contains("error: " + index), qPrintable(r.text));
        qInfo("index add into a read-only folder: %s", qPrintable(r.text.section("error: ", 1).section('\n', 0, 0)));
        QVERIFY(remount(disk, "rw"));
        list = cli({"index", "list", "--index", index});
        QVERIFY2(list.code == 0 && list.text.contains("first/1.mp4"), qPrintable(list.text));
        r = cli(indexArgs(index, path("clips")));
        QVERIFY2(r.code == 0, qPrintable(r.text));
        list = cli({"index", "list", "--index", index});
        QVERIFY2(list.text.contains("clip-17.mp4") && list.text.contains("first/0.mp4"), qPrintable(list.text));
    }
};

QTEST_GUILESS_MAIN(TestJobResilience)
#include "tst_JobResilience.moc"
