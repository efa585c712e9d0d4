#pragma once
// A naive zero-shot oracle for the evaluation tests (header-only; include it before any Qt header):
// plain loops over doubles, one text forward pass per prompt, no shared code with ZeroShotClassification.
//
//   auto oracle = test::zeroShotOracle(cacheDir, encoderDir, clipDir, {"a {}", "the sound of a {}"});
//   oracle.at(3).top1;   // percent of fold 3's labelled clips whose nearest class is their label
//
// Classes: the cache's distinct labels; a class vector is the mean of its prompts' unit text
// embeddings, renormalised; each fold's clips are scored against every class. Fold 0 collects all clips.
#include <torch/torch.h>  // first: Qt's `slots` macro (in tests) breaks LibTorch's headers

#include "data/FrameCacheReader.h"
#include "eval/CacheEmbedding.h"
#include "eval/Evaluator.h"
#include "model/AudioEncoder.h"
#include "model/ClipTextEmbedder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace soundframe::test {

struct OracleFold {
    double top1 = 0;  // percent
    double top5 = 0;
    int clips = 0;
};

inline std::vector<double> unitVector(const torch::Tensor& row)
{
    std::vector<double> v(size_t(row.numel()));
    double norm = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        v[i] = row[int64_t(i)].item<double>();
        norm += v[i] * v[i];
    }
    for (auto& x : v)
        x /= std::sqrt(norm);
    return v;
}

inline std::map<int, OracleFold> zeroShotOracle(const std::filesystem::path& cacheDir,
                                                const std::filesystem::path& encoderDir,
                                                const std::filesystem::path& clipDir,
                                                const std::vector<std::string>& templates)
{
    const FrameCacheReader cache(cacheDir);
    auto encoder = loadAudioEncoder(encoderDir, torch::kCPU);
    const auto audio = embedCachedAudio(encoder, cache, torch::kCPU);
    const ClipTextEmbedder text(clipDir, torch::kCPU);

    std::set<std::string> names;
    for (size_t i = 0; i < cache.size(); ++i)
        for (const auto& l : cache.record(i).labels)
            names.insert(l);
    std::vector<std::vector<double>> classes;
    for (const auto& name : names) {
        std::vector<double> sum;
        for (const auto& t : templates) {
            const auto u = unitVector(text.embed({Evaluator::fillPrompt(t, name)})[0]);
            sum.resize(u.size(), 0.0);
            for (size_t d = 0; d < u.size(); ++d)
                sum[d] += u[d] / double(templates.size());
        }
        classes.push_back(unitVector(torch::tensor(sum)));
    }
    const std::vector<std::string> classNames(names.begin(), names.end());

    std::map<int, OracleFold> folds;
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto& labels = cache.record(i).labels;
        if (labels.empty())
            continue;
        const auto a = unitVector(audio[int64_t(i)]);
        std::vector<std::pair<double, size_t>> sims;
        for (size_t c = 0; c < classes.size(); ++c) {
            double dot = 0;
            for (size_t d = 0; d < a.size(); ++d)
                dot += a[d] * classes[c][d];
            sims.push_back({-dot, c});
        }
        std::sort(sims.begin(), sims.end());
        auto isLabel = [&](size_t c) { return std::count(labels.begin(), labels.end(), classNames[c]) > 0; };
        bool hit5 = false;
        for (size_t r = 0; r < std::min<size_t>(5, sims.size()); ++r)
            hit5 = hit5 || isLabel(sims[r].second);
        const int fold = cache.record(i).fold;
        for (auto* f : {&folds[0], fold > 0 ? &folds[fold] : nullptr})
            if (f) {
                f->top1 += isLabel(sims[0].second) ? 1 : 0;
                f->top5 += hit5 ? 1 : 0;
                ++f->clips;
            }
    }
    for (auto& [fold, f] : folds) {
        f.top1 *= 100.0 / f.clips;
        f.top5 *= 100.0 / f.clips;
    }
    return folds;
}

} // namespace soundframe::test
