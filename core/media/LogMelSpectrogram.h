#pragma once
// LogMelSpectrogram: waveform -> log-mel features, as a LibTorch module in front of audio encoders.
//
//   LogMelSpectrogram logMel(LogMelOptions{});                 // 16 kHz, 64 mels, 10 ms hop
//   torch::Tensor x = torch::randn({16000});                   // 1 s of audio, [T]
//   torch::Tensor m = logMel(x);                               // [64, 101]
//   torch::Tensor b = logMel(torch::randn({8, 16000}));        // [8, 64, 101]
//
// Contract: exactly torchaudio.transforms.MelSpectrogram(sample_rate, n_fft, win_length,
// hop_length, f_min, f_max, n_mels, window_fn=torch.hann_window (periodic), power=2.0,
// center=True, pad_mode="reflect", norm=None, mel_scale="htk") followed by
// torch.log(x + logOffset), down to float32 rounding: the window and filterbank are computed
// with torch's ops in torch's and torchaudio's order (torchaudio itself is not used).
// Frames: frameCount(T) = T / hopLength + 1; T must exceed nFft / 2 (reflect padding). Input: float32 or float64 (half types are computed in float32) on any
// device; the output has the input's device and dtype.
// The Hann window and mel filterbank are derived from the options, so they are NOT registered
// buffers: a model containing this module saves no weights for them (its config carries the
// options). They are plain members that follow the input's device and dtype on first use,
// so `.to(device)` on a parent needs nothing from this module.
// Throws soundframe::Error for invalid options (construction) and bad input shapes (forward).
// Thread: forward may run concurrently only for inputs on one device and dtype.
#include "LogMelOptions.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

namespace soundframe {

class LogMelSpectrogramImpl : public torch::nn::Module {
public:
    explicit LogMelSpectrogramImpl(const LogMelOptions& options = {});

    // [T] -> [nMels, frames]; [B, T] -> [B, nMels, frames].
    torch::Tensor forward(const torch::Tensor& waveform);
    // Frames produced for a waveform of `samples` samples (centred frames).
    int64_t frameCount(int64_t samples) const;

    const LogMelOptions& options() const { return m_options; }
    // torchaudio's fb: [nFft / 2 + 1, nMels], float32 on the CPU.
    const torch::Tensor& melFilterbank() const { return m_filterbank; }
    // Periodic Hann window of winLength samples, float32 on the CPU.
    const torch::Tensor& window() const { return m_window; }

private:
    LogMelOptions m_options;
    torch::Tensor m_window;          // masters, float32, CPU
    torch::Tensor m_filterbank;
    torch::Tensor m_deviceWindow;    // copies on the device and dtype of the last input
    torch::Tensor m_deviceFilterbank;
};

TORCH_MODULE(LogMelSpectrogram);

// Throws Error("LogMelOptions", reason) unless the options describe a valid front end.
void validateLogMelOptions(const LogMelOptions& options);

} // namespace soundframe
