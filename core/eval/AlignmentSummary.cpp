#include "AlignmentSummary.h"

#include "AlignmentFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace soundframe {

std::map<std::string, std::vector<int>> sourceFramesByClip(const std::vector<ClipRecord>& clips)
{
    std::map<std::string, std::vector<int>> out;
    for (const ClipRecord& clip : clips) {
        if (clip.events.empty())
            continue;
        std::set<int> frames;
        for (const SoundEvent& e : clip.events)
            frames.insert(e.visibleFrames.begin(), e.visibleFrames.end());
        out[clip.id].assign(frames.begin(), frames.end());
    }
    return out;
}

namespace {
double mean(const std::vector<double>& v)
{
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double populationStd(const std::vector<double>& v)
{
    const double m = mean(v);
    double sum = 0;
    for (double x : v)
        sum += (x - m) * (x - m);
    return v.empty() ? 0.0 : std::sqrt(sum / double(v.size()));
}
} // namespace

AlignmentSummary AlignmentSummary::compute(const AlignmentFile& alignment,
                                           const std::map<std::string, std::vector<int>>& sourceFrames)
{
    AlignmentSummary s;
    std::vector<double> contrasts, spreads;
    int flat = 0, hits = 0;
    double base = 0;
    for (const ClipAlignmentRecord& record : alignment.clips) {
        const auto& curve = record.alignment.audioToFrame;
        if (curve.empty())
            continue;
        const double spread = populationStd(curve);
        contrasts.push_back(*std::max_element(curve.begin(), curve.end()) - mean(curve));
        spreads.push_back(spread);
        flat += spread < flatSpread;

        const auto truth = sourceFrames.find(record.clip);
        if (truth == sourceFrames.end())
            continue;
        std::set<int> shown;
        for (int f : truth->second)
            if (f >= 0 && f < int(curve.size()))
                shown.insert(f);
        if (shown.empty())
            continue;
        ++s.truthClips;
        hits += shown.count(record.alignment.argmaxFrame) != 0;
        base += double(shown.size()) / double(curve.size());
    }
    s.clips = int(contrasts.size());
    s.meanContrast = mean(contrasts);
    s.contrastStd = populationStd(contrasts);
    s.meanSpread = mean(spreads);
    s.flatClips = s.clips ? 100.0 * flat / s.clips : 0.0;
    if (s.truthClips) {
        s.pickAccuracy = 100.0 * hits / s.truthClips;
        s.baseRate = 100.0 * base / s.truthClips;
    }
    return s;
}

std::string AlignmentSummary::toJson() const
{
    nlohmann::ordered_json j{{"clips", clips},
                             {"mean_peak_contrast", meanContrast},
                             {"peak_contrast_std", contrastStd},
                             {"mean_curve_std", meanSpread},
                             {"flat_clips_percent", flatClips},
                             {"flat_curve_std", flatSpread}};
    j["ground_truth"] = hasGroundTruth()
                            ? nlohmann::ordered_json{{"clips", truthClips}, {"pick_accuracy", pickAccuracy}, {"base_rate", baseRate}}
                            : nlohmann::ordered_json(nullptr);
    return j.dump(2) + "\n";
}

} // namespace soundframe
