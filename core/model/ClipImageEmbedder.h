#pragma once
// ClipImageEmbedder: a CLIP checkpoint's image tower as the frozen g of `prepare`.
//
//   ClipImageEmbedder g("models/clip-vit-base-patch32", parseComputeDevice("cpu"));
//   torch::Tensor e = g.embed(frames);   // [N, projection_dim], CPU, unnormalised
//
// identity() names the folder and fingerprints its config.json and weights header, so a cache
// prepared with one checkpoint is never extended with another.
#include "ClipImagePreprocessor.h"
#include "ClipModel.h"
#include "ImageEmbedder.h"

#include <filesystem>

namespace soundframe {

class ClipImageEmbedder : public ImageEmbedder {
public:
    ClipImageEmbedder(const std::filesystem::path& clipDir, const torch::Device& device, int batchSize = 64);

    int inputSize() const override { return m_preprocessor.outputSize(); }
    int embeddingDim() const override;
    std::string identity() const override { return m_identity; }
    torch::Tensor embed(const std::vector<RgbImage>& frames) override;

    ClipModel model() const { return m_model; }
    // "clip:<folder name> <16 hex digits>" from config.json and the safetensors header.
    static std::string fingerprint(const std::filesystem::path& clipDir);

private:
    ClipModel m_model;
    ClipImagePreprocessor m_preprocessor;
    torch::Device m_device;
    int m_batchSize;
    std::string m_identity;
};

} // namespace soundframe
