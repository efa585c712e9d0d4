// Benchmark: library indexing throughput (files/s, audio hours per hour) of `LibraryIndex::add` with
// a randomly initialised audio encoder of the default architecture (CNN10, 10-s clips), over real
// folders of sounds, e.g. everything Debian's sound packages ship.
//
//   build/bench/soundframe-bench index_throughput --clip CLIP_DIR [--encoder DIR] [--threads 2] [--hop 5]
//                                                 [--batch 16] [--commit-files 32] [--keep DIR] FOLDER...
//
// The encoder's embedding size is CLIP_DIR's projection_dim, so text queries work on the result
// (`--keep DIR` leaves the encoder in DIR/encoder and the index in DIR/index). Figures, not a
// pass/fail test; prints the LibraryIndex summary as JSON with where the time went (scan, decode,
// embed, commit, publish). --encoder DIR uses a saved (e.g. trained) encoder instead.
#include "Benchmarks.h"

#include "base/ComputeThreads.h"
#include "model/AudioEncoder.h"
#include "search/LibraryIndex.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <iostream>
#include <unistd.h>

namespace soundframe::bench::index_throughput {

namespace fs = std::filesystem;

int run(int argc, char** argv)
{
    fs::path clip, keep, encoderDir;
    int threads = 0, batch = 16, commitFiles = 32;
    double hop = -1;
    std::vector<fs::path> folders;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--clip" && i + 1 < argc)
            clip = argv[++i];
        else if (a == "--keep" && i + 1 < argc)
            keep = argv[++i];
        else if (a == "--encoder" && i + 1 < argc)
            encoderDir = argv[++i];
        else if (a == "--batch" && i + 1 < argc)
            batch = std::atoi(argv[++i]);
        else if (a == "--commit-files" && i + 1 < argc)
            commitFiles = std::atoi(argv[++i]);
        else if (a == "--threads" && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (a == "--hop" && i + 1 < argc)
            hop = std::atof(argv[++i]);
        else
            folders.push_back(a);
    }
    if (clip.empty() || folders.empty()) {
        std::cerr << "usage: soundframe-bench index_throughput --clip CLIP_DIR [--encoder DIR] [--threads N] [--hop S] [--batch N]"
                     " [--commit-files N] [--keep DIR] FOLDER...\n";
        return 2;
    }
    setComputeThreads(threads);
    const fs::path work = keep.empty() ? fs::temp_directory_path() / ("soundframe-bench-index-" + std::to_string(::getpid()))
                                       : keep;
    fs::create_directories(work);
    try {
        if (encoderDir.empty()) {
            std::ifstream config(clip / "config.json");
            const auto json = nlohmann::json::parse(config);
            AudioEncoderConfig encoder;  // defaults: CNN10, 10-s clips, 64 mel bands at 16 kHz
            encoder.embedDim = json.at("projection_dim").get<int>();
            torch::manual_seed(1);
            encoderDir = work / "encoder";
            saveAudioEncoder(AudioEncoder(encoder), encoderDir);
        }
        LibraryIndexOptions options;
        options.hopSeconds = hop;
        options.batchWindows = batch;
        options.commitFiles = commitFiles;
        LibraryIndex index(work / "index", ModelIdentity::resolve(encoderDir, clip), options);
        JobHooks hooks;
        hooks.onProgress = [](const JobProgress& p) {
            if (p.total > 0 && (p.done % 50 == 0 || p.done == p.total))
                std::cerr << p.stage << " " << p.done << "/" << p.total << "\n";
        };
        const auto s = index.add(folders, hooks);
        const nlohmann::json result = {{"files", s.added + s.updated}, {"failed", s.failed}, {"windows", s.windows},
            {"audio_hours", s.audioSeconds / 3600}, {"elapsed_s", s.elapsedSeconds},
            {"files_per_s", double(s.added + s.updated) / s.elapsedSeconds},
            {"audio_hours_per_hour", s.audioSeconds / s.elapsedSeconds}, {"threads", computeThreads()},
            {"index_type", s.indexType}, {"batch", batch}, {"commit_files", commitFiles},
            {"seconds", {{"scan", s.scanSeconds}, {"decode", s.decodeSeconds}, {"embed", s.embedSeconds},
                         {"commit", s.commitSeconds}, {"publish", s.publishSeconds}}}};
        std::cout << result.dump() << std::endl;
        for (const auto& f : s.failures)
            std::cerr << "unreadable " << f.path << ": " << f.reason << "\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    if (keep.empty())
        fs::remove_all(work);
    return 0;
}

} // namespace soundframe::bench::index_throughput
