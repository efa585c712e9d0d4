#pragma once
// TagPairing: the audio tagging stage ("tag", before stage 1) as a pairing — each clip's audio with
// its class labels, trained with AudioTagTargets' cross-entropy instead of InfoNCE. The head learns
// with f (checkpoints keep it as "tag_head.*"); the finished run writes RUN/tag-classes.json.
// Clips without labels cannot train. Validation: tagging/top1.
#include "AudioTagTargets.h"
#include "ClipPairing.h"

namespace soundframe {

class TagPairing : public ClipPairing {
public:
    // Embeds into the joint space (the cached frames', else the text tower's of `clipDir`), so stage 1
    // can start from this run's encoder.
    explicit TagPairing(const PairingContext& context);
    int targetDim() const override { return m_targetDim; }
    bool usable(size_t row) const override { return m_tags.labelled(row); }
    Pairs pair(const PairingBatch& batch, AudioEncoder& encoder) override;
    torch::Tensor loss(const Pairs& pairs, InfoNceLoss& infoNce) const override;
    NamedTensors namedParameters() const override { return m_tags.namedParameters(); }
    void validate(const torch::Tensor& audio, const FrameCacheReader& val, TrainMetrics& metrics) const override;
    void saveExtras(const std::filesystem::path& runDir) const override;

private:
    int m_targetDim;
    AudioTagTargets m_tags;
};

} // namespace soundframe
