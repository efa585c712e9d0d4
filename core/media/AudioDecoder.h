#pragma once
// decodeAudio: the audio track of any media file as mono float samples at the model's rate.
//
//   DecodedAudio all = decodeAudio("clip.mp4");                     // whole track, 16 kHz mono
//   DecodedAudio ten = decodeAudio("song.flac", {32000, 2.5, 12.5}); // [2.5 s, 12.5 s) at 32 kHz
//   // ten.samples.size() == 320000, equal to the same slice of a full decode at 32 kHz
//
// Contract:
// - Any file FFmpeg reads (video containers, wav, flac, ogg/oga, mp3, m4a, ...); FFmpeg's best
//   audio stream; any channel count and source rate. Channels are averaged (the MEAN, not
//   `ffmpeg -ac 1`, which adds stereo channels at -3 dB each), then resampled with
//   swresample's default filter. Samples are floats, nominally in [-1, 1].
// - Times are seconds from the first decoded sample (encoder delay already removed), so a
//   window is the same slice of the full decode whatever the container's start time.
//   The window is output samples [round(start * rate), round(start * rate) + round((end -
//   start) * rate)): accurate to the output sample. It is found by seeking to about 1 s
//   before `start` and trimming by timestamps; it equals the full decode's slice up to float
//   rounding (the resampler starts on the same sample grid with enough history).
// - Damaged data: packets the decoder rejects are skipped and counted (damagedPackets), and a
//   cut file yields what precedes the cut, as the ffmpeg CLI does. Error only when no sample
//   at all decodes, or when the decoded audio does not cover the window.
// - Throws soundframe::Error naming the file: missing/empty/unreadable file, no audio stream,
//   0 channels, a rate outside 1 Hz..1 MHz, a window starting past the end or ending after it
//   (the message gives the audio's length), NaN or Inf samples, bad options.
// Thread: reentrant; each call owns its FFmpeg contexts.
#include <filesystem>
#include <vector>

namespace soundframe {

struct AudioDecodeOptions {
    int targetRate = 16000;    // Hz of the returned samples (1000 .. 1000000)
    double startSeconds = 0;   // window start, seconds from the first sample (>= 0)
    double endSeconds = -1;    // window end (exclusive), seconds; < 0: to the end of the audio
};

struct DecodedAudio {
    std::vector<float> samples;          // mono, at `rate`
    int rate = 0;                        // Hz of `samples` (= AudioDecodeOptions::targetRate)
    int sourceRate = 0;                  // Hz of the stream in the file
    int sourceChannels = 0;              // channels of the stream in the file
    double sourceDurationSeconds = -1;   // audio length: measured when decoding reached the
                                         // end, else as the file declares it; -1 if unknown
    int damagedPackets = 0;              // packets skipped because the decoder rejected them
};

DecodedAudio decodeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options = {});

} // namespace soundframe
