// `soundframe-cli prepare` and `eval` on ESC-50 and UrbanSound8K exactly as they are distributed
// (fixture CSVs and short WAVs written here): folds and classes reach the cache, a listed file that is
// missing is named and the rest prepared, audio-only without --clip, and eval's per-fold zero-shot
// figures (prompts from a file and --prompt) match a naive oracle computed from the embeddings.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "CliTestSupport.h"
#include "SyntheticTrainingData.h"
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "ZeroShotOracle.h"
#include "data/FrameCacheReader.h"
#include "eval/AlignmentFile.h"
#include "eval/AlignmentSummary.h"
#include "model/AudioEncoder.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestEvalCommand : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    static QString q(const fs::path& p) { return QString::fromStdString(p.string()); }
    static std::string readText(const fs::path& file)
    {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static bool writeText(const fs::path& file, const std::string& text)
    {
        return test::writeBytes(q(file), QByteArray::fromStdString(text));
    }
    // A 2-s tone at `hz`, 22.05 kHz (prepare resamples it to the encoder's 8 kHz).
    static bool writeTone(const fs::path& file, int hz) { return test::makeTone(q(file), hz, 2, 22050); }

    // ESC-50: 3 classes x 3 folds, plus a listed clip whose file is missing.
    fs::path writeEsc50()
    {
        const auto dir = root() / "ESC-50-master";
        std::string csv = "filename,fold,target,category,esc10,src_file,take\n";
        const char* categories[] = {"dog", "rain", "chirping_birds"};
        for (int fold = 1; fold <= 3; ++fold)
            for (int k = 0; k < 3; ++k) {
                const std::string name = std::to_string(fold) + "-10" + std::to_string(k) + "-A-" + std::to_string(k) + ".wav";
                csv += name + "," + std::to_string(fold) + "," + std::to_string(k) + "," + categories[k] + ",False,10"
                       + std::to_string(k) + ",A\n";
                if (!writeTone(dir / "audio" / name, 300 + 250 * k))
                    return {};
            }
        csv += "4-999-A-0.wav,4,0,dog,True,999,A\n";  // listed, not there
        return writeText(dir / "meta" / "esc50.csv", csv) ? dir / "meta" / "esc50.csv" : fs::path();
    }

    // UrbanSound8K: 2 classes x 3 folds, each slice in audio/fold<N>/.
    fs::path writeUrbanSound8K()
    {
        const auto dir = root() / "UrbanSound8K";
        std::string csv = "slice_file_name,fsID,start,end,salience,fold,classID,class\n";
        const char* classes[] = {"dog_bark", "siren"};
        for (int fold = 1; fold <= 3; ++fold)
            for (int k = 0; k < 2; ++k) {
                const std::string name = "7" + std::to_string(fold) + std::to_string(k) + "-" + std::to_string(k) + "-0-0.wav";
                csv += name + ",7" + std::to_string(fold) + std::to_string(k) + ",1.5,3.5,1," + std::to_string(fold) + ","
                       + std::to_string(k) + "," + classes[k] + "\n";
                if (!writeTone(dir / "audio" / ("fold" + std::to_string(fold)) / name, 400 + 500 * k))
                    return {};
            }
        return writeText(dir / "metadata" / "UrbanSound8K.csv", csv) ? dir / "metadata" / "UrbanSound8K.csv" : fs::path();
    }

    test::CliRun prepare(const fs::path& manifest, const fs::path& cache)
    {
        return test::runCliInProcess({"prepare", "--manifest", q(manifest), "--cache", q(cache), "--audio-rate", "8000",
                                      "--workers", "2", "--progress", "none"});
    }

    void checkFoldsAgainstOracle(const fs::path& cache, const fs::path& out, const std::vector<std::string>& prompts,
                                 size_t folds)
    {
        const auto oracle = test::zeroShotOracle(cache, root() / "encoder", root() / "clip", prompts);
        const auto z = nlohmann::json::parse(readText(out / "report.json")).at("zero_shot");
        QCOMPARE(z.at("folds").size(), folds);
        QVERIFY(std::abs(z.at("top1").get<double>() - oracle.at(0).top1) < 1e-9);
        double mean = 0;
        for (const auto& f : z.at("folds")) {
            const auto& o = oracle.at(f.at("fold").get<int>());
            QCOMPARE(f.at("clips").get<int>(), o.clips);
            QVERIFY2(std::abs(f.at("top1").get<double>() - o.top1) < 1e-9, f.dump().c_str());
            QVERIFY2(std::abs(f.at("top5").get<double>() - o.top5) < 1e-9, f.dump().c_str());
            mean += o.top1 / double(folds);
        }
        QVERIFY(std::abs(z.at("fold_mean").at("top1").get<double>() - mean) < 1e-9);
        std::vector<std::string> templates;
        for (const auto& t : z.at("prompts"))
            templates.push_back(t.get<std::string>());
        QCOMPARE(templates, prompts);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        torch::manual_seed(21);
        saveAudioEncoder(AudioEncoder(m_world.encoderConfig("cnn")), root() / "encoder");
    }

    void prepareReadsEsc50AsDistributed()
    {
        const auto csv = writeEsc50();
        QVERIFY(!csv.empty());
        const auto r = prepare(csv, root() / "esc-cache");  // neither --clip nor --audio-only: ESC-50 has no video
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("9 cached"), qPrintable(r.out));
        QVERIFY2(r.err.contains(q(csv) + ":11: no audio file \"4-999-A-0.wav\" in "), qPrintable(r.err));
        QVERIFY(readText(root() / "esc-cache" / "skipped.jsonl").find("4-999-A-0.wav") != std::string::npos);
        const FrameCacheReader cache(root() / "esc-cache");
        QVERIFY(!cache.settings().withFrames);
        QCOMPARE(cache.size(), size_t(9));
        const auto i = cache.indexOf("2-102-A-2.wav");
        QVERIFY(i >= 0);
        QCOMPARE(cache.record(size_t(i)).fold, 2);
        QCOMPARE(cache.record(size_t(i)).labels, std::vector<std::string>{"chirping birds"});
        QCOMPARE(cache.load(size_t(i)).audio.numel(), int64_t(2 * 8000));
        // The image-text model for eval, its tokenizer trained on these labels' prompts.
        m_world.writeClip(root() / "clip", {root() / "esc-cache"});
    }

    void evalReportsEsc50FoldsMatchingAnOracle()
    {
        QVERIFY(writeText(root() / "prompts.txt", "the sound of a {}\n\na {} can be heard\n"));
        const auto out = root() / "esc-eval";
        const auto r = test::runCliInProcess({"eval", "--cache", q(root() / "esc-cache"), "--model", q(root() / "encoder"),
                                              "--clip", q(root() / "clip"), "--out", q(out), "--prompts-file",
                                              q(root() / "prompts.txt"), "--prompt", "{}"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("| mean ± std (3 folds) |"), qPrintable(r.out));
        QVERIFY2(r.out.contains("| true \\ predicted | chirping birds | dog | rain |"), qPrintable(r.out));
        qInfo("%s", qPrintable(r.out));
        checkFoldsAgainstOracle(root() / "esc-cache", out, {"the sound of a {}", "a {} can be heard", "{}"}, 3);
        // The exact file list: the 9 prepared files, none of the missing one.
        const auto files = QString::fromStdString(readText(out / "files.txt")).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(files.size(), 9);
        for (const auto& f : files)
            QVERIFY2(f.startsWith(q(root() / "ESC-50-master" / "audio")) && fs::exists(f.toStdString()), qPrintable(f));
        QVERIFY(fs::exists(out / "zero_shot_confusion.csv"));
    }

    void prepareAndEvalUrbanSound8K()
    {
        const auto csv = writeUrbanSound8K();
        QVERIFY(!csv.empty());
        const auto r = prepare(csv, root() / "us8k-cache");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("6 cached"), qPrintable(r.out));
        const FrameCacheReader cache(root() / "us8k-cache");
        for (size_t i = 0; i < cache.size(); ++i) {
            const auto& record = cache.record(i);
            QVERIFY2(record.mediaPath.find("/audio/fold" + std::to_string(record.fold) + "/") != std::string::npos,
                     record.mediaPath.c_str());
            QVERIFY(record.labels == std::vector<std::string>{"dog bark"} || record.labels == std::vector<std::string>{"siren"});
        }
        const auto out = root() / "us8k-eval";
        const auto e = test::runCliInProcess({"eval", "--cache", q(root() / "us8k-cache"), "--model", q(root() / "encoder"),
                                              "--clip", q(root() / "clip"), "--out", q(out), "--prompt", "a {}"});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        qInfo("%s", qPrintable(e.out));
        checkFoldsAgainstOracle(root() / "us8k-cache", out, {"a {}"}, 3);
    }

    // A cache with frames whose events mark the frames that show the source: eval writes
    // alignment_summary.json, the core's summary of its alignment.json against those frames.
    void evalWritesAlignmentSummary()
    {
        m_world.writeCache(root() / "frames-cache", 2, 5, "frames-");
        const auto out = root() / "frames-eval";
        const auto r = test::runCliInProcess({"eval", "--cache", q(root() / "frames-cache"), "--model",
                                              q(root() / "encoder"), "--out", q(out), "--progress", "none"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(fs::exists(out / "alignment_summary.json"));
        const auto written = nlohmann::json::parse(readText(out / "alignment_summary.json"));

        const FrameCacheReader cache(root() / "frames-cache");
        std::vector<ClipRecord> records;
        for (size_t i = 0; i < cache.size(); ++i)
            records.push_back(cache.record(i));
        const auto expected = AlignmentSummary::compute(AlignmentFile::read(out / "alignment.json"), sourceFramesByClip(records));
        QVERIFY(expected.hasGroundTruth());
        QCOMPARE(written.at("clips").get<int>(), int(cache.size()));
        QCOMPARE(written, nlohmann::json::parse(expected.toJson()));
        QVERIFY2(r.err.contains("the most similar frame shows a source in"), qPrintable(r.err));

        const auto none = test::runCliInProcess({"eval", "--cache", q(root() / "frames-cache"), "--model", q(root() / "encoder"),
                                                 "--out", q(root() / "frames-eval-none"), "--no-alignment", "--progress", "none"});
        QVERIFY2(none.code == 0, qPrintable(none.err));
        QVERIFY(!fs::exists(root() / "frames-eval-none" / "alignment_summary.json"));
    }

    void errorsNameTheFile()
    {
        // A manifest lacking a column: one error naming the file and the column; nothing prepared.
        QVERIFY(writeText(root() / "broken" / "meta" / "esc50.csv", "filename,target,category\nx.wav,0,dog\n"));
        fs::create_directories(root() / "broken" / "audio");
        const auto r = test::runCliInProcess({"prepare", "--manifest", q(root() / "broken" / "meta" / "esc50.csv"),
                                              "--format", "esc50", "--cache", q(root() / "broken-cache"), "--progress", "none"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(q(root() / "broken" / "meta" / "esc50.csv")) && r.err.contains("no column \"fold\""),
                 qPrintable(r.err));
        // A prompt file that is not there.
        const auto e = test::runCliInProcess({"eval", "--cache", q(root() / "esc-cache"), "--model", q(root() / "encoder"),
                                              "--clip", q(root() / "clip"), "--out", q(root() / "never"),
                                              "--prompts-file", q(root() / "no-prompts.txt")});
        QCOMPARE(e.code, 1);
        QVERIFY2(e.err.contains(q(root() / "no-prompts.txt")), qPrintable(e.err));
        QVERIFY(test::optionsMissingFromHelp("eval", {"--prompts-file", "--prompt"}).isEmpty());
        QVERIFY(test::optionsMissingFromHelp("prepare", {"esc50", "urbansound8k"}).isEmpty());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestEvalCommand)
#include "tst_EvalCommand.moc"
