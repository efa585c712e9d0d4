#pragma once
// DemoRecording: one real recording of a demo source, decoded to mono at the world's rate with
// its leading and trailing silence cut.
//
//   DemoRecording r = DemoRecording::load("sources/gcompris/farm/cow.ogg", 16000);  // throws Error
//   r.samples.size();   // mono float samples in [-1, 1]
//
// Silence: 10 ms windows quieter than 5% of the loudest window's RMS (and than -60 dBFS).
// Silent recordings and ones with under 50 ms of sound are refused with an Error naming the file.
#include <filesystem>
#include <vector>

namespace soundframe {

struct DemoRecording {
    std::filesystem::path path;
    std::vector<float> samples;   // mono at the world's rate, silence trimmed
    int split = 0;                // 0 train, 1 val, 2 test, or kEverySplit

    // A world whose splits share recordings (DemoSplitBy::Clip) marks each one so.
    static constexpr int kEverySplit = -1;
    bool soundsIn(int s) const { return split == kEverySplit || split == s; }

    static DemoRecording load(const std::filesystem::path& path, int rate);
};

} // namespace soundframe
