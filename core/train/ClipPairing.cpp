#include "ClipPairing.h"

#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"

#include <torch/torch.h>

namespace soundframe {

torch::Tensor ClipPairing::loss(const Pairs& pairs, InfoNceLoss& infoNce) const
{
    return infoNce(pairs.audio, pairs.target, pairs.groups);
}

Pairs ClipPairing::pairWithFrames(const PairingBatch& batch, AudioEncoder& encoder, std::vector<int64_t> frames,
                                  const torch::Device& device)
{
    std::vector<torch::Tensor> chosen;
    for (size_t i = 0; i < batch.clips.size(); ++i)
        chosen.push_back(batch.clips[i].frameEmbeddings[frames[i]]);
    Pairs p;
    p.audio = encoder->forward(batch.logMel, batch.frozen);
    p.target = torch::stack(chosen, 0).to(device);
    p.frameChoices = std::move(frames);
    return p;
}

void ClipPairing::validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const
{
    if (!val.settings().withFrames)
        return;
    EvaluationEmbeddings e;
    e.audio = audio;
    e.images = middleFrameEmbeddings(val);
    addRecalls(e, metrics);
}

void ClipPairing::addRecalls(const EvaluationEmbeddings& e, TrainMetrics& metrics)
{
    const auto report = evaluateRetrieval(e);
    for (const auto& direction : RetrievalReport::directionOrder())
        if (report.has(direction)) {
            const auto& s = report.get(direction);
            metrics.validation[direction + "/R@1"] = s.recallAt1;
            metrics.validation[direction + "/R@10"] = s.recallAt10;
        }
}

} // namespace soundframe
