#pragma once
// MelScale: the HTK mel scale the log-mel front end uses (torchaudio's mel_scale="htk"), and where
// its bands sit, so views can label a log-mel spectrogram with real frequencies.
//
//   LogMelOptions o;                                     // 64 bands, 50..8000 Hz
//   double hz = melToHz(melBandCentre(o, 10));          // the frequency band 10's triangle peaks at
//
// Band b (0 = lowest) of LogMelSpectrogram's filterbank is the triangle rising from mel edge b to a
// peak at edge b + 1 and falling to edge b + 2, the nMels + 2 edges being equally spaced mels from
// fMin to fMax. Pure functions; any thread.
#include "LogMelOptions.h"

#include <cmath>

namespace soundframe {

inline double hzToMel(double hz)
{
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

inline double melToHz(double mel)
{
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

// Mels between neighbouring band centres (and between a band's edges and its centre).
inline double melBandSpacing(const LogMelOptions& o)
{
    return (hzToMel(o.fMax) - hzToMel(o.fMin)) / double(o.nMels + 1);
}

// The mel at which band `band`'s triangle peaks.
inline double melBandCentre(const LogMelOptions& o, int band)
{
    return hzToMel(o.fMin) + double(band + 1) * melBandSpacing(o);
}

} // namespace soundframe
