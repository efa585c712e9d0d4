// train_step: stage-1 training throughput (steps/s, samples/s) of SoundFrame's AudioTrainer for each
// matching, next to the same model and step in python3-torch (bench/train_step.py) run by this
// program, as a ratio; and peak memory of both.
//
//   build/bench/soundframe-bench train_step [--threads N] [--batch 16] [--steps 6] [--seconds 5] [--frames 5]
//                                           [--channels 64,128,256,512] [--dim 512] [--json out.json]
//                                           [--python /usr/bin/python3]
//
// Demo scale by default: 16 kHz, 5-s clips with 5 frames, CNN10 widths, 512-dim joint space. The
// C++ figure is the median of the steps after the first, as AudioTrainer reports them in
// metrics.jsonl (cache reading and log-mel included; Python computes log-mel too). Dropout is off
// on both sides. Python runs twice: as a researcher typically writes it, and "tuned" with the two
// tricks the C++ trainer uses (a channels-last model, and large buffers kept by malloc instead of
// mapped afresh: GLIBC_TUNABLES mmap_max=0). Records the load average before and after. Prints
// figures; never passes or fails on them.
#include "Benchmarks.h"

#include "SyntheticTrainingData.h"
#include "base/ComputeThreads.h"
#include "train/AudioTrainer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <sys/resource.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace soundframe::bench::train_step {

namespace fs = std::filesystem;

std::string capture(const std::string& command)
{
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
            out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

std::vector<double> loadAverage()
{
    double l[3] = {0, 0, 0};
    getloadavg(l, 3);
    return {l[0], l[1], l[2]};
}

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

int run(int argc, char** argv)
{
    int threads = 0, batch = 16, steps = 6, frames = 5, dim = 512;
    double seconds = 5.0;
    std::string channels = "64,128,256,512", python = "/usr/bin/python3", jsonOut;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--threads") threads = std::stoi(value);
        else if (key == "--batch") batch = std::stoi(value);
        else if (key == "--steps") steps = std::stoi(value);
        else if (key == "--seconds") seconds = std::stod(value);
        else if (key == "--frames") frames = std::stoi(value);
        else if (key == "--channels") channels = value;
        else if (key == "--dim") dim = std::stoi(value);
        else if (key == "--python") python = value;
        else if (key == "--json") jsonOut = value;
        else {
            std::cerr << "unknown option " << key << "\n";
            return 2;
        }
    }
    threads = setComputeThreads(threads);
    const fs::path root = fs::temp_directory_path() / ("soundframe-train-step-" + std::to_string(::getpid()));
    fs::remove_all(root);

    test::SyntheticWorld world;
    world.classes = 8;
    world.dim = dim;
    world.frames = frames;
    world.rate = 16000;
    world.seconds = seconds;
    world.writeCache(root / "cache", (batch * steps + world.classes - 1) / world.classes, 1);
    auto encoder = world.encoderConfig("cnn");
    encoder.logMel = LogMelOptions{};  // SoundFrame's 16 kHz defaults: 64 mels, 25 ms / 10 ms
    encoder.cnn.channels.clear();
    std::stringstream list(channels);
    for (std::string c; std::getline(list, c, ',');)
        encoder.cnn.channels.push_back(std::stoi(c));
    encoder.cnn.blockDropout = encoder.cnn.headDropout = 0;
    writeAudioEncoderConfig(encoder, root / "encoder.json");

    nlohmann::json result = {{"threads", threads}, {"batch", batch}, {"steps", steps}, {"seconds", seconds},
                             {"frames", frames}, {"channels", channels}, {"dim", dim},
                             {"load_average_start", loadAverage()}};
    std::printf("stage-1 training step, CNN [%s], %d x %.0f s clips, %d frames, %d thread(s)\n", channels.c_str(),
                batch, seconds, frames, threads);
    for (const std::string matching : {"random", "nearest", "multiframe"}) {
        TrainConfig c;
        c.trainCache = (root / "cache").string();
        c.runDir = (root / ("run-" + matching)).string();
        c.audioEncoderConfig = (root / "encoder.json").string();
        c.matching = matching;
        c.nearestWarmupEpochs = 0;  // time the argmax path from the first step
        c.segmentSeconds = seconds / frames;
        c.epochs = 1;
        c.batchSize = batch;
        c.checkpointEverySteps = 0;
        c.threads = threads;
        c.validateEachEpoch = false;
        std::vector<double> rates;
        AudioTrainer trainer(c);
        trainer.onMetrics = [&](const TrainMetrics& m) {
            if (m.kind == "step" && m.step > 1)
                rates.push_back(m.samplesPerSecond);
        };
        trainer.run();
        std::sort(rates.begin(), rates.end());
        const double cpp = rates.empty() ? 0 : rates[rates.size() / 2];
        nlohmann::json entry = {{"cpp", {{"samples_per_s", cpp}, {"steps_per_s", cpp / batch}}}};
        const std::string arguments = " " SOUNDFRAME_BENCH_DIR "/train_step.py --threads " + std::to_string(threads)
            + " --batch " + std::to_string(batch) + " --steps " + std::to_string(steps) + " --seconds "
            + std::to_string(seconds) + " --frames " + std::to_string(frames) + " --channels " + channels + " --dim "
            + std::to_string(dim) + " --matching " + matching;
        std::printf("  %-10s  C++ %7.2f samples/s (%.3f steps/s)", matching.c_str(), cpp, cpp / batch);
        for (const auto& [key, command] :
             {std::pair<std::string, std::string>{"python", python + arguments},
              {"python_tuned", "GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4000000000 " + python
                                   + arguments + " --channels-last"}}) {
            try {
                const auto py = nlohmann::json::parse(capture(command));
                entry[key] = py;
                entry["ratio_cpp_over_" + key] = cpp / py["samples_per_s"].get<double>();
                std::printf("   %s %7.2f (ratio %.2f)", key.c_str(), py["samples_per_s"].get<double>(),
                            entry["ratio_cpp_over_" + key].get<double>());
                result[key + "_peak_rss_mb"] =
                    std::max(result.value(key + "_peak_rss_mb", 0.0), py["peak_rss_mb"].get<double>());
            } catch (const std::exception& e) {
                std::cerr << "python reference failed (" << command << "): " << e.what() << "\n";
            }
        }
        std::printf("\n");
        std::fflush(stdout);
        result[matching] = entry;
    }
    result["load_average_end"] = loadAverage();
    result["cpp_peak_rss_mb"] = peakRssMb();
    std::printf("  peak memory: C++ %.0f MB (whole process, all three runs)", result["cpp_peak_rss_mb"].get<double>());
    if (result.contains("python_peak_rss_mb"))
        std::printf(", python %.0f MB (largest run)", result["python_peak_rss_mb"].get<double>());
    if (result.contains("python_tuned_peak_rss_mb"))
        std::printf(", python tuned %.0f MB", result["python_tuned_peak_rss_mb"].get<double>());
    const auto& l0 = result["load_average_start"];
    const auto& l1 = result["load_average_end"];
    std::printf("\n  load average (1/5/15 min): start %.2f %.2f %.2f, end %.2f %.2f %.2f\n", l0[0].get<double>(),
                l0[1].get<double>(), l0[2].get<double>(), l1[0].get<double>(), l1[1].get<double>(), l1[2].get<double>());
    if (!jsonOut.empty())
        std::ofstream(jsonOut) << result.dump(2) << "\n";
    fs::remove_all(root);
    return 0;
}

} // namespace soundframe::bench::train_step
