#include "demo/DemoAlignmentTruth.h"

#include "data/ManifestLoader.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace soundframe {

using json = nlohmann::ordered_json;

namespace {

std::set<int> visibleFrames(const ClipRecord& clip)
{
    std::set<int> frames;
    for (const auto& e : clip.events)
        frames.insert(e.visibleFrames.begin(), e.visibleFrames.end());
    return frames;
}

int frameCount(const ClipRecord& clip)
{
    return std::max(1, int(std::lround(std::max(0.0, clip.duration()) * 1.0)));  // prepare at 1 fps
}

} // namespace

DemoAlignmentTruth::DemoAlignmentTruth(const std::filesystem::path& manifest)
{
    for (auto& clip : loadManifest(manifest).clips)
        m_clips.emplace(clip.id, std::move(clip));
}

json DemoAlignmentTruth::choiceAccuracy(const std::vector<json>& choiceLines, int warmupEpochs) const
{
    int64_t total = 0, hits = 0, lateTotal = 0, lateHits = 0;
    std::map<int, std::pair<int64_t, int64_t>> perEpoch;
    for (const auto& line : choiceLines) {
        const auto it = m_clips.find(line.value("clip", std::string()));
        if (it == m_clips.end())
            continue;
        const int epoch = line.value("epoch", 0);
        const bool hit = visibleFrames(it->second).count(line.value("frame", -1)) != 0;
        ++total;
        hits += hit;
        perEpoch[epoch].first += hit;
        perEpoch[epoch].second += 1;
        if (epoch >= warmupEpochs) {
            ++lateTotal;
            lateHits += hit;
        }
    }
    json j{{"choices", total}, {"accuracy", total ? 100.0 * double(hits) / double(total) : 0.0}};
    json epochs = json::array();
    for (const auto& [epoch, counts] : perEpoch)
        epochs.push_back({{"epoch", epoch}, {"accuracy", 100.0 * double(counts.first) / double(counts.second)}});
    j["per_epoch"] = epochs;
    if (lateTotal)
        j["accuracy_after_warmup"] = 100.0 * double(lateHits) / double(lateTotal);
    return j;
}

double DemoAlignmentTruth::baseRate() const
{
    double sum = 0;
    for (const auto& [id, clip] : m_clips)
        sum += double(visibleFrames(clip).size()) / double(frameCount(clip));
    return m_clips.empty() ? 0.0 : 100.0 * sum / double(m_clips.size());
}

json DemoAlignmentTruth::segmentAccuracy(const json& a) const
{
    const double segmentSeconds = a.value("segment_seconds", 1.0);
    int64_t segments = 0, hits = 0, clipsScored = 0, clipHits = 0;
    double base = 0, clipBase = 0;
    for (const auto& c : a.at("clips")) {
        const auto it = m_clips.find(c.value("clip", std::string()));
        if (it == m_clips.end())
            continue;
        const ClipRecord& clip = it->second;
        const auto& matrix = c.at("segment_to_frame");
        const auto& times = c.at("frame_seconds");
        const int L = int(matrix.size());
        for (int l = 0; l < L; ++l) {
            const double centre = times.at(size_t(l)).get<double>() - std::max(0.0, clip.start);
            const double from = centre - segmentSeconds / 2, to = centre + segmentSeconds / 2;
            std::set<int> right;
            for (const auto& e : clip.events)
                if (e.start < to && e.end > from)
                    right.insert(e.visibleFrames.begin(), e.visibleFrames.end());
            if (right.empty())
                continue;
            const auto& row = matrix.at(size_t(l));
            int best = 0;
            for (int m = 1; m < int(row.size()); ++m)
                if (row.at(size_t(m)).get<double>() > row.at(size_t(best)).get<double>())
                    best = m;
            ++segments;
            hits += right.count(best) != 0;
            base += double(right.size()) / double(L);
        }
        const auto all = visibleFrames(clip);
        if (!all.empty()) {
            ++clipsScored;
            clipHits += all.count(c.value("argmax_frame", -1)) != 0;
            clipBase += double(all.size()) / double(L);
        }
    }
    return {{"segments", segments},
            {"segment_accuracy", segments ? 100.0 * double(hits) / double(segments) : 0.0},
            {"segment_base_rate", segments ? 100.0 * base / double(segments) : 0.0},
            {"clips", clipsScored},
            {"clip_accuracy", clipsScored ? 100.0 * double(clipHits) / double(clipsScored) : 0.0},
            {"clip_base_rate", clipsScored ? 100.0 * clipBase / double(clipsScored) : 0.0}};
}

} // namespace soundframe
