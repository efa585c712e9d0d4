#include "ClipImageEmbedder.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace soundframe {

namespace {
uint64_t fnv1a(const std::string& bytes, uint64_t hash = 1469598103934665603ull)
{
    for (unsigned char c : bytes)
        hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

std::string readPrefix(const std::filesystem::path& file, size_t limit)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot open");
    std::string bytes(limit, '\0');
    in.read(bytes.data(), std::streamsize(limit));
    bytes.resize(size_t(in.gcount()));
    return bytes;
}
} // namespace

std::string ClipImageEmbedder::fingerprint(const std::filesystem::path& clipDir)
{
    // The safetensors header lists every tensor's name, shape and offset: with the config it tells
    // checkpoints apart without hashing gigabytes of weights.
    const auto weights = clipDir / "model.safetensors";
    uint64_t hash = fnv1a(readPrefix(clipDir / "config.json", 1 << 20));
    hash = fnv1a(readPrefix(weights, 1 << 20), hash);
    hash = fnv1a(std::to_string(std::filesystem::file_size(weights)), hash);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    const auto name = std::filesystem::absolute(clipDir).lexically_normal().filename().string();
    return "clip:" + (name.empty() ? std::filesystem::absolute(clipDir).parent_path().filename().string() : name)
        + " " + hex;
}

ClipImageEmbedder::ClipImageEmbedder(const std::filesystem::path& clipDir, const torch::Device& device, int batchSize)
    : m_model(ClipModel::load(clipDir, device)),
      m_preprocessor(ClipImagePreprocessor::fromDirectory(clipDir, m_model->config().vision.imageSize)),
      m_device(device),
      m_batchSize(std::max(1, batchSize)),
      m_identity(fingerprint(clipDir))
{
}

int ClipImageEmbedder::embeddingDim() const { return m_model->config().projectionDim; }

torch::Tensor ClipImageEmbedder::embed(const std::vector<RgbImage>& frames)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < frames.size(); begin += size_t(m_batchSize)) {
        const auto end = std::min(frames.size(), begin + size_t(m_batchSize));
        const std::vector<RgbImage> chunk(frames.begin() + long(begin), frames.begin() + long(end));
        parts.push_back(m_model->imageFeatures(m_preprocessor.process(chunk).to(m_device)).to(torch::kCPU));
    }
    if (parts.empty())
        return torch::zeros({0, embeddingDim()});
    return torch::cat(parts, 0);
}

} // namespace soundframe
