#include "AudioWindowEmbedder.h"

#include "base/Error.h"
#include "media/AudioDecoder.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"
#include "model/ComputeDevice.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace soundframe {

struct AudioWindowEmbedder::Model {
    Model(const std::filesystem::path& dir, const std::string& deviceName)
        : device(parseComputeDevice(deviceName)), encoder(loadAudioEncoder(dir, device)), front(encoder->config())
    {
    }
    torch::Device device;
    mutable AudioEncoder encoder;
    AudioFrontEnd front;

    std::vector<float> embed(const std::vector<torch::Tensor>& clips) const
    {
        torch::NoGradGuard noGrad;
        auto e = encoder->forward(front.logMel(clips, device)).to(torch::kCPU, torch::kFloat32);
        e = (e / e.norm(2, 1, true).clamp_min(1e-12)).contiguous();
        return std::vector<float>(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
    }
};

AudioWindowEmbedder::AudioWindowEmbedder(const std::filesystem::path& encoderDir, const std::string& device,
                                         double hopSeconds, int batchWindows)
    : m_model(std::make_unique<Model>(encoderDir, device)), m_batch(std::max(1, batchWindows))
{
    const double clip = clipSeconds();
    m_hop = hopSeconds > 0 ? hopSeconds : clip / 2;
}

AudioWindowEmbedder::~AudioWindowEmbedder() = default;

int AudioWindowEmbedder::dim() const { return m_model->encoder->config().embedDim; }
double AudioWindowEmbedder::clipSeconds() const { return m_model->encoder->config().clipSeconds; }

std::vector<double> AudioWindowEmbedder::windowStarts(double duration) const
{
    const double clip = clipSeconds();
    std::vector<double> starts{0.0};
    if (duration <= clip)
        return starts;
    const double lastFull = duration - clip;
    // Hop times are computed from the index, not accumulated, so they stay exact multiples.
    for (int64_t i = 1;; ++i) {
        const double t = double(i) * m_hop;
        if (t > lastFull + 1e-9)
            break;
        starts.push_back(t);
    }
    if (starts.back() < lastFull - 1e-6)
        starts.push_back(lastFull);
    return starts;
}

AudioWindowEmbedder::Decoded AudioWindowEmbedder::decode(const std::filesystem::path& file) const
{
    AudioDecodeOptions options;
    options.targetRate = m_model->encoder->config().logMel.sampleRate;
    DecodedAudio audio = decodeAudio(file, options);
    if (audio.samples.empty())
        throw Error(file, "no audio samples");
    Decoded d;
    d.samples = std::move(audio.samples);
    d.rate = audio.rate;
    return d;
}

AudioWindowEmbedder::Result AudioWindowEmbedder::embedFile(const std::filesystem::path& file) const
{
    const Decoded audio = decode(file);
    return std::move(embedDecoded({&audio}).front());
}

std::vector<AudioWindowEmbedder::Result> AudioWindowEmbedder::embedDecoded(const std::vector<const Decoded*>& files) const
{
    std::vector<Result> results(files.size());
    const double clip = clipSeconds();
    const int64_t clipSamples = m_model->front.clipSamples();
    std::vector<torch::Tensor> batch;
    std::vector<size_t> owners;  // which file each window of the batch belongs to
    const auto flush = [&] {
        if (batch.empty())
            return;
        const auto v = m_model->embed(batch);
        const size_t dim = v.size() / batch.size();
        for (size_t b = 0; b < batch.size(); ++b) {
            auto& vectors = results[owners[b]].vectors;
            vectors.insert(vectors.end(), v.begin() + std::ptrdiff_t(b * dim), v.begin() + std::ptrdiff_t((b + 1) * dim));
        }
        batch.clear();
        owners.clear();
    };
    for (size_t f = 0; f < files.size(); ++f) {
        const Decoded& audio = *files[f];
        Result& r = results[f];
        const int64_t n = int64_t(audio.samples.size());
        r.durationSeconds = double(n) / audio.rate;
        for (double start : windowStarts(r.durationSeconds)) {
            const int64_t begin = std::min<int64_t>(int64_t(std::llround(start * audio.rate)), n);
            const int64_t end = std::min<int64_t>(begin + clipSamples, n);
            batch.push_back(
                torch::from_blob(const_cast<float*>(audio.samples.data()) + begin, {end - begin}, torch::kFloat32).clone());
            owners.push_back(f);
            r.windows.push_back({0, start, std::min(start + clip, r.durationSeconds)});
            if (int(batch.size()) >= m_batch)
                flush();
        }
    }
    flush();
    return results;
}

std::vector<float> AudioWindowEmbedder::embedWindow(const std::filesystem::path& file, double startSeconds) const
{
    const Decoded audio = decode(file);
    const int64_t n = int64_t(audio.samples.size());
    const int64_t begin = std::clamp<int64_t>(int64_t(std::llround(startSeconds * audio.rate)), 0, n - 1);
    const int64_t end = std::min<int64_t>(begin + m_model->front.clipSamples(), n);
    return m_model->embed(
        {torch::from_blob(const_cast<float*>(audio.samples.data()) + begin, {end - begin}, torch::kFloat32).clone()});
}

} // namespace soundframe
