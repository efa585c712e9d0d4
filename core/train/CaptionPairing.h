#pragma once
// CaptionPairing: stage 2 [paper] — each clip's audio is paired with one of its captions, drawn by
// EpochPlan::draw(seed, epoch, clip, kCaptionSalt), embedded by the image-text model's text tower h.
// h is frozen (all captions embedded once), or its last `textTowerTrainableBlocks` blocks, final norm
// and projection learn at `textLearningRate` (then the finished run keeps the tower in RUN/clip).
// Clips without captions cannot train. Validation adds text<->audio recalls to the image ones.
#include "ClipPairing.h"
#include "model/ClipTextEmbedder.h"

#include <optional>

namespace soundframe {

class CaptionPairing : public ClipPairing {
public:
    explicit CaptionPairing(const PairingContext& context);
    int targetDim() const override;
    bool usable(size_t row) const override { return !m_captionRows.at(row).empty(); }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override;
    NamedTensors namedParameters() const override { return m_trainable; }
    double parameterLearningRateScale() const override { return m_learningRateScale; }
    void validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const override;
    void saveExtras(const std::filesystem::path& runDir) const override;

private:
    std::optional<ClipTextEmbedder> m_embedder;
    NamedTensors m_trainable;                          // "text.<name>" of the unfrozen tensors
    std::vector<std::vector<int64_t>> m_captionRows;   // per cache clip: rows of m_texts
    std::vector<std::string> m_texts;                  // every caption of the cache
    torch::Tensor m_frozen;                            // m_texts embedded once, when h is frozen
    uint64_t m_seed;
    double m_learningRateScale;
    std::string m_clipDir;
    torch::Device m_device;
};

} // namespace soundframe
