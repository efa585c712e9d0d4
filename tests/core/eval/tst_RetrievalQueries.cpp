// RetrievalQueries: queries built from hand-worked directions (names, ranks, top items and their
// relevant marks), the JSON-lines round trip, and errors that name the file and line.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "base/Error.h"
#include "eval/RetrievalEvaluation.h"
#include "eval/RetrievalQueries.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <fstream>

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
// 2 clips, 3 captions (0 and 1 describe clip "a", 2 describes clip "b"), as evaluateRetrieval pairs them.
RetrievalQueries handWorked(int64_t topK)
{
    using Side = RetrievalDirection::Side;
    const auto textAudio = torch::tensor({{0.9, 0.1}, {0.2, 0.7}, {0.3, 0.8}}, torch::kFloat64);
    std::vector<RetrievalDirection> directions{
        {"text_to_audio", textAudio, {{0}, {0}, {1}}, {0, 1, 2}, Side::Caption, Side::Clip},
        {"audio_to_text", textAudio.t(), {{0, 1}, {2}}, {0, 1}, Side::Clip, Side::Caption},
    };
    const RetrievalNames names{{"a", "b"}, {"a dog barks", "a bark", "rain"}, {0, 0, 1}};
    return retrievalQueries(directions, names, topK);
}
} // namespace

class TestRetrievalQueries : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }

private Q_SLOTS:
    void handWorkedQueries()
    {
        const auto q = handWorked(10);
        QCOMPARE(q.directions(), (std::vector<std::string>{"text_to_audio", "audio_to_text"}));
        const auto textAudio = q.direction("text_to_audio");
        QCOMPARE(textAudio.size(), size_t(3));
        // Caption 1 ("a bark", clip a) prefers clip b: its clip ranks 2nd.
        const auto& bark = textAudio[1];
        QCOMPARE(bark.query, (RetrievalItem{"a", "a bark"}));
        QCOMPARE(bark.rank, int64_t(2));
        QCOMPARE(bark.relevant, (std::vector<RetrievalItem>{{"a", {}}}));
        QCOMPARE(bark.top.size(), size_t(2));
        QCOMPARE(bark.top[0].item.clip, std::string("b"));
        QCOMPARE(bark.top[0].score, 0.7);
        QVERIFY(!bark.top[0].relevant);
        QVERIFY(bark.top[1].relevant);
        QCOMPARE(textAudio[0].rank, int64_t(1));
        // Clip a against the captions: 0.9 (its own), 0.3 (rain), 0.2 (its own): rank 1.
        const auto audioText = q.direction("audio_to_text");
        QCOMPARE(audioText[0].query, (RetrievalItem{"a", {}}));
        QCOMPARE(audioText[0].relevant.size(), size_t(2));
        QCOMPARE(audioText[0].rank, int64_t(1));
        QCOMPARE(audioText[0].top[1].item, (RetrievalItem{"b", "rain"}));
        QVERIFY(audioText[0].top[2].relevant);
        // Clip b: 0.8 (rain, its own) first.
        QCOMPARE(audioText[1].rank, int64_t(1));
        QVERIFY(q.direction("audio_to_image").empty());
        // k cuts the list.
        QCOMPARE(handWorked(1).direction("audio_to_text")[0].top.size(), size_t(1));
    }

    void roundTrip()
    {
        const auto q = handWorked(2);
        const auto file = root() / "queries.jsonl";
        std::ofstream(file) << q.toJsonLines();
        const auto back = RetrievalQueries::read(file);
        QCOMPARE(back.queries.size(), q.queries.size());
        QCOMPARE(back.toJsonLines(), q.toJsonLines());
        for (size_t i = 0; i < q.queries.size(); ++i) {
            QCOMPARE(back.queries[i].direction, q.queries[i].direction);
            QCOMPARE(back.queries[i].query, q.queries[i].query);
            QCOMPARE(back.queries[i].rank, q.queries[i].rank);
            QCOMPARE(back.queries[i].relevant, q.queries[i].relevant);
            QCOMPARE(back.queries[i].top.size(), q.queries[i].top.size());
            for (size_t t = 0; t < q.queries[i].top.size(); ++t) {
                QCOMPARE(back.queries[i].top[t].item, q.queries[i].top[t].item);
                QCOMPARE(back.queries[i].top[t].score, q.queries[i].top[t].score);
                QCOMPARE(back.queries[i].top[t].relevant, q.queries[i].top[t].relevant);
            }
        }
        // A clip item carries no "text" key; a caption item does.
        const auto firstLine = q.toJsonLines().substr(0, q.toJsonLines().find('\n'));
        QVERIFY(firstLine.find(R"("query":{"clip":"a","text":"a dog barks"})") != std::string::npos);
        QVERIFY(firstLine.find(R"("relevant":[{"clip":"a"}])") != std::string::npos);
    }

    void errorsNameTheFile()
    {
        const auto missing = root() / "nowhere.jsonl";
        try {
            RetrievalQueries::read(missing);
            QFAIL("no error for a missing file");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("nowhere.jsonl") != std::string::npos);
        }
        const auto bad = root() / "bad.jsonl";
        std::ofstream(bad) << handWorked(2).toJsonLines() << "{\"direction\": \"text_to_audio\"}\n";
        try {
            RetrievalQueries::read(bad);
            QFAIL("no error for a line without a query");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bad.jsonl:6") != std::string::npos, e.what());
        }
        // An index without a name.
        using Side = RetrievalDirection::Side;
        const std::vector<RetrievalDirection> d{
            {"audio_to_image", torch::eye(2), {{0}, {1}}, {0, 1}, Side::Clip, Side::Clip}};
        QVERIFY_THROWS_EXCEPTION(Error, retrievalQueries(d, {{"only-one"}, {}, {}}, 10));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestRetrievalQueries)
#include "tst_RetrievalQueries.moc"
