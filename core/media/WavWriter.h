#pragma once
// writeWav: mono samples to a WAV file, written atomically.
//
//   writeWav("out/clip.wav", decoded.samples, decoded.rate);                         // 32-bit float
//   writeWav("out/clip16.wav", decoded.samples, decoded.rate, WavSampleFormat::Pcm16);
//
// Contract: the file appears complete or not at all (a temporary sibling is written, flushed
// to disk and renamed over `path`; an earlier file of that name survives a failure).
// Float32 keeps the samples bit for bit. Pcm16 stores round(x * 32768) clamped to
// [-32768, 32767], the inverse of FFmpeg's (and decodeAudio's) x / 32768, so samples already
// on that grid read back exactly; louder samples are clipped, not wrapped.
// Throws soundframe::Error naming the file: a rate outside 1 Hz..1 MHz, NaN/Inf samples in a
// Pcm16 write, a folder that cannot be written, a full disk.
// Thread: reentrant.
#include <filesystem>
#include <vector>

namespace soundframe {

enum class WavSampleFormat {
    Float32,  // IEEE float, 4 bytes a sample
    Pcm16,    // signed 16-bit integers
};

void writeWav(const std::filesystem::path& path, const std::vector<float>& mono, int rate,
              WavSampleFormat format = WavSampleFormat::Float32);

} // namespace soundframe
