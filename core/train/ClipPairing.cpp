#include "ClipPairing.h"

#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"

namespace soundframe {

torch::Tensor ClipPairing::loss(const Pairs& pairs, InfoNceLoss& infoNce) const
{
    return infoNce(pairs.audio, pairs.target, pairs.groups);
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
