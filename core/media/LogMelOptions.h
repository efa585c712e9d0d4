#pragma once
// LogMelOptions: the audio front end's settings, saved with every audio model's config.
// Defaults: the field's common 16 kHz setting (25 ms windows every 10 ms, 64 mel bands).
// Semantics are torchaudio.transforms.MelSpectrogram's (centred frames, reflect padding,
// power 2, HTK mel scale, no filter normalisation) followed by log(x + logOffset).
namespace soundframe {

struct LogMelOptions {
    int sampleRate = 16000;   // Hz of the waveform the front end expects
    int nFft = 512;           // FFT size, samples
    int winLength = 400;      // analysis window, samples (<= nFft; centred in the FFT frame)
    int hopLength = 160;      // samples between frames (10 ms at 16 kHz)
    int nMels = 64;           // mel bands
    double fMin = 50.0;       // lowest band edge, Hz
    double fMax = 8000.0;     // highest band edge, Hz (<= sampleRate / 2)
    double logOffset = 1e-6;  // added before the log so silence stays finite
};

} // namespace soundframe
