// Benchmark: `prepare` throughput next to the ffmpeg CLI extracting the same frames, in one run.
//
//   build/bench/soundframe-bench prepare_throughput [--clips 24] [--out prepare_throughput.json]
//
// Generates 10-s 640x360 H.264 clips (25 fps, AAC) with the ffmpeg CLI, then times
//   (a) PrepareJob with a small random CLIP image tower (frames at 1 fps, 224 px, audio at 16 kHz),
//   (b) VideoFrameReader alone on the same frames (one reader per clip, two threads),
//   (c) the ffmpeg CLI, one process per frame (-ss T -i FILE -frames:v 1),
//   (d) the ffmpeg CLI, one `-vf fps=1` pass per clip,
// and prints frames/s for each and the ratios. Figures, not a pass/fail test.
#include "Benchmarks.h"

#include "base/ComputeThreads.h"
#include "data/JsonlManifest.h"
#include "data/PrepareJob.h"
#include "media/VideoFrameReader.h"
#include "model/ClipImageEmbedder.h"
#include "model/ClipModel.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace soundframe::bench::prepare_throughput {

namespace fs = std::filesystem;

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int shell(const std::string& command)
{
    return std::system(command.c_str());
}

std::string shellQuoted(const fs::path& p) { return "'" + p.string() + "'"; }

int run(int argc, char** argv)
{
    int clips = 24;
    fs::path out = "prepare_throughput.json";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--clips")
            clips = std::atoi(argv[i + 1]);
        else if (flag == "--out")
            out = argv[i + 1];
    }
    setComputeThreads(0);
    const fs::path work = fs::temp_directory_path() / ("soundframe-bench-prepare-" + std::to_string(::getpid()));
    fs::create_directories(work / "videos");
    const std::string ffmpeg = SOUNDFRAME_FFMPEG;

    std::cerr << "generating " << clips << " clips...\n";
    std::vector<ClipRecord> records;
    for (int i = 0; i < clips; ++i) {
        const auto video = work / "videos" / ("clip" + std::to_string(i) + ".mp4");
        const std::string command = ffmpeg + " -v error -y -f lavfi -i testsrc2=s=640x360:r=25:d=10 -f lavfi -i "
            "sine=frequency=" + std::to_string(220 + 20 * i) + ":sample_rate=44100:duration=10 "
            "-c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest " + shellQuoted(video);
        if (shell(command) != 0) {
            std::cerr << "ffmpeg failed\n";
            return 1;
        }
        ClipRecord r;
        r.id = "clip" + std::to_string(i);
        r.mediaPath = video.string();
        r.start = 0;
        r.end = 10;
        records.push_back(r);
    }
    const std::vector<double> times{0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
    const double frames = double(clips) * double(times.size());

    // A small CLIP: the image tower's cost is not what this benchmark measures.
    ClipConfig config;
    config.vision.hiddenSize = 64;
    config.vision.intermediateSize = 128;
    config.vision.numAttentionHeads = 4;
    config.vision.numHiddenLayers = 2;
    config.text.hiddenSize = 64;
    config.text.intermediateSize = 128;
    config.text.numAttentionHeads = 4;
    config.text.numHiddenLayers = 2;
    config.projectionDim = 64;
    ClipModel(config)->save(work / "clip");
    ClipImageEmbedder embedder(work / "clip", torch::kCPU);

    auto start = std::chrono::steady_clock::now();
    PrepareOptions options;
    options.cacheDir = work / "cache";
    const auto summary = PrepareJob(options, &embedder).run(records);
    const double prepareSeconds = secondsSince(start);
    if (summary.cached != clips) {
        std::cerr << "prepare cached only " << summary.cached << " clips\n";
        return 1;
    }

    start = std::chrono::steady_clock::now();
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::max(1u, std::thread::hardware_concurrency()); ++t)
        threads.emplace_back([&] {
            for (int i; (i = next++) < clips;)
                VideoFrameReader(records[size_t(i)].mediaPath).framesAt(times, 224);
        });
    for (auto& t : threads)
        t.join();
    const double readerSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    for (int i = 0; i < clips; ++i)
        for (double t : times)
            shell(ffmpeg + " -v error -y -ss " + std::to_string(t) + " -i " + shellQuoted(records[size_t(i)].mediaPath)
                  + " -frames:v 1 " + shellQuoted(work / "one.png"));
    const double perFrameSeconds = secondsSince(start);

    start = std::chrono::steady_clock::now();
    for (int i = 0; i < clips; ++i)
        shell(ffmpeg + " -v error -y -i " + shellQuoted(records[size_t(i)].mediaPath) + " -vf fps=1 "
              + shellQuoted(work / "pass_%02d.png"));
    const double singlePassSeconds = secondsSince(start);

    const nlohmann::ordered_json result{
        {"clips", clips},
        {"frames", frames},
        {"prepare_clips_per_s", clips / prepareSeconds},
        {"prepare_frames_per_s", frames / prepareSeconds},
        {"reader_frames_per_s", frames / readerSeconds},
        {"ffmpeg_per_frame_frames_per_s", frames / perFrameSeconds},
        {"ffmpeg_single_pass_frames_per_s", frames / singlePassSeconds},
        {"prepare_vs_ffmpeg_per_frame", perFrameSeconds / prepareSeconds},
        {"prepare_vs_ffmpeg_single_pass", singlePassSeconds / prepareSeconds},
        {"reader_vs_ffmpeg_per_frame", perFrameSeconds / readerSeconds},
        {"reader_vs_ffmpeg_single_pass", singlePassSeconds / readerSeconds},
        {"threads", computeThreads()},
    };
    std::cout << result.dump(2) << "\n";
    std::ofstream(out) << result.dump(2) << "\n";
    fs::remove_all(work);
    return 0;
}

} // namespace soundframe::bench::prepare_throughput
