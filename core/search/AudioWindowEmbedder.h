#pragma once
// AudioWindowEmbedder: a sound or video file's audio as unit embeddings of overlapping windows of
// the encoder's clip length, each with its time.
//
//   AudioWindowEmbedder e("runs/r1/audio-encoder", "cpu", 5.0);   // hop 5 s
//   AudioWindowEmbedder::Result r = e.embedFile("song.flac");      // throws Error naming the file
//   // r.windows[i] covers [start, end) seconds; r.vectors is [windows, dim] row-major, unit rows
//
// Windows start at 0, hop, 2 hop, ... up to the last start that still leaves a full clip, plus one
// window ending at the file's end when the hops do not reach it; a file shorter than one clip gives
// one window (zero-padded by AudioFrontEnd, its end clipped to the duration). hop <= 0: half the
// clip. embedWindow() embeds one window of a file (the audio query). decode() + embedDecoded() let a
// caller decode several files and embed all their windows in shared forward passes of batchWindows
// windows (short files fill a batch together); embedFile() is the one-file case. One thread at a time.
#include "search/IndexedFile.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

class AudioWindowEmbedder {
public:
    struct Result {
        double durationSeconds = 0;
        std::vector<IndexedWindow> windows;
        std::vector<float> vectors;  // [windows.size(), dim], unit rows
    };

    struct Decoded {
        std::vector<float> samples;  // mono, at the encoder's sample rate
        double rate = 0;             // samples per second
    };

    AudioWindowEmbedder(const std::filesystem::path& encoderDir, const std::string& device, double hopSeconds = -1,
                        int batchWindows = 16);
    ~AudioWindowEmbedder();

    int dim() const;
    double clipSeconds() const;
    double hopSeconds() const { return m_hop; }
    // Window starts for audio of `durationSeconds`.
    std::vector<double> windowStarts(double durationSeconds) const;
    Result embedFile(const std::filesystem::path& file) const;
    // The file's audio at the encoder's rate; throws Error naming the file (also when it has no samples).
    Decoded decode(const std::filesystem::path& file) const;
    // One Result per decoded file, in order; windows of different files share forward passes.
    std::vector<Result> embedDecoded(const std::vector<const Decoded*>& files) const;
    // The unit embedding of the window starting at `startSeconds` (clipped to the audio).
    std::vector<float> embedWindow(const std::filesystem::path& file, double startSeconds) const;

private:
    struct Model;
    std::unique_ptr<Model> m_model;
    double m_hop;
    int m_batch;
};

} // namespace soundframe
