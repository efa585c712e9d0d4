// LibraryIndex + LibrarySearcher on a tiny random audio encoder and a tiny random CLIP: add (windows,
// unreadable files), search by audio (the query's own window first), by text and image (ordering
// equals a brute-force cosine over the stored vectors), path-glob and duration filters, sync after
// modify / delete / add / touch, remove of a folder (its files leave the index unless another
// remembered folder holds them; a path never given is refused), model mismatch refused, searches during an update that see
// either the old or the new state, and publishes that update the previous FAISS index in place
// (rebuilding only when the index type changes or cannot remove), still ranking like brute force.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "TinyModels.h"
#include "base/Error.h"
#include "model/AudioEncoder.h"
#include "search/AudioWindowEmbedder.h"
#include "search/IndexCatalog.h"
#include "search/LibraryIndex.h"
#include "search/LibrarySearcher.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <atomic>
#include <map>
#include <set>
#include <thread>

using namespace soundframe;
namespace fs = std::filesystem;

class TestLibraryIndex : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    fs::path fpath(const QString& name) const { return fs::path(path(name).toStdString()); }
    ModelIdentity m_model;

    static std::set<std::string> paths(const std::vector<SearchResult>& results)
    {
        std::set<std::string> out;
        for (const auto& r : results)
            out.insert(fs::path(r.path).filename().string());
        return out;
    }
    // Files ranked by their best window's cosine with `query`, over the catalog's stored vectors.
    std::vector<std::pair<std::string, float>> bruteForce(const std::vector<float>& query)
    {
        IndexCatalog catalog(fpath("lib/index.sqlite"));
        const int64_t generation = catalog.publishedGeneration();
        const auto [ids, data] = catalog.vectorsAt(generation, 40);
        const auto hits = catalog.resolve(ids, generation);
        std::map<std::string, float> best;
        for (size_t i = 0; i < ids.size(); ++i) {
            float dot = 0;
            for (int d = 0; d < 40; ++d)
                dot += query[size_t(d)] * data[i * 40 + size_t(d)];
            const auto& p = hits.at(ids[i]).file.path;
            if (!best.count(p) || best[p] < dot)
                best[p] = dot;
        }
        std::vector<std::pair<std::string, float>> ranked(best.begin(), best.end());
        std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        return ranked;
    }
    void checkAgainstBruteForce(LibrarySearcher& searcher, const SearchQuery& q)
    {
        const auto results = searcher.search(q);
        const auto ranked = bruteForce(searcher.embedQuery(q));
        QCOMPARE(results.size(), ranked.size());
        for (size_t i = 0; i < ranked.size(); ++i) {
            QCOMPARE(results[i].path, ranked[i].first);
            QVERIFY(std::abs(results[i].score - ranked[i].second) < 1e-4);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = test::runPythonScript("clip_reference.py", {"make", path("clipref"), "--vocab", "600", "--tokenizer"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        test::saveTinyAudioEncoder(fpath("encoder"), 11);
        m_model = ModelIdentity::resolve(fpath("encoder"), fpath("clipref/model"));
        QVERIFY(test::makeTone(path("lib/a.wav"), 440, 3));
        QVERIFY(test::makeMedia({"anoisesrc=color=pink:duration=2.5:seed=3"}, path("lib/sub/b.ogg")));
        QVERIFY(test::makeTone(path("lib/c.flac"), 1500, 0.5));
        QVERIFY(test::writeBytes(path("lib/broken.wav"), "RIFF but not really a wave file"));
        QVERIFY(test::writeBytes(path("lib/notes.txt"), "not media"));
        QVERIFY(test::makeMedia({"testsrc=size=40x40:rate=1"}, path("query.png"), {"-frames:v", "1"}));
    }

    void modelFromRunFolder()
    {
        // A run folder: RUN/audio-encoder + RUN/config.json naming the CLIP folder.
        fs::create_directories(fpath("run"));
        fs::copy(fpath("encoder"), fpath("run/audio-encoder"));
        QVERIFY(test::writeBytes(path("run/config.json"), QString("{\"clip_dir\": \"%1\"}").arg(path("clipref/model")).toUtf8()));
        const auto run = ModelIdentity::resolve(fpath("run"), {});
        QCOMPARE(run.clipDir, fs::absolute(fpath("clipref/model")).lexically_normal());
        QCOMPARE(run.fingerprint, m_model.fingerprint);
        QVERIFY_THROWS_EXCEPTION(Error, ModelIdentity::resolve(fpath("encoder"), {}));  // a bare encoder needs --clip
        QVERIFY_THROWS_EXCEPTION(Error, ModelIdentity::resolve(fpath("lib"), fpath("clipref/model")));
    }

    void addIndexesWindowsAndListsUnreadableFiles()
    {
        LibraryIndex index(fpath("lib-index-unused"), m_model);  // creating works anywhere
        LibraryIndex lib(fpath("lib"), m_model);
        const auto s = lib.add({fpath("lib")});
        QCOMPARE(s.added, 3);
        QCOMPARE(s.failed, 1);
        QCOMPARE(int(s.failures.size()), 1);
        QVERIFY(s.failures[0].path.find("broken.wav") != std::string::npos);
        QVERIFY(!s.failures[0].reason.empty());
        // Clip 1 s, hop 0.5 s: a.wav (3 s) 0..2 in 5 windows, b.ogg (2.5 s) 0..1.5 in 4, c.flac one window.
        QCOMPARE(s.windows, 10);
        QCOMPARE(s.generation, 1);
        QCOMPARE(s.indexType, std::string("flat"));
        QCOMPARE(s.rebuilds, 1);  // the first publish builds the FAISS index
        IndexCatalog catalog(fpath("lib/index.sqlite"));
        std::map<std::string, IndexedFile> byName;
        for (const auto& f : catalog.filesAt(1))
            byName[fs::path(f.path).filename().string()] = f;
        QCOMPARE(int(byName.size()), 4);
        QVERIFY(byName["broken.wav"].failed);
        QCOMPARE(byName["a.wav"].windows, 5);
        QVERIFY(std::abs(byName["a.wav"].durationSeconds - 3.0) < 0.01);
        QVERIFY(std::abs(byName["c.flac"].durationSeconds - 0.5) < 0.01);
        // A second add of the same folder skips everything.
        const auto again = lib.add({fpath("lib")});
        QCOMPARE(again.added + again.updated + again.removed, 0);
        QCOMPARE(again.unchanged, 4);
        QCOMPARE(again.generation, 1);
    }

    void audioQueryFindsItsOwnWindowFirst()
    {
        LibrarySearcher searcher(fpath("lib"));
        SearchQuery q;
        q.audioFile = fpath("lib/a.wav");
        q.audioStartSeconds = 1.0;
        auto results = searcher.search(q);
        QCOMPARE(int(results.size()), 3);  // files, not windows; the unreadable one has none
        QCOMPARE(fs::path(results[0].path).filename().string(), std::string("a.wav"));
        QCOMPARE(results[0].windowStart, 1.0);
        QVERIFY(results[0].score > 0.9999);
        q.audioFile = fpath("lib/sub/b.ogg");
        q.audioStartSeconds = 1.5;
        results = searcher.search(q);
        QCOMPARE(fs::path(results[0].path).filename().string(), std::string("b.ogg"));
        QCOMPARE(results[0].windowStart, 1.5);
        QCOMPARE(results[0].windowEnd, 2.5);
        checkAgainstBruteForce(searcher, q);
    }

    void textAndImageQueriesRankLikeBruteForce()
    {
        LibrarySearcher searcher(fpath("lib"));
        SearchQuery q;
        q.text = "a dog barks in the rain";
        checkAgainstBruteForce(searcher, q);
        // The text vector is the CLIP text tower's, normalised.
        const auto v = searcher.embedQuery(q);
        double norm = 0;
        for (float x : v)
            norm += double(x) * x;
        QVERIFY(std::abs(norm - 1) < 1e-5);
        q.text.clear();
        q.imageFile = fpath("query.png");
        checkAgainstBruteForce(searcher, q);
        q.imageFile = fpath("lib/notes.txt");
        QVERIFY_THROWS_EXCEPTION(Error, searcher.search(q));
    }

    void filtersByGlobAndDuration()
    {
        LibrarySearcher searcher(fpath("lib"));
        SearchQuery q;
        q.text = "noise";
        q.pathGlob = "*.ogg";
        QCOMPARE(paths(searcher.search(q)), std::set<std::string>{"b.ogg"});
        q.pathGlob = "*/sub/*";
        QCOMPARE(paths(searcher.search(q)), std::set<std::string>{"b.ogg"});
        q.pathGlob.clear();
        q.maxDurationSeconds = 1.0;
        QCOMPARE(paths(searcher.search(q)), std::set<std::string>{"c.flac"});
        q.maxDurationSeconds = -1;
        q.minDurationSeconds = 2.6;
        QCOMPARE(paths(searcher.search(q)), std::set<std::string>{"a.wav"});
        q.minDurationSeconds = -1;
        q.k = 2;
        QCOMPARE(int(searcher.search(q).size()), 2);
    }

    void syncFollowsModifyDeleteAddAndTouch()
    {
        QVERIFY(test::makeTone(path("lib/c.flac"), 300, 1.7));  // changed content
        QVERIFY(QFile::remove(path("lib/sub/b.ogg")));
        QVERIFY(test::makeTone(path("lib/d.wav"), 3000, 1.2));
        // Same bytes, new mtime: the hash says unchanged.
        const auto aTime = fs::last_write_time(fpath("lib/a.wav"));
        fs::last_write_time(fpath("lib/a.wav"), aTime + std::chrono::seconds(5));
        IndexUpdateSummary s;
        {
            LibraryIndex lib(fpath("lib"), m_model);
            s = lib.sync();
        }
        QCOMPARE(s.added, 1);
        QCOMPARE(s.updated, 1);
        QCOMPARE(s.removed, 1);
        QCOMPARE(s.unchanged, 2);  // a.wav and the still-broken broken.wav
        QCOMPARE(s.generation, 2);
        QCOMPARE(s.rebuilds, 0);  // generation 1's index, updated in place
        LibrarySearcher searcher(fpath("lib"));
        SearchQuery q;
        q.audioFile = fpath("lib/d.wav");
        auto results = searcher.search(q);
        QCOMPARE(paths(results), (std::set<std::string>{"a.wav", "c.flac", "d.wav"}));
        QCOMPARE(fs::path(results[0].path).filename().string(), std::string("d.wav"));
        q.audioFile = fpath("lib/c.flac");
        q.audioStartSeconds = 0.7;
        results = searcher.search(q);
        QCOMPARE(fs::path(results[0].path).filename().string(), std::string("c.flac"));
        QCOMPARE(results[0].windowStart, 0.7);  // last window of 1.7 s ends at its end
        QVERIFY(std::abs(results[0].durationSeconds - 1.7) < 0.01);
        IndexCatalog catalog(fpath("lib/index.sqlite"));
        QCOMPARE(int(catalog.filesAt(2).size()), 4);
    }

    void removeForgetsAFolderAndItsFiles()
    {
        QVERIFY(test::makeTone(path("two/x/x.wav"), 500, 1));
        QVERIFY(test::makeTone(path("two/y/y.wav"), 700, 1));
        QVERIFY(test::makeTone(path("two/y/inner/z.wav"), 900, 1));
        LibraryIndex index(fpath("two-index"), m_model);
        QCOMPARE(index.add({fpath("two/x"), fpath("two/y"), fpath("two/y/inner/")}).added, 3);
        QCOMPARE(index.roots().size(), size_t(3));
        try {
            index.remove({fpath("two")});
            QFAIL("a folder the index was never given was removed");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(fs::absolute(fpath("two")).string() + ": not a folder or file") != std::string::npos, e.what());
            QVERIFY2(what.find(fs::absolute(fpath("two/x")).string()) != std::string::npos, e.what());
        }
        QCOMPARE(index.roots().size(), size_t(3));

        // inner/ is also under y/: forgetting it drops no file.
        IndexUpdateSummary s = index.remove({fpath("two/y/inner")});
        QCOMPARE(s.removed, int64_t(0));
        QCOMPARE(s.generation, int64_t(1));
        s = index.remove({fpath("two/y/")});
        QCOMPARE(s.removed, int64_t(2));
        QCOMPARE(s.generation, int64_t(2));
        QCOMPARE(index.roots(), std::vector<fs::path>{fs::absolute(fpath("two/x"))});
        QCOMPARE(LibraryIndex::recordedRoots(fpath("two-index")), index.roots());  // read-only, beside the writer
        QVERIFY(LibraryIndex::recordedRoots(fpath("two")).empty());               // no index there
        QVERIFY(fs::exists(fpath("two/y/y.wav")));  // the files themselves stay

        LibrarySearcher searcher(fpath("two-index"));
        SearchQuery q;
        q.audioFile = fpath("two/y/y.wav");
        QCOMPARE(paths(searcher.search(q)), (std::set<std::string>{"x.wav"}));
        // A sync rescans only the folder that is left.
        s = index.sync();
        QCOMPARE(s.added + s.removed, int64_t(0));
        QCOMPARE(s.unchanged, int64_t(1));
    }

    void otherModelIsRefused()
    {
        test::saveTinyAudioEncoder(fpath("encoder2"), 12);
        const auto other = ModelIdentity::resolve(fpath("encoder2"), fpath("clipref/model"));
        QVERIFY(other.fingerprint != m_model.fingerprint);
        try {
            LibraryIndex lib(fpath("lib"), other);
            QFAIL("opened an index with another model");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.reason()).find("built with model") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, LibrarySearcher(fpath("lib"), other));
        LibrarySearcher same(fpath("lib"), m_model);  // the right one is accepted
        // Two writers at once: the second is turned away.
        LibraryIndex writer(fpath("lib"), m_model);
        QVERIFY_THROWS_EXCEPTION(Error, LibraryIndex(fpath("lib"), m_model));
    }

    void searchDuringUpdateSeesOldOrNewState()
    {
        std::set<std::string> before;
        {
            LibrarySearcher s(fpath("lib"));
            SearchQuery q;
            q.k = 100;
            before = paths(s.searchVector(std::vector<float>(40, float(1 / std::sqrt(40.0))), q));
        }
        QVERIFY(QFile::remove(path("lib/d.wav")));
        for (int i = 0; i < 6; ++i)
            QVERIFY(test::makeTone(path(QString("lib/new%1.wav").arg(i)), 200 + 150 * i, 4));
        std::set<std::string> after = before;
        after.erase("d.wav");
        for (int i = 0; i < 6; ++i)
            after.insert(QString("new%1.wav").arg(i).toStdString());

        std::atomic<bool> done{false};
        std::atomic<int> searches{0}, oldSeen{0}, newSeen{0}, mixed{0};
        std::thread reader([&] {
            LibrarySearcher s(fpath("lib"));
            SearchQuery q;
            q.k = 100;
            const std::vector<float> v(40, float(1 / std::sqrt(40.0)));
            while (!done) {
                const auto got = paths(s.searchVector(v, q));
                ++searches;
                if (got == before)
                    ++oldSeen;
                else if (got == after)
                    ++newSeen;
                else
                    ++mixed;
            }
        });
        LibraryIndexOptions options;
        options.publishEverySeconds = 0;
        {
            LibraryIndex lib(fpath("lib"), m_model, options);
            const auto s = lib.sync();
            QCOMPARE(s.added, 6);
            QCOMPARE(s.removed, 1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        done = true;
        reader.join();
        qInfo("%d searches: %d old, %d new, %d mixed", searches.load(), oldSeen.load(), newSeen.load(), mixed.load());
        QCOMPARE(mixed.load(), 0);
        QVERIFY(oldSeen > 0);
        QVERIFY(newSeen > 0);
    }

    void publishUpdatesInPlaceAndRebuildsOnTypeChange()
    {
        SearchQuery text;
        text.text = "a bell rings twice";
        text.k = 100;
        const auto syncWith = [&](const LibraryIndexOptions& options) {
            LibraryIndex lib(fpath("lib"), m_model, options);
            return lib.sync();
        };
        QVERIFY(test::makeTone(path("lib/late.wav"), 900, 2));
        auto s = syncWith({});
        QCOMPARE(s.added, 1);
        QCOMPARE(s.rebuilds, 0);
        {
            LibrarySearcher searcher(fpath("lib"));
            checkAgainstBruteForce(searcher, text);
        }
        // Another index type: rebuilt from SQLite once, then updated in place by adds ...
        LibraryIndexOptions hnsw;
        hnsw.vectors.type = VectorIndexType::Hnsw;
        hnsw.overrideIndexType = true;
        QVERIFY(QFile::remove(path("lib/late.wav")));
        s = syncWith(hnsw);
        QCOMPARE(s.removed, 1);
        QCOMPARE(s.rebuilds, 1);
        QCOMPARE(s.indexType, std::string("hnsw"));
        QVERIFY(test::makeTone(path("lib/late.wav"), 950, 2));
        s = syncWith({});  // the index remembers its type
        QCOMPARE(s.added, 1);
        QCOMPARE(s.rebuilds, 0);
        QCOMPARE(s.indexType, std::string("hnsw"));
        {
            LibrarySearcher searcher(fpath("lib"));
            checkAgainstBruteForce(searcher, text);
        }
        // ... but an HNSW graph cannot drop nodes: a removal rebuilds.
        QVERIFY(QFile::remove(path("lib/late.wav")));
        s = syncWith({});
        QCOMPARE(s.removed, 1);
        QCOMPARE(s.rebuilds, 1);
        LibrarySearcher searcher(fpath("lib"));
        checkAgainstBruteForce(searcher, text);
        QVERIFY(!paths(searcher.search(text)).count("late.wav"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestLibraryIndex)
#include "tst_LibraryIndex.moc"
