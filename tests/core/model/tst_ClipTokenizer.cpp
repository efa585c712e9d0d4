// ClipTokenizer against an independent Python implementation of CLIP's simple tokenizer
// (tests/scripts/clip_tokenizer_reference.py), on three vocabularies: one BpeTrainer learns,
// one the Python script learns itself, and that one with its merges shuffled. Plus the
// context-length rules and the errors a user sees for damaged vocab.json / merges.txt.
#include "TestSupport.h"
#include "base/Error.h"
#include "model/BpeTrainer.h"
#include "model/ClipPreTokenizer.h"
#include "model/ClipTokenizer.h"
#include "base/Utf8.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <thread>

using namespace soundframe;

namespace {

std::vector<int64_t> toIds(const QJsonValue& value)
{
    std::vector<int64_t> ids;
    for (const auto& v : value.toArray())
        ids.push_back(v.toInteger());
    return ids;
}

std::string show(const std::vector<int64_t>& ids)
{
    std::string s;
    for (const auto id : ids)
        s += std::to_string(id) + " ";
    return s;
}

std::string joined(const std::vector<std::string>& words, const char* separator)
{
    std::string s;
    for (size_t i = 0; i < words.size(); ++i)
        s += (i ? separator : "") + words[i];
    return s;
}

} // namespace

class TestClipTokenizer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::filesystem::path fsPath(const QString& name) const { return path(name).toStdString(); }

    // Runs `fn`, expecting an Error whose text names `file` and contains `fragment`.
    template <typename Fn>
    void expectError(Fn fn, const QString& file, const std::string& fragment)
    {
        try {
            fn();
            QFAIL(qPrintable("no error; expected one naming " + file));
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(file.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find(fragment) != std::string::npos, e.what());
        }
    }

    // Every test text of tests.json through the Python reference and through ClipTokenizer.
    void compareWithReference(const QString& vocabDir)
    {
        const auto r = test::runPythonScript("clip_tokenizer_reference.py", {"encode", vocabDir, path("tests.json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto records = QJsonDocument::fromJson(r.stdoutBytes).array();
        const auto texts = QJsonDocument::fromJson(test::readBytes(path("tests.json"))).array();
        QCOMPARE(records.size(), texts.size());
        QVERIFY(records.size() >= 300);

        const auto tok = ClipTokenizer::fromDirectory(vocabDir.toStdString());
        int longTexts = 0;
        for (int i = 0; i < records.size(); ++i) {
            const std::string text = QByteArray::fromHex(texts[i].toString().toLatin1()).toStdString();
            const auto ref = records[i].toObject();
            const QByteArray context = "text " + QByteArray::number(i) + ": " + QByteArray::fromStdString(text).toHex();

            const std::string cleaned = ClipPreTokenizer::clean(text);
            QVERIFY2(cleaned == ref["clean"].toString().toStdString(), context.constData());
            std::vector<std::string> refWords;
            for (const auto& w : ref["words"].toArray())
                refWords.push_back(w.toString().toStdString());
            QVERIFY2(ClipPreTokenizer::words(text) == refWords, context.constData());

            const auto ids = tok.encode(text);
            QVERIFY2(ids == toIds(ref["ids"]),
                     qPrintable(context + "\nours: " + QByteArray::fromStdString(show(ids))
                                + "\nref:  " + QByteArray::fromStdString(show(toIds(ref["ids"])))));
            const auto tokens = tok.tokenize(text);
            QVERIFY2(tokens == toIds(ref["tokens"]), context.constData());
            QVERIFY2(tok.tokenize(text, 16, 0) == toIds(ref["tokens16_pad0"]), context.constData());
            if (ids.size() > 75)
                ++longTexts;

            QVERIFY2(tok.decode(ids) == ref["decoded"].toString().toStdString(), context.constData());
            const std::vector<int64_t> half(ids.begin(), ids.begin() + std::ptrdiff_t(ids.empty() ? 0 : ids.size() / 2 + 1));
            QVERIFY2(tok.decode(half) == ref["decoded_half"].toString().toStdString(), context.constData());
            QVERIFY2(tok.decode(tokens) == ref["decoded_tokens"].toString().toStdString(), context.constData());
            // The decoder gives the words back, separated by single spaces.
            std::vector<std::string> plainWords;
            for (const auto& w : refWords)
                if (w != ClipPreTokenizer::kStartOfText && w != ClipPreTokenizer::kEndOfText)
                    plainWords.push_back(w);
            if (plainWords.size() == refWords.size())
                QVERIFY2(tok.decode(ids) == joined(refWords, " "), context.constData());
        }
        QVERIFY2(longTexts >= 5, "the test texts must include some beyond the context length");
    }

    ClipTokenizer trained() const { return ClipTokenizer::fromDirectory(fsPath("ours")); }

    // A copy of the trained vocabulary with `edit` applied, written to `name`.
    QString editedVocab(const QString& name, const std::function<void(QJsonObject&)>& edit)
    {
        auto vocab = QJsonDocument::fromJson(test::readBytes(path("ours/vocab.json"))).object();
        edit(vocab);
        const QString file = path(name);
        test::writeBytes(file, QJsonDocument(vocab).toJson(QJsonDocument::Compact));
        return file;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto r = test::runPythonScript("clip_tokenizer_reference.py", {"corpus", m_dir.path(), "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        r = test::runPythonScript("clip_tokenizer_reference.py", {"corpus", path("second"), "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));

        BpeTrainer trainer(BpeTrainerOptions{1000, 2});
        trainer.addFile(fsPath("corpus.txt"));
        trainer.train();
        QVERIFY(trainer.merges().size() > 300);
        trainer.save(fsPath("ours"));

        // The Python side learns its own vocabulary from another corpus, then shuffles it.
        r = test::runPythonScript("clip_tokenizer_reference.py",
                                  {"train", path("second/corpus.txt"), path("python"), "800", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        r = test::runPythonScript("clip_tokenizer_reference.py", {"scramble", path("python"), path("scrambled"), "3"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
    }

    void matchesReferenceWithBpeTrainerVocabulary() { compareWithReference(path("ours")); }
    void matchesReferenceWithPythonVocabulary() { compareWithReference(path("python")); }
    void matchesReferenceWithShuffledMerges() { compareWithReference(path("scrambled")); }

    void everyCodePointIsClassifiedAndCleanedAsPythonDoes()
    {
        const auto r = test::runPythonScript("clip_tokenizer_reference.py", {"codepoints"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto ref = QJsonDocument::fromJson(r.stdoutBytes).object();
        const int chunk = ref["chunk"].toInt();
        const auto splitHashes = ref["split"].toArray();
        const auto cleanHashes = ref["clean"].toArray();
        std::vector<char32_t> points;
        for (char32_t c = 0; c < 0x110000; ++c)
            if (c < 0xD800 || c > 0xDFFF)
                points.push_back(c);
        QCOMPARE(splitHashes.size(), qsizetype((points.size() + size_t(chunk) - 1) / size_t(chunk)));
        for (size_t start = 0, n = 0; start < points.size(); start += size_t(chunk), ++n) {
            std::u32string text;
            QByteArray cleaned;
            for (size_t k = start; k < std::min(points.size(), start + size_t(chunk)); ++k) {
                const char32_t c = points[k];
                text += U'a';
                text += c;
                text += U'1';
                text += c;
                text += c;
                text += U"! ";
                if (k > start)
                    cleaned += '\0';
                cleaned += QByteArray::fromStdString(ClipPreTokenizer::clean(utf8::encode(std::u32string(1, c))));
            }
            const auto words = ClipPreTokenizer::split(utf8::encode(text));
            QByteArray joinedWords;
            for (size_t w = 0; w < words.size(); ++w)
                joinedWords += (w ? QByteArray(1, '\0') : QByteArray()) + QByteArray::fromStdString(words[w]);
            const auto hash = [](const QByteArray& b) {
                return QString::fromLatin1(QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
            };
            QVERIFY2(hash(joinedWords) == splitHashes[qsizetype(n)].toString(),
                     qPrintable(QString("split differs for code points from U+%1").arg(uint(points[start]), 0, 16)));
            QVERIFY2(hash(cleaned) == cleanHashes[qsizetype(n)].toString(),
                     qPrintable(QString("clean differs for code points from U+%1").arg(uint(points[start]), 0, 16)));
        }
    }

    void tokenizeTruncatesKeepingTheEndTokenAndPads()
    {
        const auto tok = trained();
        const auto shortIds = tok.encode("a dog barks");
        const auto t = tok.tokenize("a dog barks");
        QCOMPARE(t.size(), size_t(77));
        QCOMPARE(t.front(), tok.startId());
        QVERIFY(std::equal(shortIds.begin(), shortIds.end(), t.begin() + 1));
        QCOMPARE(t[shortIds.size() + 1], tok.endId());
        QVERIFY(std::all_of(t.begin() + std::ptrdiff_t(shortIds.size()) + 2, t.end(),
                            [&](int64_t id) { return id == tok.endId(); }));
        const auto zeroPadded = tok.tokenize("a dog barks", 10, 0);
        QCOMPARE(zeroPadded.size(), size_t(10));
        QCOMPARE(zeroPadded[shortIds.size() + 1], tok.endId());
        QCOMPARE(zeroPadded.back(), int64_t(0));

        std::string longText;
        for (int i = 0; i < 60; ++i)
            longText += "a loud dog barks ";
        const auto longIds = tok.encode(longText);
        QVERIFY(longIds.size() > 75);
        const auto truncated = tok.tokenize(longText);
        QCOMPARE(truncated.size(), size_t(77));
        QCOMPARE(truncated.back(), tok.endId());
        QVERIFY(std::equal(longIds.begin(), longIds.begin() + 75, truncated.begin() + 1));
        QCOMPARE(tok.tokenize(longText, 2), (std::vector<int64_t>{tok.startId(), tok.endId()}));
        QCOMPARE(tok.tokenize("", 4), (std::vector<int64_t>{tok.startId(), tok.endId(), tok.endId(), tok.endId()}));
        expectError([&] { tok.tokenize("x", 1); }, "ClipTokenizer", "at least 2");
    }

    void specialTokensRoundTripAndLayout()
    {
        const auto tok = trained();
        QVERIFY(tok.vocabSize() > 514 && tok.vocabSize() <= 1000);
        QCOMPARE(tok.startId(), tok.vocabSize() - 2);
        QCOMPARE(tok.endId(), tok.vocabSize() - 1);
        QCOMPARE(tok.idOf("!"), int64_t(0));
        QCOMPARE(tok.idOf("!</w>"), int64_t(256));
        QCOMPARE(tok.encode("<|endoftext|>"), std::vector<int64_t>{tok.endId()});
        QCOMPARE(tok.encode("<|StartOfText|>"), std::vector<int64_t>{tok.startId()});
        QCOMPARE(tok.decode(tok.encode("A  Dog\tBARKS\n")), std::string("a dog barks"));
        QCOMPARE(tok.decode(tok.encode("a dog, barking.")), std::string("a dog , barking ."));
        expectError([&] { tok.decode({tok.vocabSize()}); }, "ClipTokenizer", "not in the vocabulary");
        // Documented difference from Python's html.unescape: unlisted named references stay.
        QCOMPARE(ClipPreTokenizer::clean("&copy; &AMP; 2024"), std::string("&copy; & 2024"));
    }

    void copiesShareWorkAcrossThreads()
    {
        const auto tok = trained();
        const auto copy = tok;
        std::vector<std::vector<int64_t>> results(2);
        std::thread a([&] {
            for (int i = 0; i < 200; ++i)
                results[0] = tok.encode("a distant dog barks while a car passes " + std::to_string(i));
        });
        std::thread b([&] {
            for (int i = 0; i < 200; ++i)
                results[1] = copy.encode("a distant dog barks while a car passes " + std::to_string(i));
        });
        a.join();
        b.join();
        QCOMPARE(results[0], results[1]);
        QCOMPARE(results[0], tok.encode("a distant dog barks while a car passes 199"));
    }

    void malformedVocabularyNamesTheFile()
    {
        const auto merges = fsPath("ours/merges.txt");
        const auto load = [&](const QString& vocab) { return [=] { ClipTokenizer::fromFiles(vocab.toStdString(), merges); }; };

        expectError(load(path("absent.json")), path("absent.json"), "cannot open");
        test::writeBytes(path("broken.json"), "{\"a\": 1,");
        expectError(load(path("broken.json")), path("broken.json"), "not valid JSON");
        test::writeBytes(path("array.json"), "[\"a\", \"b\"]");
        expectError(load(path("array.json")), path("array.json"), "expected a JSON object");
        auto file = editedVocab("string-id.json", [](QJsonObject& v) { v["dog"] = "12"; });
        expectError(load(file), file, "'dog' is not an integer");
        file = editedVocab("float-id.json", [](QJsonObject& v) { v["dog"] = 1.5; });
        expectError(load(file), file, "'dog' is not an integer");
        file = editedVocab("negative-id.json", [](QJsonObject& v) { v["dog"] = -3; });
        expectError(load(file), file, "out of range");
        file = editedVocab("duplicate-id.json", [](QJsonObject& v) { v["dog"] = 0; });
        expectError(load(file), file, "id 0 is given to both");
        file = editedVocab("no-start.json", [](QJsonObject& v) { v.remove("<|startoftext|>"); });
        expectError(load(file), file, "lacks the special token '<|startoftext|>'");
        file = editedVocab("no-end.json", [](QJsonObject& v) { v.remove("<|endoftext|>"); });
        expectError(load(file), file, "lacks the special token '<|endoftext|>'");
        file = editedVocab("no-byte.json", [](QJsonObject& v) { v.remove("Ā</w>"); });
        expectError(load(file), file, "lacks the end-of-word symbol of byte 0x00");
        file = editedVocab("foreign.json", [](QJsonObject& v) { v["a b"] = 5000; });
        expectError(load(file), file, "stands for no byte");
    }

    void malformedMergesNameTheFile()
    {
        const auto vocab = fsPath("ours/vocab.json");
        const auto load = [&](const QString& merges) { return [=] { ClipTokenizer::fromFiles(vocab, merges.toStdString()); }; };
        const auto write = [&](const QString& name, const QByteArray& bytes) {
            test::writeBytes(path(name), bytes);
            return path(name);
        };
        auto file = write("one.txt", "#version: 0.2\nd o\ndog\n");
        expectError(load(file), file, "line 3: expected two symbols separated by a space, found 1");
        file = write("three.txt", "#version: 0.2\nd o g\n");
        expectError(load(file), file, "line 2: expected two symbols separated by a space, found 3");
        file = write("unknown-result.txt", "#version: 0.2\nq z</w>\n");
        expectError(load(file), file, "line 2: the merge result 'qz</w>' is not in");
        file = write("unknown-part.txt", "#version: 0.2\nzzzz y\n");
        expectError(load(file), file, "the symbol 'zzzz' is not in");
        file = write("repeated.txt", "#version: 0.2\nd o\n\nd o\n");
        expectError(load(file), file, "line 4: repeats the merge of line 2");
        expectError([&] { ClipTokenizer::fromDirectory(fsPath("second")); }, path("second/vocab.json"), "cannot open");
        test::writeBytes(path("nomerges/vocab.json"), test::readBytes(path("ours/vocab.json")));
        expectError([&] { ClipTokenizer::fromDirectory(fsPath("nomerges")); }, path("nomerges/merges.txt"),
                    "cannot open");

        // Without a header, with CRLF line ends and blank lines, the same merges load.
        QByteArray body = test::readBytes(path("ours/merges.txt"));
        body = body.mid(body.indexOf('\n') + 1).replace("\n", "\r\n\r\n");
        file = write("crlf.txt", body);
        const auto tok = ClipTokenizer::fromFiles(vocab, file.toStdString());
        QCOMPARE(tok.encode("a loud dog barks in the distance"), trained().encode("a loud dog barks in the distance"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipTokenizer)
#include "tst_ClipTokenizer.moc"
