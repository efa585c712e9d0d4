#include "CacheEmbedding.h"

#include "base/Error.h"
#include "model/AudioFrontEnd.h"

#include <torch/torch.h>

namespace soundframe {

torch::Tensor embedCachedAudio(AudioEncoder& encoder, const FrameCacheReader& cache, const torch::Device& device,
                               int batchSize)
{
    const AudioFrontEnd front(encoder->config());
    return embedCachedAudio(
        encoder, cache,
        [&](const std::vector<int64_t>&, const std::vector<torch::Tensor>& audio) {
            return EncoderInput{front.logMel(audio, device), {}};
        },
        batchSize);
}

torch::Tensor embedCachedAudio(AudioEncoder& encoder, const FrameCacheReader& cache, const EncoderInputFor& inputFor,
                               int batchSize)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = encoder->is_training();
    encoder->eval();
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < cache.size(); begin += size_t(batchSize)) {
        std::vector<int64_t> rows;
        std::vector<torch::Tensor> audio;
        for (size_t i = begin; i < std::min(cache.size(), begin + size_t(batchSize)); ++i) {
            rows.push_back(int64_t(i));
            audio.push_back(cache.load(i).audio);
        }
        const EncoderInput input = inputFor(rows, audio);
        parts.push_back(encoder->forward(input.logMel, input.frozen).to(torch::kCPU));
    }
    encoder->train(wasTraining);
    if (parts.empty())
        return torch::zeros({0, encoder->config().embedDim});
    return torch::cat(parts, 0);
}

std::vector<torch::Tensor> clipFrameEmbeddings(const FrameCacheReader& cache)
{
    if (!cache.settings().withFrames)
        throw Error("this cache holds no frames (prepared audio-only)");
    std::vector<torch::Tensor> clips;
    for (size_t i = 0; i < cache.size(); ++i)
        clips.push_back(cache.load(i).frameEmbeddings);
    return clips;
}

torch::Tensor middleFrameEmbeddings(const FrameCacheReader& cache)
{
    if (!cache.settings().withFrames)
        throw Error("this cache holds no frames (prepared audio-only)");
    std::vector<torch::Tensor> rows;
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto frames = cache.load(i).frameEmbeddings;
        rows.push_back(frames[frames.size(0) / 2]);
    }
    if (rows.empty())
        return torch::zeros({0, cache.settings().embeddingDim});
    return torch::stack(rows, 0);
}

std::pair<std::vector<std::string>, std::vector<int64_t>> cacheCaptions(const FrameCacheReader& cache)
{
    std::vector<std::string> texts;
    std::vector<int64_t> owner;
    for (size_t i = 0; i < cache.size(); ++i)
        for (const auto& caption : cache.record(i).captions) {
            texts.push_back(caption);
            owner.push_back(int64_t(i));
        }
    return {texts, owner};
}

} // namespace soundframe
