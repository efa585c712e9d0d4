#include "demo/DemoAlignmentTruth.h"

#include "data/ManifestLoader.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace soundframe {

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

ChoiceAccuracy DemoAlignmentTruth::choiceAccuracy(const std::vector<FrameChoice>& choices, int warmupEpochs) const
{
    int64_t hits = 0, lateTotal = 0, lateHits = 0;
    std::map<int, std::pair<int64_t, int64_t>> perEpoch;  // epoch -> (hits, choices)
    ChoiceAccuracy result;
    for (const auto& choice : choices) {
        const auto it = m_clips.find(choice.clip);
        if (it == m_clips.end())
            continue;
        const bool hit = visibleFrames(it->second).count(choice.frame) != 0;
        ++result.choices;
        hits += hit;
        perEpoch[choice.epoch].first += hit;
        perEpoch[choice.epoch].second += 1;
        if (choice.epoch >= warmupEpochs) {
            ++lateTotal;
            lateHits += hit;
        }
    }
    result.accuracy = result.choices ? 100.0 * double(hits) / double(result.choices) : 0.0;
    for (const auto& [epoch, counts] : perEpoch)
        result.perEpoch.emplace_back(epoch, 100.0 * double(counts.first) / double(counts.second));
    if (lateTotal)
        result.afterWarmup = 100.0 * double(lateHits) / double(lateTotal);
    return result;
}

double DemoAlignmentTruth::baseRate() const
{
    double sum = 0;
    for (const auto& [id, clip] : m_clips)
        sum += double(visibleFrames(clip).size()) / double(frameCount(clip));
    return m_clips.empty() ? 0.0 : 100.0 * sum / double(m_clips.size());
}

SegmentAccuracy DemoAlignmentTruth::segmentAccuracy(const AlignmentFile& a) const
{
    int64_t hits = 0, clipHits = 0;
    double base = 0, clipBase = 0;
    SegmentAccuracy result;
    for (const auto& c : a.clips) {
        const auto it = m_clips.find(c.clip);
        if (it == m_clips.end())
            continue;
        const ClipRecord& clip = it->second;
        const auto& matrix = c.alignment.segmentToFrame;
        const int L = int(matrix.size());
        for (int l = 0; l < L && l < int(c.frameSeconds.size()); ++l) {
            const double centre = c.frameSeconds[size_t(l)] - std::max(0.0, clip.start);
            const double from = centre - a.segmentSeconds / 2, to = centre + a.segmentSeconds / 2;
            std::set<int> right;
            for (const auto& e : clip.events)
                if (e.start < to && e.end > from)
                    right.insert(e.visibleFrames.begin(), e.visibleFrames.end());
            if (right.empty())
                continue;
            const auto& row = matrix[size_t(l)];
            const int best = int(std::max_element(row.begin(), row.end()) - row.begin());
            ++result.segments;
            hits += right.count(best) != 0;
            base += double(right.size()) / double(L);
        }
        const auto all = visibleFrames(clip);
        if (!all.empty() && L > 0) {
            ++result.clips;
            clipHits += all.count(c.alignment.argmaxFrame) != 0;
            clipBase += double(all.size()) / double(L);
        }
    }
    if (result.segments) {
        result.segmentAccuracy = 100.0 * double(hits) / double(result.segments);
        result.segmentBaseRate = 100.0 * base / double(result.segments);
    }
    if (result.clips) {
        result.clipAccuracy = 100.0 * double(clipHits) / double(result.clips);
        result.clipBaseRate = 100.0 * clipBase / double(result.clips);
    }
    return result;
}

} // namespace soundframe
