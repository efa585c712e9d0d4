#pragma once
// ClipTextEmbedder: captions to a CLIP checkpoint's text features, tokenised as CLIP does.
//
//   ClipTextEmbedder h("models/clip-vit-base-patch32", device);      // model + tokenizer files
//   torch::Tensor e = h.embed({"a dog barks", "rain on a roof"});   // [2, projection_dim], CPU
//
// Features are projected but unnormalised, computed without gradient, in batches.
#include "ClipModel.h"
#include "ClipTokenizer.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

class ClipTextEmbedder {
public:
    ClipTextEmbedder(const std::filesystem::path& clipDir, const torch::Device& device, int batchSize = 128);
    ClipTextEmbedder(ClipModel model, ClipTokenizer tokenizer, int batchSize = 128);

    // [N, projection_dim] on the CPU.
    torch::Tensor embed(const std::vector<std::string>& texts) const;
    // Token ids [N, context length] int64 for `texts`, on the model's device.
    torch::Tensor tokenIds(const std::vector<std::string>& texts) const;
    ClipModel model() const { return m_model; }
    const ClipTokenizer& tokenizer() const { return m_tokenizer; }

private:
    mutable ClipModel m_model;  // LibTorch forward passes are non-const; embedding changes no state
    ClipTokenizer m_tokenizer;
    int m_batchSize;
};

} // namespace soundframe
