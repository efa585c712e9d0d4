#include "CaptionPairing.h"

#include "EpochPlan.h"
#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"

#include <torch/torch.h>

namespace soundframe {

CaptionPairing::CaptionPairing(const PairingContext& context)
    : m_seed(uint64_t(context.config.seed)),
      m_learningRateScale(context.config.textLearningRate / context.config.learningRate),
      m_clipDir(context.config.clipDir), m_device(context.device)
{
    const auto& c = context.config;
    m_embedder.emplace(c.clipDir, context.device);
    auto model = m_embedder->model();
    for (auto& p : model->parameters())
        p.set_requires_grad(false);
    if (c.textTowerTrainableBlocks > 0) {
        // The last k encoder blocks, the final norm and the projection learn; the rest stays frozen.
        const auto layers = int(model->config().text.numHiddenLayers);
        const int first = std::max(0, layers - c.textTowerTrainableBlocks);
        for (const auto& item : model->named_parameters()) {
            const auto& name = item.key();
            auto p = item.value();
            bool open = name.rfind("text_model.final_layer_norm", 0) == 0 || name.rfind("text_projection", 0) == 0;
            for (int l = first; l < layers; ++l)
                open = open || name.rfind("text_model.encoder.layers." + std::to_string(l) + ".", 0) == 0;
            if (open) {
                p.set_requires_grad(true);
                m_trainable.emplace_back("text." + name, p);
            }
        }
    }
    const auto& cache = context.cache;
    m_captionRows.resize(cache.size());
    for (size_t i = 0; i < cache.size(); ++i)
        for (const auto& caption : cache.record(i).captions) {
            m_captionRows[i].push_back(int64_t(m_texts.size()));
            m_texts.push_back(caption);
        }
    if (m_trainable.empty())
        m_frozen = m_embedder->embed(m_texts);
}

int CaptionPairing::targetDim() const
{
    return int(m_embedder->model()->config().projectionDim);
}

Pairs CaptionPairing::pair(const PairingBatch& batch, AudioEncoder& encoder)
{
    std::vector<int64_t> rows;  // of m_texts
    for (int64_t clip : batch.rows) {
        const auto& captions = m_captionRows[size_t(clip)];
        rows.push_back(captions[size_t(
            EpochPlan::draw(m_seed, batch.epoch, clip, EpochPlan::kCaptionSalt, int64_t(captions.size())))]);
    }
    Pairs p;
    p.audio = encoder->forward(batch.logMel, batch.frozen);
    if (m_frozen.defined()) {
        p.target = m_frozen.index_select(0, torch::tensor(rows, torch::kInt64)).to(m_device);
    } else {
        std::vector<std::string> texts;
        for (auto r : rows)
            texts.push_back(m_texts[size_t(r)]);
        p.target = m_embedder->model()->textFeatures(m_embedder->tokenIds(texts));
    }
    return p;
}

void CaptionPairing::validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const
{
    EvaluationEmbeddings e;
    e.audio = audio;
    if (val.settings().withFrames)
        e.images = middleFrameEmbeddings(val);
    auto [texts, owner] = cacheCaptions(val);
    e.captions = m_embedder->embed(texts);
    e.captionClip = owner;
    addRecalls(e, metrics);
}

void CaptionPairing::saveExtras(const std::filesystem::path& runDir) const
{
    if (!m_trainable.empty())
        m_embedder->model()->save(runDir / "clip", m_clipDir);
}

} // namespace soundframe
