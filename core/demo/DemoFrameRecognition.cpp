#include "DemoFrameRecognition.h"

#include "eval/RetrievalEvaluation.h"

#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace soundframe {

FrameRecognition DemoFrameRecognition::measure(const FrameCacheReader& cache, const ClipTextEmbedder& text)
{
    std::vector<torch::Tensor> frames;
    std::vector<std::string> frameLabel;
    std::set<std::string> names;
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto& events = cache.record(i).events;
        std::vector<std::set<std::string>> shown;
        for (const auto& e : events)
            for (int l : e.visibleFrames) {
                if (l < 0)
                    continue;
                if (size_t(l) >= shown.size())
                    shown.resize(size_t(l) + 1);
                shown[size_t(l)].insert(e.label);
                names.insert(e.label);
            }
        if (shown.empty())
            continue;
        const auto embeddings = cache.load(i).frameEmbeddings;
        for (size_t l = 0; l < shown.size() && int64_t(l) < embeddings.size(0); ++l)
            if (shown[l].size() == 1) {
                frames.push_back(embeddings[int64_t(l)]);
                frameLabel.push_back(*shown[l].begin());
            }
    }
    FrameRecognition r;
    r.classes = int64_t(names.size());
    r.frames = int64_t(frames.size());
    if (frames.empty())
        return r;
    const std::vector<std::string> classes(names.begin(), names.end());
    torch::NoGradGuard noGrad;
    const auto best = cosineSimilarity(torch::stack(frames), text.embed(classes).cpu()).argmax(1);
    int64_t correct = 0;
    for (size_t f = 0; f < frames.size(); ++f)
        correct += classes[size_t(best[int64_t(f)].item<int64_t>())] == frameLabel[f];
    r.accuracy = 100.0 * double(correct) / double(frames.size());
    return r;
}

} // namespace soundframe
