#pragma once
// Embeddings of a prepared cache's clips, as evaluation and validation need them.
//
//   torch::Tensor a = embedCachedAudio(encoder, cache, device);   // [N, D]: f(whole clip)
//   torch::Tensor i = middleFrameEmbeddings(cache);                // [N, D]: g(middle frame)
//   std::vector<torch::Tensor> f = clipFrameEmbeddings(cache);     // N x [L, D]: every frame
//   auto [texts, owner] = cacheCaptions(cache);                    // every caption, and its clip
//
// All results are CPU float32, unnormalised. embedCachedAudio runs the encoder in eval mode
// without gradient and restores the mode it found. Its second form takes each batch's input from
// the caller: training keeps the held-out clips' inputs across epochs (train/HeldOutEmbedding).
#include "data/FrameCacheReader.h"
#include "model/AudioEncoder.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

torch::Tensor embedCachedAudio(AudioEncoder& encoder, const FrameCacheReader& cache, const torch::Device& device,
                               int batchSize = 32);
// The encoder's input for a batch of clips: their log-mel, and what the frozen blocks make of it
// (undefined: the encoder computes it).
struct EncoderInput {
    torch::Tensor logMel;
    torch::Tensor frozen;
};
// The input of cache rows `rows`, whose waveforms are `audio`.
using EncoderInputFor = std::function<EncoderInput(const std::vector<int64_t>& rows, const std::vector<torch::Tensor>& audio)>;
torch::Tensor embedCachedAudio(AudioEncoder& encoder, const FrameCacheReader& cache, const EncoderInputFor& inputFor,
                               int batchSize = 32);
// Frame floor(L / 2) of each clip: the evaluation image of the protocol (docs/method.md).
torch::Tensor middleFrameEmbeddings(const FrameCacheReader& cache);
// All frames of each clip (Error for an audio-only cache).
std::vector<torch::Tensor> clipFrameEmbeddings(const FrameCacheReader& cache);
std::pair<std::vector<std::string>, std::vector<int64_t>> cacheCaptions(const FrameCacheReader& cache);

} // namespace soundframe
