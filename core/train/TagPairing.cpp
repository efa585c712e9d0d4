#include "TagPairing.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "model/ClipTextEmbedder.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

namespace soundframe {

namespace {
int jointDim(const PairingContext& context)
{
    if (context.cache.settings().withFrames)
        return context.cache.settings().embeddingDim;
    if (context.config.clipDir.empty())
        throw Error(context.config.trainCache,
                    "an audio-only cache: name the image-text model (clip_dir) to size the embedding");
    return int(ClipTextEmbedder(context.config.clipDir, context.device).model()->config().projectionDim);
}

// Seeds torch before the head is built: its initialisation must be equal on every rank and in every
// run of a seed.
int seededJointDim(const PairingContext& context)
{
    const int dim = jointDim(context);
    torch::manual_seed(uint64_t(context.config.seed));
    return dim;
}
} // namespace

TagPairing::TagPairing(const PairingContext& context)
    : m_targetDim(seededJointDim(context)),
      m_tags(context.cache, context.config.trainCache, m_targetDim, context.device)
{
}

Pairs TagPairing::pair(const PairingBatch& batch, AudioEncoder& encoder)
{
    Pairs p;
    p.audio = encoder->forward(batch.logMel, batch.frozen);
    p.target = m_tags.targets(batch.rows);
    return p;
}

torch::Tensor TagPairing::loss(const Pairs& pairs, InfoNceLoss& /*infoNce*/) const
{
    return m_tags.loss(pairs.audio, pairs.target);
}

void TagPairing::validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const
{
    metrics.validation["tagging/top1"] = m_tags.topOneAccuracy(audio, val);
}

void TagPairing::saveExtras(const std::filesystem::path& runDir) const
{
    writeFileAtomically(runDir / "tag-classes.json", nlohmann::json(m_tags.classes()).dump(1) + "\n");
}

} // namespace soundframe
