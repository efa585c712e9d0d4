#pragma once
// DemoRecording: one real recording of a demo source, decoded to mono at the world's rate with
// its leading and trailing silence cut.
//
//   DemoRecording r = DemoRecording::load("sources/gcompris/farm/cow.ogg", 16000);  // throws Error
//   r.samples.size();   // mono float samples in [-1, 1]
//   auto e = r.excerpt(0.4, 1.5, 1.05, -3.0, 16000);  // what an event of a clip plays
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

    // `seconds` of sound from `offsetSeconds` on, read at `speed` (pitch and tempo change together,
    // linear interpolation), its peak brought to 0.5 and then `gainDb`, with 10 ms fades at both ends.
    // Past the end of the recording it is silence. At least one sample.
    std::vector<float> excerpt(double offsetSeconds, double seconds, double speed, double gainDb, int rate) const;

    static DemoRecording load(const std::filesystem::path& path, int rate);
};

} // namespace soundframe
