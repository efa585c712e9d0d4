// soundframe-cli's long jobs under hostile conditions, as child processes:
// - prepare, pretrain and index add, each SIGKILLed at 20 random points of its working part and
//   resumed: the result equals an uninterrupted run's (prepare: same clips and audio, frame
//   embeddings within 1e-5; pretrain: same weights bit for bit, same metrics and frame choices; index: same
//   files, windows, times, vectors within 1e-6 and search results), every checkpoint / shard /
//   FAISS file left behind loads, no stray file stays, and `index list` works after every kill;
// - a training batch too large for memory (address-space limit on the child) ends with a clear
//   message naming the run folder and --batch, and the run's checkpoint is left untouched;
// - prepare and index add on a disk that fills up, and into a read-only folder, fail with a
//   clear message naming the file and keep what was finished before; the index can still be
//   listed and searched on the full disk and on the read-only mount (tmpfs mounts: needs root,
//   skipped otherwise).
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"
#include "data/FrameCacheReader.h"
#include "model/AudioEncoderConfig.h"
#include "search/IndexCatalog.h"
#include "search/LibrarySearcher.h"
#include "train/TrainCheckpoint.h"
#include "TinyModels.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <functional>
#include <map>

#include <sys/resource.h>

using namespace soundframe;

class TestJobResilience : public QObject {
    Q_OBJECT
public:
    // Each test function starts dozens of soundframe-cli processes (LibTorch loads in each): on a
    // loaded 2-core machine that exceeds QtTest's default 300 s per function. Read by QTest::qExec,
    // which runs after this constructor (and only this test's process sees it).
    TestJobResilience() { qputenv("QTEST_FUNCTION_TIMEOUT", "1800000"); }

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
    // `limitMiB` > 0: the child's address space (RLIMIT_AS) is limited to that many MiB.
    static Run cli(const QStringList& args, int limitMiB = 0)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        if (limitMiB > 0)
            process.setChildProcessModifier([limitMiB] {
                const rlimit limit{rlim_t(limitMiB) << 20, rlim_t(limitMiB) << 20};
                ::setrlimit(RLIMIT_AS, &limit);
            });
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
    // 3 epochs of 3 steps on the prepared reference cache, a checkpoint after every step.
    QStringList pretrainArgs(const QString& run) const
    {
        return {"pretrain", "--train-cache", path("reference"), "--run", run, "--audio-config", path("cnn-2s.json"),
                "--matching", "nearest", "--warmup-epochs", "1", "--epochs", "3", "--batch", "6",
                "--checkpoint-every", "1", "--threads", "1", "--progress", "none"};
    }
    // Commits every 4 files and publishes every 0.3 s: a run has many commit and publish points.
    QStringList libraryArgs(const QString& index) const
    {
        return {"index", "add", "--model", path("run"), "--index", index, "--progress", "jsonl", "--commit-files", "4",
                "--publish-every", "0.3", "--threads", "1", path("library")};
    }
    // Starts a job and waits for its first output line: LibTorch has loaded, the work begins.
    static bool startAndWait(QProcess& process, const QStringList& args)
    {
        process.setProcessEnvironment(environment());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(SOUNDFRAME_CLI_PATH, args);
        return process.waitForStarted() && process.waitForReadyRead(120000);
    }
    // How long an uninterrupted run of `args` works after its first output line, ms (0: it failed).
    // Runs it twice, in `dir` and `dir`-2, and keeps the faster: the first run also warms the caches.
    static int workingSpan(const std::function<QStringList(const QString&)>& args, const QString& dir)
    {
        int span = 0;
        for (const auto& target : {dir, dir + "-2"}) {
            QProcess process;
            if (!startAndWait(process, args(target)))
                return 0;
            QElapsedTimer timer;
            timer.start();
            if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
                return 0;
            span = span == 0 ? int(timer.elapsed()) : std::min(span, int(timer.elapsed()));
        }
        return std::max(1, span);
    }
    // Times an uninterrupted run of args(folder) in `name`-whole (workingSpan), then 20 rounds: runs
    // args(`name`-<round>), SIGKILLs it at a random point of its working part and calls
    // check(whole folder, killed folder, round label). Returns how many runs were killed while
    // working (0 when the timing run failed); stops at the first failure.
    int killAtRandomPoints(const QString& name, const std::function<QStringList(const QString&)>& args, quint32 seed,
                           const std::function<void(const QString&, const QString&, const QString&)>& check)
    {
        const auto whole = path(name + "-whole");
        const int span = workingSpan(args, whole);
        if (span == 0)
            return 0;
        QRandomGenerator rng(seed);
        int killedMidway = 0;
        for (int round = 0; round < 20 && !QTest::currentTestFailed(); ++round) {
            const auto folder = path(QString("%1-%2").arg(name).arg(round));
            QProcess process;
            if (!startAndWait(process, args(folder))) {
                QTest::qFail("the job did not start", __FILE__, __LINE__);
                break;
            }
            if (!process.waitForFinished(rng.bounded(span))) {
                process.kill();  // SIGKILL
                process.waitForFinished();
                ++killedMidway;
            }
            check(whole, folder, QString("round %1: ").arg(round));
        }
        qInfo("%s: %d of 20 runs were killed while working (a whole run works for %d ms)", qPrintable(name),
              killedMidway, span);
        return killedMidway;
    }
    static void writeEncoderConfig(const QString& file, double clipSeconds)
    {
        AudioEncoderConfig config;
        config.cnn.channels = {8, 16, 32};
        config.logMel.nMels = 32;
        config.logMel.sampleRate = 16000;
        config.clipSeconds = clipSeconds;
        writeAudioEncoderConfig(config, file.toStdString());
    }
    // The files a training run writes, checked: nothing else (no hidden half-written folder), and
    // every checkpoint loads, `latest` naming one of them. Empty when all is well.
    static QString checkRunFolder(const QString& run)
    {
        static const QRegularExpression expected(
            "^(config\\.json|metrics\\.jsonl|choices\\.jsonl|checkpoints|checkpoints/latest|checkpoints/step-\\d{8}"
            "|checkpoints/step-\\d{8}/(optimizer\\.pt|train-state\\.safetensors)"
            "|(checkpoints/step-\\d{8}/)?audio-encoder(/config\\.json|/model\\.safetensors)?)$");
        QDirIterator it(run, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const auto name = QDir(run).relativeFilePath(it.next());
            if (!expected.match(name).hasMatch())
                return "stray file " + name;
        }
        const auto steps = QDir(run + "/checkpoints").entryList({"step-*"}, QDir::Dirs);
        for (const auto& step : steps) {
            try {
                TrainCheckpoint::load((run + "/checkpoints/" + step).toStdString(), torch::kCPU);
            } catch (const std::exception& e) {
                return step + " does not load: " + e.what();
            }
        }
        const auto latest = TrainCheckpoint::latest(run.toStdString());
        if (!steps.isEmpty() && (!latest || !steps.contains(QString::fromStdString(latest->filename().string()))))
            return "checkpoints/latest names no checkpoint";
        return {};
    }
    static QByteArray readBytes(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    // metrics.jsonl without the timing fields, which differ between any two runs.
    static QList<QJsonObject> trainingMetrics(const QString& run)
    {
        QList<QJsonObject> lines;
        for (const auto& line : readBytes(run + "/metrics.jsonl").split('\n')) {
            if (line.isEmpty())
                continue;
            auto o = QJsonDocument::fromJson(line).object();
            o.remove("samples_per_s");
            lines << o;
        }
        return lines;
    }
    // Relative path -> bytes of every file under `dir`.
    static std::map<QString, QByteArray> fileBytes(const QString& dir)
    {
        std::map<QString, QByteArray> files;
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const auto file = it.next();
            files[QDir(dir).relativeFilePath(file)] = readBytes(file);
        }
        return files;
    }
    struct IndexedWindow {
        double end = 0;
        std::vector<float> vector;
    };
    // What a search of the published generation sees: files, and windows by (path, start).
    struct IndexContents {
        std::vector<IndexedFile> files;
        std::map<std::pair<std::string, double>, IndexedWindow> windows;
    };
    static IndexContents indexContents(const QString& dir)
    {
        const IndexCatalog catalog((dir + "/index.sqlite").toStdString(), IndexCatalog::Mode::ReadOnly);
        const IndexCatalog::ReadSnapshot snapshot(catalog);
        IndexContents contents;
        const int64_t generation = catalog.publishedGeneration();
        contents.files = catalog.filesAt(generation);
        const int dim = std::stoi(catalog.meta("dim").value_or("0"));
        const auto [ids, data] = catalog.vectorsAt(generation, dim);
        const auto hits = catalog.resolve(ids, generation);
        for (size_t i = 0; i < ids.size(); ++i) {
            const auto& hit = hits.at(ids[i]);
            contents.windows[{hit.file.path, hit.window.startSeconds}] = {
                hit.window.endSeconds, std::vector<float>(data.begin() + long(i) * dim, data.begin() + long(i + 1) * dim)};
        }
        return contents;
    }
    static QString compareIndexes(const QString& reference, const QString& other)
    {
        const auto a = indexContents(reference), b = indexContents(other);
        if (a.files.size() != b.files.size())
            return QString("%1 files vs %2").arg(a.files.size()).arg(b.files.size());
        for (size_t i = 0; i < a.files.size(); ++i) {
            const auto &x = a.files[i], &y = b.files[i];
            if (x.path != y.path || x.hash != y.hash || x.size != y.size || x.windows != y.windows
                || x.durationSeconds != y.durationSeconds || x.failed != y.failed)
                return QString::fromStdString(x.path + " differs from " + y.path);
        }
        if (a.windows.size() != b.windows.size())
            return QString("%1 windows vs %2").arg(a.windows.size()).arg(b.windows.size());
        for (const auto& [key, window] : a.windows) {
            const auto it = b.windows.find(key);
            if (it == b.windows.end() || it->second.end != window.end)
                return QString("window %1 at %2 s is missing or ends elsewhere").arg(key.first.c_str()).arg(key.second);
            for (size_t d = 0; d < window.vector.size(); ++d)
                if (std::abs(window.vector[d] - it->second.vector[d]) > 1e-6f)
                    return QString("window %1 at %2 s: vectors differ").arg(key.first.c_str()).arg(key.second);
        }
        // Searches rank the same files with the same windows and scores.
        LibrarySearcher searchA(reference.toStdString()), searchB(other.toStdString());
        SearchQuery filters;
        filters.k = 100;
        for (const auto& [key, window] : {*a.windows.begin(), *a.windows.rbegin()}) {
            const auto ra = searchA.searchVector(window.vector, filters), rb = searchB.searchVector(window.vector, filters);
            if (ra.size() != rb.size() || ra.size() != a.files.size())
                return QString("search: %1 results vs %2").arg(ra.size()).arg(rb.size());
            for (size_t i = 0; i < ra.size(); ++i)
                if (ra[i].path != rb[i].path || ra[i].windowStart != rb[i].windowStart
                    || std::abs(ra[i].score - rb[i].score) > 1e-5)
                    return QString("search result %1: %2 vs %3").arg(i).arg(ra[i].path.c_str(), rb[i].path.c_str());
        }
        return {};
    }
    // An index folder holds the database, its lock and loadable FAISS files, nothing else.
    static QString checkIndexFolder(const QString& dir)
    {
        static const QRegularExpression expected("^(index\\.sqlite(-wal|-shm)?|writer\\.lock|vectors-\\d+\\.faiss)$");
        for (const auto& name : QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
            if (!expected.match(name).hasMatch())
                return "stray file " + name;
            if (name.endsWith(".faiss")) {
                try {
                    VectorStore::load((dir + "/" + name).toStdString());
                } catch (const std::exception& e) {
                    return name + " does not load: " + e.what();
                }
            }
        }
        return {};
    }
    // index list, status and a text search: exit 0 and the files of `mustList`.
    static QString readIndex(const QString& index, const QStringList& mustList)
    {
        const auto list = cli({"index", "list", "--index", index});
        for (const auto& name : mustList)
            if (list.code != 0 || !list.text.contains(name))
                return "index list: " + list.text;
        const auto status = cli({"index", "status", "--index", index});
        if (status.code != 0)
            return "index status: " + status.text;
        const auto search = cli({"search", "--index", index, "--text", "a tone", "--json", "-k", "50"});
        if (search.code != 0 || !search.text.contains(mustList.value(0)))
            return "search: " + search.text;
        return {};
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
        // Audio bit for bit; frame embeddings up to rounding. Which frames share a forward pass of
        // the image tower depends on the decoders' timing and on what a resumed run has left to do,
        // and OpenBLAS's sgemm rounds a row differently with the batch's size and the row's place in
        // it (seen on an AVX-512 machine: 5e-7 on unit vectors). A wrong or torn clip differs by far more.
        for (const auto& [id, tensors] : x) {
            const auto it = y.find(id);
            if (it == y.end()) {
                why = QString::fromStdString(id) + " is missing";
                return false;
            }
            const auto& [audio, frames] = it->second;
            if (!torch::equal(tensors.first, audio) || frames.sizes() != tensors.second.sizes()
                || (frames - tensors.second).abs().max().item<double>() > 1e-5) {
                why = QString::fromStdString(id) + " differs";
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
            const QString tone = QString("sine=frequency=%1:duration=2").arg(200 + 37 * i);
            QVERIFY(test::makeMedia({"testsrc=size=48x48:rate=5:duration=2", tone}, path("clips/" + name),
                                    {"-ar", "16000", "-c:v", "mpeg4", "-shortest"}));
            manifest += QString("{\"id\":\"c%1\",\"path\":\"%2\",\"captions\":[\"tone %1\"]}\n").arg(i).arg(name).toUtf8();
        }
        QVERIFY(test::writeBytes(path("clips/manifest.jsonl"), manifest));

        const auto ref = cli(prepareArgs(path("reference")));
        QVERIFY2(ref.code == 0, qPrintable(ref.text));
        QCOMPARE(contents(path("reference")).size(), size_t(18));

        writeEncoderConfig(path("cnn-2s.json"), 2.0);
        writeEncoderConfig(path("cnn-60s.json"), 60.0);
        // A sound library: 24 tones of 1 to 4 s and the 18 videos.
        QVERIFY(QDir().mkpath(path("library")));
        for (int i = 0; i < 24; ++i) {
            QVERIFY(test::makeMedia({QString("sine=frequency=%1:duration=%2").arg(300 + 53 * i).arg(1 + i % 4)},
                                    path(QString("library/tone-%1.wav").arg(i)), {"-ar", "16000"}));
        }
        for (int i = 0; i < 18; ++i) {
            const auto name = QString("clip-%1.mp4").arg(i, 2, 10, QChar('0'));
            QVERIFY(QFile::copy(path("clips/" + name), path("library/" + name)));
        }
    }

    void cleanupTestCase()
    {
        for (const auto& dir : m_mounts)
            test::runTool("umount", {"-l", dir});
    }

    void prepareSurvivesSigkill()
    {
        // Kill points spread over the working part of a run: from its first output line (the
        // manifest summary, after LibTorch has loaded) to its end. Each round from an empty cache.
        const auto args = [this](const QString& cache) { return prepareArgs(cache); };
        QVERIFY(killAtRandomPoints("prepare", args, 8, [&](const QString&, const QString& cache, const QString& round) {
            const auto resumed = cli(prepareArgs(cache));
            QVERIFY2(resumed.code == 0, qPrintable(round + resumed.text));
            QString why;
            QVERIFY2(sameContents(path("reference"), cache, why), qPrintable(round + why));
            // Nothing half-written is left where a reader looks.
            for (const auto& name : QDir(cache).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
                QVERIFY2(name == "cache.json" || name == "skipped.jsonl"
                             || QRegularExpression("^shard-\\d+\\.safetensors$").match(name).hasMatch(),
                         qPrintable(round + "stray file " + name));
        }) >= 15);
    }

    void pretrainSurvivesSigkill()
    {
        // Kill points from the run's first line ("pretrain: run folder ...") to its end: reading the
        // cache, building the model, steps, checkpoints, the final model. Each round in a new folder.
        const auto args = [this](const QString& run) { return pretrainArgs(run); };
        QVERIFY(killAtRandomPoints("train", args, 9, [&](const QString& whole, const QString& run, const QString& round) {
            QVERIFY2(checkRunFolder(whole).isEmpty(), qPrintable(checkRunFolder(whole)));
            // What a kill leaves: every published checkpoint loads (a hidden folder being assembled may remain).
            for (const auto& step : QDir(run + "/checkpoints").entryList({"step-*"}, QDir::Dirs)) {
                try {
                    TrainCheckpoint::load((run + "/checkpoints/" + step).toStdString(), torch::kCPU);
                } catch (const std::exception& e) {
                    QFAIL(qPrintable(round + step + " does not load after the kill: " + e.what()));
                }
            }
            const auto resumed = cli(pretrainArgs(run) << "--resume");
            QVERIFY2(resumed.code == 0, qPrintable(round + resumed.text));
            const auto problem = checkRunFolder(run);
            QVERIFY2(problem.isEmpty(), qPrintable(round + problem));
            const auto wholeWeights = loadTorchTensors((whole + "/audio-encoder/model.safetensors").toStdString());
            const auto weights = loadTorchTensors((run + "/audio-encoder/model.safetensors").toStdString());
            QCOMPARE(weights.size(), wholeWeights.size());
            for (const auto& [name, tensor] : wholeWeights)
                QVERIFY2(torch::equal(tensor, weights.at(name)), qPrintable(round + QString::fromStdString(name)));
            QVERIFY2(trainingMetrics(run) == trainingMetrics(whole), qPrintable(round + "metrics differ"));
            QVERIFY2(readBytes(run + "/choices.jsonl") == readBytes(whole + "/choices.jsonl"),
                     qPrintable(round + "frame choices differ"));
        }) >= 15);
    }

    void indexSurvivesSigkill()
    {
        const auto args = [this](const QString& index) { return libraryArgs(index); };
        int listed = 0;
        QVERIFY(killAtRandomPoints("library", args, 10, [&](const QString& whole, const QString& index, const QString& round) {
            QVERIFY2(checkIndexFolder(whole).isEmpty(), qPrintable(checkIndexFolder(whole)));
            QCOMPARE(indexContents(whole).files.size(), size_t(42));
            // A kill before the database exists leaves nothing to list.
            if (QFile::exists(index + "/index.sqlite")) {
                const auto list = cli({"index", "list", "--index", index});
                QVERIFY2(list.code == 0, qPrintable(round + list.text));
                ++listed;
            }
            const auto again = cli(libraryArgs(index));
            QVERIFY2(again.code == 0, qPrintable(round + again.text));
            const auto problem = checkIndexFolder(index);
            QVERIFY2(problem.isEmpty(), qPrintable(round + problem));
            const auto difference = compareIndexes(whole, index);
            QVERIFY2(difference.isEmpty(), qPrintable(round + difference));
        }) >= 15);
        qInfo("the index was listed after %d of the 20 kills (the others came before index.sqlite existed)", listed);
    }

    void batchTooLargeForMemory()
    {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
        QSKIP("a sanitizer reserves terabytes of shadow address space: an address-space limit cannot hold");
#endif
        // Measured: LibTorch, OpenBLAS (one thread) and a step of 6 clips of 2 s run in about 1000 MiB
        // of address space (below ~800 MiB OpenBLAS cannot even load); 18 clips of 60 s need over
        // 2 GiB. The limit sits between.
        const int limitMiB = 1536;
        auto r = cli(QStringList{"pretrain", "--train-cache", path("reference"), "--run", path("oom-small"), "--audio-config",
                                 path("cnn-2s.json"), "--batch", "6", "--epochs", "1", "--progress", "none"},
                     limitMiB);
        QVERIFY2(r.code == 0, qPrintable("a small batch must train under the limit: " + r.text));

        const QStringList big{"pretrain", "--train-cache", path("reference"), "--audio-config", path("cnn-60s.json"),
                              "--batch", "18", "--epochs", "2", "--checkpoint-every", "1", "--progress", "none"};
        // A run started where memory is plentiful, killed after its first checkpoint...
        const auto run = path("oom-big");
        {
            QProcess process;
            process.setProcessEnvironment(environment());
            process.start(SOUNDFRAME_CLI_PATH, QStringList(big) << "--run" << run << "--threads" << "2");
            QVERIFY(process.waitForStarted());
            QElapsedTimer timer;
            timer.start();
            while (!QFile::exists(run + "/checkpoints/latest") && process.state() == QProcess::Running
                   && timer.elapsed() < 300000)
                QThread::msleep(5);
            QVERIFY2(process.state() == QProcess::Running, "the run ended before its first checkpoint was seen");
            process.kill();
            process.waitForFinished();
        }
        const auto before = fileBytes(run + "/checkpoints");
        QVERIFY(!before.empty());
        // ...resumed where its batch does not fit: exit 1, a message saying what to do, the checkpoint as it was.
        r = cli(QStringList(big) << "--run" << run << "--resume" << "--threads" << "1", limitMiB);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.text.contains("error: " + run + ": out of memory in a training step with a batch of 18 clips")
                     && r.text.contains("latest checkpoint is " + run + "/checkpoints/step-") && r.text.contains("--batch")
                     && !r.text.contains("frame #"),
                 qPrintable(r.text));
        qInfo("batch too large: %s", qPrintable(r.text.section("error: ", 1).section('\n', 0, 0)));
        QVERIFY(fileBytes(run + "/checkpoints") == before);
        QVERIFY2(checkRunFolder(run).isEmpty(), qPrintable(checkRunFolder(run)));
        // A new run that does not fit says so before writing any checkpoint.
        r = cli(QStringList(big) << "--run" << path("oom-fresh") << "--threads" << "1", limitMiB);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.text.contains("out of memory") && r.text.contains("no checkpoint was written yet"), qPrintable(r.text));
        QVERIFY2(checkRunFolder(path("oom-fresh")).isEmpty(), qPrintable(checkRunFolder(path("oom-fresh"))));
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
        // Reading opens the database read-only: list, status and search work on the full disk...
        const QStringList first{"first/0.mp4", "first/1.mp4", "first/2.mp4"};
        auto problem = readIndex(index, first);
        QVERIFY2(problem.isEmpty(), qPrintable("full disk: " + problem));
        // ...and on a read-only mount, with what SQLite left beside the database and without it
        // (no -wal/-shm: nothing can be created there).
        QVERIFY(remount(disk, "ro"));
        r = cli(indexArgs(index, path("clips")));
        QVERIFY2(r.code == 1 && r.text.contains("error: " + index), qPrintable(r.text));
        qInfo("index add into a read-only folder: %s", qPrintable(r.text.section("error: ", 1).section('\n', 0, 0)));
        problem = readIndex(index, first);
        QVERIFY2(problem.isEmpty(), qPrintable("read-only: " + problem));
        QVERIFY(remount(disk, "rw"));
        QVERIFY(QFile::remove(disk + "/filler"));
        r = cli(indexArgs(index, path("clips")));
        QVERIFY2(r.code == 0, qPrintable(r.text));
        QVERIFY(!QFile::exists(index + "/index.sqlite-wal") && !QFile::exists(index + "/index.sqlite-shm"));
        QVERIFY(remount(disk, "ro"));
        problem = readIndex(index, {"clip-17.mp4", "first/0.mp4"});
        QVERIFY2(problem.isEmpty(), qPrintable("read-only, no -wal/-shm: " + problem));
        QVERIFY(remount(disk, "rw"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestJobResilience)
#include "tst_JobResilience.moc"
