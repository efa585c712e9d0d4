#include "ClipAlignment.h"

#include "UnitRows.h"
#include "NearestFrame.h"
#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "model/AudioFrontEnd.h"

#include <torch/torch.h>

#include <cmath>

namespace soundframe {

ClipAlignment computeClipAlignment(AudioEncoder& encoder, const CachedClip& clip, double segmentSeconds,
                                   const torch::Device& device)
{
    const auto& config = encoder->config();
    if (!clip.frameEmbeddings.defined() || clip.frameEmbeddings.dim() != 2 || clip.frameEmbeddings.size(0) == 0)
        throw Error(clip.clip.id, "the clip has no frame embeddings (audio-only cache)");
    if (clip.frameEmbeddings.size(1) != config.embedDim)
        throw Error(clip.clip.id, "the frame embeddings have " + std::to_string(clip.frameEmbeddings.size(1))
                                      + " dimensions but the audio encoder embeds into " + std::to_string(config.embedDim));
    torch::NoGradGuard noGrad;
    const bool wasTraining = encoder->is_training();
    encoder->eval();
    const AudioFrontEnd front(config);
    const auto frames = unitRows(clip.frameEmbeddings.to(torch::kCPU));
    const int L = int(frames.size(0));
    const auto logMel = front.logMel({clip.audio}, device);
    const auto audio = unitRows(encoder->forward(logMel).to(torch::kCPU))[0];
    const auto audioToFrame = torch::matmul(frames, audio);  // [L]

    if (segmentSeconds <= 0)
        segmentSeconds = 1.0;
    const int rate = config.logMel.sampleRate;
    const int64_t segmentLength = std::max<int64_t>(1, std::llround(segmentSeconds * rate));
    const int64_t clipLength = std::max<int64_t>(1, std::min<int64_t>(clip.audio.numel(), front.clipSamples()));
    const ClipTimeline timeline(SampleTime{0, rate}, SampleTime{clipLength, rate}, L);
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (int l = 0; l < L; ++l) {
        const auto [begin, end] = timeline.segmentSamples(l, segmentLength);
        ranges.push_back(front.frameRange(begin, end));
    }
    const auto segments = encoder->forwardSegments(logMel, ranges)[0].to(torch::kCPU);
    const auto segmentToFrame = torch::matmul(unitRows(segments), frames.t()).contiguous();  // [L, L]
    encoder->train(wasTraining);

    ClipAlignment out;
    const auto a2f = audioToFrame.to(torch::kFloat64).contiguous();
    out.audioToFrame.assign(a2f.data_ptr<double>(), a2f.data_ptr<double>() + L);
    const auto s2f = segmentToFrame.to(torch::kFloat64).contiguous();
    for (int l = 0; l < L; ++l)
        out.segmentToFrame.emplace_back(s2f.data_ptr<double>() + int64_t(l) * L, s2f.data_ptr<double>() + int64_t(l + 1) * L);
    out.argmaxFrame = int(nearestFrame(audio, frames));
    return out;
}

} // namespace soundframe
