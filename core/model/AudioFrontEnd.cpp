#include "AudioFrontEnd.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

AudioFrontEnd::AudioFrontEnd(const AudioEncoderConfig& config)
    : m_options(config.logMel),
      m_clipSamples(std::llround(config.clipSeconds * config.logMel.sampleRate)),
      m_logMel(config.logMel)
{
}

int64_t AudioFrontEnd::clipFrames() const { return m_logMel->frameCount(m_clipSamples); }

torch::Tensor AudioFrontEnd::waveforms(const std::vector<torch::Tensor>& clips, const torch::Device& device) const
{
    auto batch = torch::zeros({int64_t(clips.size()), m_clipSamples}, torch::kFloat32);
    for (size_t i = 0; i < clips.size(); ++i) {
        const auto& audio = clips[i];
        if (!audio.defined() || audio.dim() != 1)
            throw Error("audio front end: clip " + std::to_string(i) + " is not a 1-D waveform");
        const int64_t n = std::min(audio.numel(), m_clipSamples);
        batch[int64_t(i)].slice(0, 0, n).copy_(audio.slice(0, 0, n));
    }
    return batch.to(device);
}

torch::Tensor AudioFrontEnd::logMel(const std::vector<torch::Tensor>& clips, const torch::Device& device) const
{
    // Clip by clip: over a batch, LibTorch's vectorised loops end in a scalar tail that rounds the
    // last values differently, so a clip's log-mel would depend on where it sits in its batch. One at
    // a time it is the same in every batch (LogMelCache relies on it), and no slower.
    const auto batch = waveforms(clips, device);
    std::vector<torch::Tensor> each;
    for (int64_t i = 0; i < batch.size(0); ++i)
        each.push_back(m_logMel->forward(batch.narrow(0, i, 1)));
    return torch::cat(each);
}

std::pair<int64_t, int64_t> AudioFrontEnd::frameRange(int64_t sampleBegin, int64_t sampleEnd) const
{
    // Centred frames: frame f is centred on sample f * hop.
    const double hop = m_options.hopLength;
    const int64_t frames = clipFrames();
    int64_t begin = std::clamp<int64_t>(int64_t(std::ceil(double(sampleBegin) / hop)), 0, frames - 1);
    int64_t end = std::clamp<int64_t>(int64_t(std::ceil(double(sampleEnd) / hop)), begin + 1, frames);
    return {begin, end};
}

} // namespace soundframe
