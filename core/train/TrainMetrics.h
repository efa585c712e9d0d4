#pragma once
// TrainMetrics: one line of a run's live record, as the trainer reports it and metrics.jsonl keeps it.
//
//   trainer.onMetrics = [](const TrainMetrics& m) { plot(m.step, m.loss); };
//   for (const TrainMetrics& m : TrainMetrics::readFile(runDir / "metrics.jsonl")) ...  // a run's history
//
// kind "step": after every optimiser step; kind "epoch": at each epoch end, with validation.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

struct TrainMetrics {
    std::string kind = "step";        // "step" or "epoch"
    int epoch = 0;                    // 0-based epoch the step belongs to
    int64_t step = 0;                 // optimiser steps done so far in the run
    int64_t totalSteps = 0;           // steps the whole run will take
    double loss = 0;                  // InfoNCE of the step (epoch: mean over the epoch)
    double learningRate = 0;          // of the audio encoder
    double temperature = 0;           // tau = 1 / logit scale
    double samplesPerSecond = 0;      // clips per second over the last step (epoch: over the epoch), all processes
    int worldSize = 1;                // processes that trained the step (data parallel)
    std::map<std::string, double> validation;  // e.g. "audio_to_image/R@1" -> 12.5 (percent)

    std::string toJson() const;       // one line, no newline
    // One line back; nullopt for a line that is not a record (torn by a kill, or foreign).
    static std::optional<TrainMetrics> fromJson(const std::string& line);
    // Every record of a metrics.jsonl in file order; a missing file reads as none.
    static std::vector<TrainMetrics> readFile(const std::filesystem::path& file);
};

} // namespace soundframe
