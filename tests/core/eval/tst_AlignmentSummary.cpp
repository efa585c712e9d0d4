// AlignmentSummary: a worked example whose figures are computed by hand, random files against a naive
// oracle written out longhand, and clips without ground truth leave accuracy unavailable.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "eval/AlignmentFile.h"
#include "eval/AlignmentSummary.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <random>

using namespace soundframe;

namespace {
ClipAlignmentRecord record(const std::string& id, std::vector<double> curve)
{
    ClipAlignmentRecord r;
    r.clip = id;
    for (size_t l = 0; l < curve.size(); ++l)
        r.frameSeconds.push_back(double(l) + 0.5);
    r.alignment.argmaxFrame = int(std::max_element(curve.begin(), curve.end()) - curve.begin());
    r.alignment.audioToFrame = std::move(curve);
    return r;
}

ClipRecord clipWithEvents(const std::string& id, std::vector<std::vector<int>> visible)
{
    ClipRecord c;
    c.id = id;
    for (auto& frames : visible) {
        SoundEvent e;
        e.label = "x";
        e.visibleFrames = std::move(frames);
        c.events.push_back(e);
    }
    return c;
}
} // namespace

class TestAlignmentSummary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Two clips of 4 frames worked by hand.
    //   a: curve 0.1 0.3 0.1 0.1 -> mean 0.15, contrast 0.15, std sqrt((3*0.0025+0.0225)/4) = sqrt(0.0075)
    //      argmax 1; sources in frames {1, 2} -> hit, share 2/4
    //   b: curve 0.2 0.2 0.2 0.205 -> mean 0.20125, contrast 0.00375, std sqrt((3*0.00125^2+0.00375^2)/4)
    //      argmax 3; sources in frame {0} -> miss, share 1/4
    void workedExample()
    {
        AlignmentFile file;
        file.clips = {record("a", {0.1, 0.3, 0.1, 0.1}), record("b", {0.2, 0.2, 0.2, 0.205})};
        const auto truth = sourceFramesByClip({clipWithEvents("a", {{1}, {2, 1}}), clipWithEvents("b", {{0}, {}})});
        QCOMPARE(truth.at("a"), std::vector<int>({1, 2}));

        const AlignmentSummary s = AlignmentSummary::compute(file, truth);
        QCOMPARE(s.clips, 2);
        QVERIFY(std::abs(s.meanContrast - (0.15 + 0.00375) / 2) < 1e-12);
        QVERIFY(std::abs(s.contrastStd - (0.15 - 0.00375) / 2) < 1e-12);
        const double spreadA = std::sqrt(0.0075);
        const double spreadB = std::sqrt((3 * 0.00125 * 0.00125 + 0.00375 * 0.00375) / 4);
        QVERIFY(std::abs(s.meanSpread - (spreadA + spreadB) / 2) < 1e-12);
        QCOMPARE(s.flatClips, 50.0);  // b's spread (0.0022) is below 0.01
        QVERIFY(s.hasGroundTruth());
        QCOMPARE(s.truthClips, 2);
        QCOMPARE(s.pickAccuracy, 50.0);
        QCOMPARE(s.baseRate, 100.0 * (0.5 + 0.25) / 2);

        const auto j = nlohmann::json::parse(s.toJson());
        QCOMPARE(j.at("clips").get<int>(), 2);
        QCOMPARE(j.at("ground_truth").at("pick_accuracy").get<double>(), 50.0);
        QCOMPARE(j.at("ground_truth").at("base_rate").get<double>(), 37.5);
        QCOMPARE(j.at("flat_clips_percent").get<double>(), 50.0);
    }

    // Random curves and sources against the longhand oracle.
    void matchesNaiveOracle()
    {
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> cosine(-0.3, 0.6);
        AlignmentFile file;
        std::vector<ClipRecord> clips;
        for (int i = 0; i < 40; ++i) {
            const int L = 1 + int(rng() % 8);
            std::vector<double> curve;
            for (int l = 0; l < L; ++l)
                curve.push_back(i % 5 == 0 ? 0.2 + 0.001 * l : cosine(rng));  // every fifth curve flat
            const std::string id = "clip-" + std::to_string(i);
            file.clips.push_back(record(id, curve));
            std::vector<int> visible;
            for (int l = 0; l < L + 2; ++l)  // frames past L are not frames of the curve: ignored
                if (rng() % 3 == 0)
                    visible.push_back(l);
            if (i % 7 != 3)  // some clips without events: no ground truth for them
                clips.push_back(clipWithEvents(id, {visible}));
        }
        const AlignmentSummary s = AlignmentSummary::compute(file, sourceFramesByClip(clips));

        double contrastSum = 0, spreadSum = 0, hitSum = 0, baseSum = 0;
        int flat = 0, truthClips = 0;
        std::vector<double> contrasts;
        for (const auto& r : file.clips) {
            const auto& c = r.alignment.audioToFrame;
            double sum = 0, best = -2;
            for (double v : c) {
                sum += v;
                best = std::max(best, v);
            }
            const double m = sum / c.size();
            double sq = 0;
            for (double v : c)
                sq += (v - m) * (v - m);
            const double spread = std::sqrt(sq / c.size());
            contrasts.push_back(best - m);
            contrastSum += best - m;
            spreadSum += spread;
            if (spread < 0.01)
                ++flat;
            for (const auto& clip : clips) {
                if (clip.id != r.clip)
                    continue;
                int shown = 0;
                bool hit = false;
                for (int l = 0; l < int(c.size()); ++l) {
                    bool isShown = false;
                    for (int f : clip.events[0].visibleFrames)
                        isShown = isShown || f == l;
                    shown += isShown;
                    hit = hit || (isShown && l == r.alignment.argmaxFrame);
                }
                if (shown > 0) {
                    ++truthClips;
                    hitSum += hit;
                    baseSum += double(shown) / c.size();
                }
            }
        }
        const double n = double(file.clips.size());
        double varSum = 0;
        for (double c : contrasts)
            varSum += (c - contrastSum / n) * (c - contrastSum / n);
        QCOMPARE(s.clips, int(n));
        QVERIFY(std::abs(s.meanContrast - contrastSum / n) < 1e-12);
        QVERIFY(std::abs(s.contrastStd - std::sqrt(varSum / n)) < 1e-12);
        QVERIFY(std::abs(s.meanSpread - spreadSum / n) < 1e-12);
        QVERIFY(std::abs(s.flatClips - 100.0 * flat / n) < 1e-12);
        QVERIFY(flat >= 8);
        QCOMPARE(s.truthClips, truthClips);
        QVERIFY(truthClips > 10 && truthClips < int(n));
        QVERIFY(std::abs(s.pickAccuracy - 100.0 * hitSum / truthClips) < 1e-12);
        QVERIFY(std::abs(s.baseRate - 100.0 * baseSum / truthClips) < 1e-12);
    }

    // User data: no events, so no accuracy — but the curves' spread is still summarised.
    void withoutGroundTruthOnlyTheSpread()
    {
        AlignmentFile file;
        file.clips = {record("a", {0.1, 0.3}), record("b", {}), record("c", {0.5, 0.5})};
        std::vector<ClipRecord> clips(2);
        clips[0].id = "a";
        clips[1].id = "c";
        const auto truth = sourceFramesByClip(clips);
        QVERIFY(truth.empty());
        const AlignmentSummary s = AlignmentSummary::compute(file, truth);
        QCOMPARE(s.clips, 2);  // b's empty curve skipped
        QVERIFY(!s.hasGroundTruth());
        QVERIFY(std::abs(s.meanSpread - 0.05) < 1e-12);  // (0.1 + 0) / 2
        QCOMPARE(s.flatClips, 50.0);
        QVERIFY(nlohmann::json::parse(s.toJson()).at("ground_truth").is_null());
    }
};

SOUNDFRAME_TEST_MAIN(TestAlignmentSummary)
#include "tst_AlignmentSummary.moc"
