#pragma once
// AudioFrontEnd: clips' waveforms to the log-mel batch an AudioEncoder takes, at the fixed clip
// length of its config, and the mapping from audio samples to log-mel frames.
//
//   AudioFrontEnd front(encoder->config());
//   torch::Tensor logmel = front.logMel({clipA.audio, clipB.audio}, device);  // [2, n_mels, frames]
//   auto range = front.frameRange(16000, 32000);        // log-mel frames covering samples [16000, 32000)
//
// Every clip is cut or zero-padded at its end to round(clipSeconds * sampleRate) samples, so clip
// starts stay aligned with their frame times. Each clip's log-mel is computed on its own, so it is
// the same bit for bit whatever batch it comes in. Used by training, evaluation and search alike.
#include "AudioEncoderConfig.h"
#include "media/LogMelSpectrogram.h"

#include <utility>
#include <vector>

namespace soundframe {

class AudioFrontEnd {
public:
    explicit AudioFrontEnd(const AudioEncoderConfig& config);

    int64_t clipSamples() const { return m_clipSamples; }
    int64_t clipFrames() const;
    // [B, clipSamples] float32 on `device`.
    torch::Tensor waveforms(const std::vector<torch::Tensor>& clips, const torch::Device& device) const;
    torch::Tensor logMel(const std::vector<torch::Tensor>& clips, const torch::Device& device) const;
    // Log-mel frames [begin, end) whose centres fall in samples [sampleBegin, sampleEnd) of a clip,
    // never empty and within the clip's frames.
    std::pair<int64_t, int64_t> frameRange(int64_t sampleBegin, int64_t sampleEnd) const;

private:
    LogMelOptions m_options;
    int64_t m_clipSamples;
    mutable LogMelSpectrogram m_logMel;
};

} // namespace soundframe
