// BpeTrainer against the naive Python trainer in tests/scripts/clip_tokenizer_reference.py
// (same documented tie-breaking), CLIP's vocabulary layout, round trips through ClipTokenizer,
// atomic saving, progress/cancel and option errors.
#include "TestSupport.h"
#include "base/Error.h"
#include "model/BpeTrainer.h"
#include "model/ByteSymbols.h"
#include "model/ClipPreTokenizer.h"
#include "model/ClipTokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <fstream>

using namespace soundframe;

class TestBpeTrainer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::vector<std::string> m_lines;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::filesystem::path fsPath(const QString& name) const { return path(name).toStdString(); }

    BpeTrainer trainOn(const std::vector<std::string>& lines, BpeTrainerOptions options)
    {
        BpeTrainer trainer(options);
        for (const auto& line : lines)
            trainer.addText(line);
        trainer.train();
        return trainer;
    }

    // Our trainer and the Python one on the same corpus and options: identical files.
    void compareWithPython(BpeTrainerOptions options, const QString& name)
    {
        auto trainer = trainOn(m_lines, options);
        trainer.save(fsPath(name + "-ours"));
        const auto r = test::runPythonScript(
            "clip_tokenizer_reference.py",
            {"train", path("corpus.txt"), path(name + "-python"), QString::number(options.vocabSize),
             QString::number(options.minFrequency)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto oursMerges = test::readBytes(path(name + "-ours/merges.txt")).split('\n');
        const auto pythonMerges = test::readBytes(path(name + "-python/merges.txt")).split('\n');
        for (qsizetype i = 0; i < std::min(oursMerges.size(), pythonMerges.size()); ++i)
            QVERIFY2(oursMerges[i] == pythonMerges[i],
                     qPrintable(QString("merge line %1: ours '%2', python '%3'")
                                    .arg(i + 1)
                                    .arg(QString::fromUtf8(oursMerges[i]), QString::fromUtf8(pythonMerges[i]))));
        QCOMPARE(oursMerges.size(), pythonMerges.size());
        const auto oursVocab = QJsonDocument::fromJson(test::readBytes(path(name + "-ours/vocab.json"))).object();
        const auto pythonVocab = QJsonDocument::fromJson(test::readBytes(path(name + "-python/vocab.json"))).object();
        QVERIFY(!oursVocab.isEmpty());
        QCOMPARE(oursVocab, pythonVocab);
        QCOMPARE(qsizetype(trainer.vocabulary().size()), oursVocab.size());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = test::runPythonScript("clip_tokenizer_reference.py", {"corpus", m_dir.path(), "5"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        std::ifstream in(fsPath("corpus.txt"));
        for (std::string line; std::getline(in, line);)
            m_lines.push_back(line);
        QVERIFY(m_lines.size() >= 300);
    }

    void matchesPythonTrainerUntilFrequencyRunsOut() { compareWithPython({4096, 2}, "frequency"); }
    void matchesPythonTrainerUntilVocabularyIsFull() { compareWithPython({700, 1}, "size"); }

    void vocabularyHasClipsLayout()
    {
        const auto trainer = trainOn(m_lines, {700, 1});
        const auto& v = trainer.vocabulary();
        QCOMPARE(v.size(), size_t(700));
        QCOMPARE(v[0], std::string("!"));
        QCOMPARE(v[93], std::string("~"));
        QCOMPARE(v[94], std::string("¡"));
        QCOMPARE(v[188], std::string("Ā"));   // byte 0x00, first of the shifted bytes
        QCOMPARE(v[255], std::string("Ń"));   // byte 0xAD, the last one
        QCOMPARE(v[256], std::string("!</w>"));
        QCOMPARE(v[511], std::string("Ń</w>"));
        QCOMPARE(v[698], std::string("<|startoftext|>"));
        QCOMPARE(v[699], std::string("<|endoftext|>"));
        // Entries 512.. are the merge results, in merge order, each spelled once.
        std::vector<std::string> results;
        for (const auto& [left, right] : trainer.merges())
            if (std::find(results.begin(), results.end(), left + right) == results.end())
                results.push_back(left + right);
        QCOMPARE(std::vector<std::string>(v.begin() + 512, v.end() - 2), results);
        // A merge only ever combines symbols that already exist.
        std::vector<std::string> known(v.begin(), v.begin() + 512);
        for (const auto& [left, right] : trainer.merges()) {
            QVERIFY(std::find(known.begin(), known.end(), left) != known.end());
            QVERIFY(std::find(known.begin(), known.end(), right) != known.end());
            known.push_back(left + right);
        }
    }

    void trainedFilesRoundTripTheCorpus()
    {
        auto trainer = trainOn(m_lines, {1500, 2});
        trainer.save(fsPath("roundtrip"));
        const auto tok = ClipTokenizer::fromDirectory(fsPath("roundtrip"));
        QCOMPARE(tok.vocabSize(), int64_t(trainer.vocabulary().size()));
        int exact = 0;
        for (const auto& line : m_lines) {
            const auto words = ClipPreTokenizer::words(line);
            std::string spaced;
            for (const auto& w : words)
                spaced += (spaced.empty() ? "" : " ") + w;
            const auto ids = tok.encode(line);
            QCOMPARE(tok.decode(ids), spaced);
            if (spaced == ClipPreTokenizer::clean(line)) {
                QCOMPARE(tok.decode(ids), ClipPreTokenizer::clean(line));
                ++exact;
            }
            // Frequent corpus words end up as one token each.
            QVERIFY2(ids.size() <= 3 * words.size(), line.c_str());
        }
        QVERIFY(exact >= 300);
        QCOMPARE(tok.encode("a dog barks"), (std::vector<int64_t>{tok.idOf("a</w>"), tok.idOf("dog</w>"),
                                                                   tok.idOf("barks</w>")}));
    }

    void resultDependsOnlyOnTheTexts()
    {
        auto reversed = m_lines;
        std::reverse(reversed.begin(), reversed.end());
        const auto a = trainOn(m_lines, {900, 2});
        const auto b = trainOn(reversed, {900, 2});
        QCOMPARE(a.merges(), b.merges());
        QCOMPARE(a.vocabulary(), b.vocabulary());
        // Special tokens in the corpus are not words to learn from.
        auto withSpecials = m_lines;
        for (auto& line : withSpecials)
            line = "<|startoftext|> " + line + " <|endoftext|>";
        QCOMPARE(trainOn(withSpecials, {900, 2}).merges(), a.merges());
    }

    void minFrequencyStopsMerging()
    {
        const auto none = trainOn(m_lines, {4096, 1000000});
        QVERIFY(none.merges().empty());
        QCOMPARE(none.vocabulary().size(), size_t(514));
        const auto few = trainOn(m_lines, {4096, 200});
        const auto more = trainOn(m_lines, {4096, 2});
        QVERIFY(!few.merges().empty());
        QVERIFY(few.merges().size() < more.merges().size());
        // Raising the threshold cuts the same sequence short.
        QVERIFY(std::equal(few.merges().begin(), few.merges().end(), more.merges().begin()));
    }

    void saveIsAtomicAndReportsBadFolders()
    {
        const auto trainer = trainOn(m_lines, {600, 2});
        trainer.save(fsPath("saved/nested"));
        trainer.save(fsPath("saved/nested"));  // overwrite in place
        QCOMPARE(QDir(path("saved/nested")).entryList(QDir::Files | QDir::Hidden),
                 (QStringList{"merges.txt", "vocab.json"}));
        QVERIFY(test::readBytes(path("saved/nested/merges.txt")).startsWith("#version: 0.2\n"));
        ClipTokenizer::fromDirectory(fsPath("saved/nested"));

        test::writeBytes(path("afile"), "x");
        try {
            trainer.save(fsPath("afile/sub"));
            QFAIL("no error for a folder under a file");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path("afile/sub").toStdString()) != std::string::npos, e.what());
        }
        // An untrained trainer still writes a complete, loadable vocabulary.
        BpeTrainer empty;
        empty.save(fsPath("empty"));
        const auto tok = ClipTokenizer::fromDirectory(fsPath("empty"));
        QCOMPARE(tok.vocabSize(), int64_t(514));
        QCOMPARE(tok.decode(tok.encode("Hello, world")), std::string("hello , world"));
    }

    void reportsProgressAndCancels()
    {
        BpeTrainer trainer({1500, 1});
        for (const auto& line : m_lines)
            trainer.addText(line);
        QVERIFY(trainer.distinctWords() > 50);
        int64_t lastDone = -1, total = 0;
        JobHooks hooks;
        hooks.onProgress = [&](const JobProgress& p) {
            QCOMPARE(p.stage, std::string("bpe"));
            QVERIFY(p.done >= lastDone);
            lastDone = p.done;
            total = p.total;
        };
        trainer.train(hooks);
        QCOMPARE(total, int64_t(1500 - 514));
        QCOMPARE(lastDone, int64_t(trainer.vocabulary().size()) - 514);

        std::atomic<bool> stop{true};
        JobHooks cancelled;
        cancelled.cancel = &stop;
        trainer.train(cancelled);
        QVERIFY(trainer.merges().empty());
        QCOMPARE(trainer.vocabulary().size(), size_t(514));
    }

    void rejectsBadOptionsAndFiles()
    {
        QVERIFY_THROWS_EXCEPTION(Error, BpeTrainer({513, 2}));
        QVERIFY_THROWS_EXCEPTION(Error, BpeTrainer({4096, 0}));
        BpeTrainer trainer;
        try {
            trainer.addFile(fsPath("missing.txt"));
            QFAIL("no error for a missing file");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(path("missing.txt").toStdString()) != std::string::npos, e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestBpeTrainer)
#include "tst_BpeTrainer.moc"
