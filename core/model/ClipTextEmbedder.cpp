#include "ClipTextEmbedder.h"

#include <torch/torch.h>

namespace soundframe {

ClipTextEmbedder::ClipTextEmbedder(const std::filesystem::path& clipDir, const torch::Device& device, int batchSize)
    : ClipTextEmbedder(ClipModel::load(clipDir, device), ClipTokenizer::fromDirectory(clipDir), batchSize)
{
}

ClipTextEmbedder::ClipTextEmbedder(ClipModel model, ClipTokenizer tokenizer, int batchSize)
    : m_model(std::move(model)), m_tokenizer(std::move(tokenizer)), m_batchSize(std::max(1, batchSize))
{
}

torch::Tensor ClipTextEmbedder::tokenIds(const std::vector<std::string>& texts) const
{
    const int context = m_model->config().text.maxPositionEmbeddings;
    auto ids = torch::empty({int64_t(texts.size()), context}, torch::kInt64);
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto row = m_tokenizer.tokenize(texts[i], context);
        ids[int64_t(i)] = torch::tensor(row, torch::kInt64);
    }
    return ids.to(m_model->device());
}

torch::Tensor ClipTextEmbedder::embed(const std::vector<std::string>& texts) const
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < texts.size(); begin += size_t(m_batchSize)) {
        const auto end = std::min(texts.size(), begin + size_t(m_batchSize));
        const std::vector<std::string> chunk(texts.begin() + long(begin), texts.begin() + long(end));
        parts.push_back(m_model->textFeatures(tokenIds(chunk)).to(torch::kCPU));
    }
    if (parts.empty())
        return torch::zeros({0, m_model->config().projectionDim});
    return torch::cat(parts, 0);
}

} // namespace soundframe
