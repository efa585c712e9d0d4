#pragma once
// FrameChoiceLog: RUN/choices.jsonl — the frame each clip was paired with at every step of a stage-1
// run that chooses one (Random, Nearest), so alignment can be scored against ground truth later
// (DemoAlignmentTruth, the app's Alignment view). One line per clip and step:
//   {"step": 12, "epoch": 1, "matching": "nearest", "clip": "clip-00042", "frame": 3}
// With several ranks every rank's choices are gathered and rank 0 writes them, one append per step.
// RUN/watched_picks.jsonl (TrainConfig::watchCache, train/WatchedClips) has the same lines for
// held-out clips: the frame Nearest's argmax picks under the encoder at each epoch end.
//   for (const FrameChoice& c : FrameChoiceLog::read(runDir)) ...   // what a finished run chose
//   FrameChoiceLog::read(runDir, FrameChoiceLog::watchedFileName);   // its held-out clips' picks
//   FrameChoiceLog::framePerEpoch(FrameChoiceLog::read(runDir), "clip-00042", 20);  // its pick over training
#include "DistributedContext.h"
#include "base/JsonLinesFile.h"
#include "data/FrameCacheReader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace soundframe {

struct FrameChoice {
    int64_t step = 0;
    int epoch = 0;          // 0-based
    std::string matching;   // "random", "nearest", ...
    std::string clip;       // clip id
    int frame = -1;         // cached frame index
};

class FrameChoiceLog {
public:
    static constexpr const char* choicesFileName = "choices.jsonl";        // training pairings
    static constexpr const char* watchedFileName = "watched_picks.jsonl";  // held-out clips' argmax per epoch

    // RUN/<fileName> in file order; a missing file reads as none, a torn line (a kill) is skipped.
    static std::vector<FrameChoice> read(const std::filesystem::path& runDir,
                                         const std::string& fileName = choicesFileName);
    // The frame chosen for `clip` in each epoch (0-based index; the epoch's last choice, -1 where it
    // has none): max(`epochs`, last recorded epoch + 1) entries, none when the clip has no choice.
    static std::vector<int> framePerEpoch(const std::vector<FrameChoice>& choices, const std::string& clip, int epochs);

    // `device`: where the gather across ranks runs; `cache`: the one whose rows record() is given.
    FrameChoiceLog(const std::filesystem::path& runDir, std::string matching, const FrameCacheReader& cache,
                   const torch::Device& device, const std::string& fileName = choicesFileName);

    void keepUpToStep(int64_t step) const { m_file.keepUpToStep(step); }
    // `rows`: this rank's clips (cache rows), `frames` their choices; `dist` null for one process.
    void record(int64_t step, int epoch, const std::vector<int64_t>& rows, const std::vector<int64_t>& frames,
                DistributedContext* dist, bool writer) const;

private:
    JsonLinesFile m_file;
    std::string m_matching;
    const FrameCacheReader& m_cache;
    torch::Device m_device;
};

} // namespace soundframe
