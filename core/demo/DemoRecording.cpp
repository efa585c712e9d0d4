#include "DemoRecording.h"

#include "base/Error.h"
#include "media/AudioDecoder.h"

#include <algorithm>
#include <cmath>

namespace soundframe {

std::vector<float> DemoRecording::excerpt(double offsetSeconds, double seconds, double speed, double gainDb, int rate) const
{
    const size_t n = size_t(std::max(1.0, std::round(seconds * rate)));
    std::vector<float> out(n);
    const double begin = offsetSeconds * rate;
    float peak = 0;
    for (size_t j = 0; j < n; ++j) {
        const double at = begin + double(j) * speed;
        const size_t i = size_t(at);
        const double frac = at - double(i);
        const float a = i < samples.size() ? samples[i] : 0.f;
        const float b = i + 1 < samples.size() ? samples[i + 1] : 0.f;
        out[j] = float(a + (b - a) * frac);
        peak = std::max(peak, std::fabs(out[j]));
    }
    const double gain = peak > 0 ? 0.5 / peak * std::pow(10.0, gainDb / 20) : 0;
    const size_t fade = std::min(n / 2, size_t(rate / 100));
    for (size_t j = 0; j < n; ++j) {
        double g = gain;
        if (j < fade)
            g *= double(j) / fade;
        if (n - 1 - j < fade)
            g *= double(n - 1 - j) / fade;
        out[j] = float(out[j] * g);
    }
    return out;
}

DemoRecording DemoRecording::load(const std::filesystem::path& path, int rate)
{
    AudioDecodeOptions options;
    options.targetRate = rate;
    std::vector<float> samples = decodeAudio(path, options).samples;
    const size_t window = size_t(std::max(1, rate / 100));
    std::vector<double> rms;
    for (size_t at = 0; at < samples.size(); at += window) {
        double sum = 0;
        const size_t end = std::min(samples.size(), at + window);
        for (size_t j = at; j < end; ++j)
            sum += double(samples[j]) * samples[j];
        rms.push_back(std::sqrt(sum / double(end - at)));
    }
    const double loudest = rms.empty() ? 0 : *std::max_element(rms.begin(), rms.end());
    if (loudest < 1e-4)
        throw Error(path, "silent");
    const double threshold = std::max(1e-3, 0.05 * loudest);
    size_t first = 0, last = rms.size();
    while (first < last && rms[first] < threshold)
        ++first;
    while (last > first && rms[last - 1] < threshold)
        --last;
    DemoRecording recording;
    recording.path = path;
    recording.samples.assign(samples.begin() + std::ptrdiff_t(first * window),
                             samples.begin() + std::ptrdiff_t(std::min(samples.size(), last * window)));
    if (recording.samples.size() < window * 5)
        throw Error(path, "shorter than 50 ms of sound");
    return recording;
}

} // namespace soundframe
