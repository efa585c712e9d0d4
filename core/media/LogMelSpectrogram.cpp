#include "LogMelSpectrogram.h"

#include "MelScale.h"
#include "base/Error.h"
#include "base/ShapeText.h"

#include <torch/torch.h>

#include <cmath>
#include <string>

namespace soundframe {

namespace {
const std::string kWhere = "LogMelSpectrogram";


// Both tables are computed in float32 with torch's own ops in torch's order (as torch.hann_window
// and torchaudio.functional.melscale_fbanks do), so the features match torchaudio's to the
// float32 rounding, not merely to the formula: a float64 table differs from torchaudio's by
// ~1e-5, which log(x + 1e-6) turns into ~1e-4 in quiet bands.

// Periodic Hann: 0.5 - 0.5 cos(2 pi n / N), n = 0..N-1.
torch::Tensor periodicHann(int length)
{
    return torch::arange(length + 1, torch::kFloat32)
        .mul_(2.0 * M_PI / double(length))
        .cos_()
        .mul_(-0.5)
        .add_(0.5)
        .narrow(0, 0, length)
        .contiguous();
}

// HTK mel triangles without normalisation: [nFft / 2 + 1, nMels]. The frequency axis is
// linspace(0, sampleRate / 2 with integer division, nFft / 2 + 1), as torchaudio has it.
torch::Tensor htkMelFilterbank(const LogMelOptions& o)
{
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const int64_t nFreqs = o.nFft / 2 + 1;
    const auto freqs = torch::linspace(0.0, double(o.sampleRate / 2), nFreqs, f32);
    const auto mels = torch::linspace(hzToMel(o.fMin), hzToMel(o.fMax), o.nMels + 2, f32);
    const auto edges = torch::pow(10.0, mels / 2595.0).sub(1.0).mul(700.0);  // mel -> Hz
    const auto widths = edges.slice(0, 1) - edges.slice(0, 0, -1);
    const auto slopes = edges.unsqueeze(0) - freqs.unsqueeze(1);               // [nFreqs, nMels + 2]
    const auto down = (-1.0 * slopes.slice(1, 0, -2)) / widths.slice(0, 0, -1);
    const auto up = slopes.slice(1, 2) / widths.slice(0, 1);
    return torch::max(torch::zeros({1}, f32), torch::min(down, up)).contiguous();
}

} // namespace

void validateLogMelOptions(const LogMelOptions& o)
{
    const auto fail = [](const std::string& reason) { throw Error(std::string("LogMelOptions"), reason); };
    if (o.sampleRate <= 0 || o.sampleRate > 1000000)
        fail("sampleRate " + std::to_string(o.sampleRate) + " Hz is outside 1..1000000");
    if (o.nFft < 2 || o.nFft > (1 << 20))
        fail("nFft " + std::to_string(o.nFft) + " is outside 2..1048576");
    if (o.winLength < 1 || o.winLength > o.nFft)
        fail("winLength " + std::to_string(o.winLength) + " must be in 1..nFft (" + std::to_string(o.nFft) + ")");
    if (o.hopLength < 1)
        fail("hopLength must be >= 1, got " + std::to_string(o.hopLength));
    if (o.nMels < 1)
        fail("nMels must be >= 1, got " + std::to_string(o.nMels));
    if (!(o.fMin >= 0) || !(o.fMin < o.fMax))
        fail("need 0 <= fMin < fMax, got fMin " + std::to_string(o.fMin) + ", fMax " + std::to_string(o.fMax));
    if (o.fMax > o.sampleRate / 2.0)
        fail("fMax " + std::to_string(o.fMax) + " Hz exceeds half the sample rate ("
             + std::to_string(o.sampleRate / 2.0) + " Hz)");
    if (!(o.logOffset > 0) || !std::isfinite(o.logOffset))
        fail("logOffset must be a positive number, got " + std::to_string(o.logOffset));
}

LogMelSpectrogramImpl::LogMelSpectrogramImpl(const LogMelOptions& options)
    : m_options((validateLogMelOptions(options), options)),
      m_window(periodicHann(options.winLength)),
      m_filterbank(htkMelFilterbank(options)),
      m_deviceWindow(m_window),
      m_deviceFilterbank(m_filterbank)
{
}

int64_t LogMelSpectrogramImpl::frameCount(int64_t samples) const
{
    return samples / m_options.hopLength + 1;
}

torch::Tensor LogMelSpectrogramImpl::forward(const torch::Tensor& waveform)
{
    if (!waveform.defined() || (waveform.dim() != 1 && waveform.dim() != 2))
        throw Error(kWhere, "expects a waveform [T] or [B, T], got "
                                + (waveform.defined() ? shapeText(waveform.sizes()) : std::string("an undefined tensor")));
    if (!waveform.is_floating_point())
        throw Error(kWhere, "expects floating-point samples");
    const int64_t samples = waveform.size(-1);
    if (samples <= m_options.nFft / 2)
        throw Error(kWhere, "a waveform of " + std::to_string(samples) + " samples is too short: reflect padding "
                                "needs more than nFft / 2 = " + std::to_string(m_options.nFft / 2));

    const auto x = waveform.scalar_type() == torch::kFloat64 ? waveform : waveform.to(torch::kFloat32);
    // Copied only when the input moves to another device or dtype: CPU float32 calls never write.
    if (m_deviceWindow.device() != x.device() || m_deviceWindow.scalar_type() != x.scalar_type()) {
        m_deviceWindow = m_window.to(x.device(), x.scalar_type());
        m_deviceFilterbank = m_filterbank.to(x.device(), x.scalar_type());
    }
    const auto spectrum = torch::stft(x, m_options.nFft, m_options.hopLength, m_options.winLength, m_deviceWindow,
                                      /*center=*/true, "reflect", /*normalized=*/false, /*onesided=*/true,
                                      /*return_complex=*/true);
    // abs().pow(2) rather than real^2 + imag^2: the same rounding as torchaudio.
    const auto power = spectrum.abs().pow(2.0);
    const auto mel = torch::matmul(power.transpose(-1, -2), m_deviceFilterbank).transpose(-1, -2);
    return torch::log(mel + m_options.logOffset);
}

} // namespace soundframe
