// clip_forward: CLIP ViT-B/32 forward throughput (images/s, texts/s) of SoundFrame's ClipModel,
// next to the same forward in python3-torch (bench/clip_forward.py) run by this program, as a ratio.
//
//   build/bench/soundframe-bench clip_forward [--threads N] [--image-batch 8] [--text-batch 32] [--repeats 3]
//                                             [--json out.json] [--python /usr/bin/python3]
//
// Random weights (the architecture, not the values, sets the cost); float32 on the CPU, no autograd.
// Prints figures; never passes or fails on them.
#include "Benchmarks.h"

#include "base/ComputeThreads.h"
#include "model/ClipModel.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>

namespace soundframe::bench::clip_forward {

template <typename F>
double rate(F&& run, int items, int repeats)
{
    run();  // warm-up
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return items / best;
}

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

int run(int argc, char** argv)
{
    int threads = 0, imageBatch = 8, textBatch = 32, repeats = 3;
    std::string python = "/usr/bin/python3", jsonOut;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--threads") threads = std::stoi(value);
        else if (key == "--image-batch") imageBatch = std::stoi(value);
        else if (key == "--text-batch") textBatch = std::stoi(value);
        else if (key == "--repeats") repeats = std::stoi(value);
        else if (key == "--python") python = value;
        else if (key == "--json") jsonOut = value;
        else {
            std::cerr << "unknown option " << key << "\n";
            return 2;
        }
    }
    threads = setComputeThreads(threads);
    torch::manual_seed(0);
    ClipModel model(ClipConfig{});  // openai/clip-vit-base-patch32's shapes
    torch::NoGradGuard noGrad;
    const auto pixels = torch::randn({imageBatch, 3, 224, 224});
    auto ids = torch::randint(0, 49406, {textBatch, 77}, torch::kInt64);
    ids.select(1, 0).fill_(49406);
    ids.slice(1, 20).fill_(49407);

    const double images = rate([&] { model->imageFeatures(pixels); }, imageBatch, repeats);
    const double texts = rate([&] { model->textFeatures(ids); }, textBatch, repeats);

    const std::string command = python + " " + SOUNDFRAME_BENCH_DIR "/clip_forward.py --threads "
        + std::to_string(threads) + " --image-batch " + std::to_string(imageBatch) + " --text-batch "
        + std::to_string(textBatch) + " --repeats " + std::to_string(repeats);
    nlohmann::json result = {{"threads", threads}, {"image_batch", imageBatch}, {"text_batch", textBatch},
                             {"cpp", {{"images_per_s", images}, {"texts_per_s", texts}}}};
    try {
        const auto py = nlohmann::json::parse(capture(command));
        result["python"] = py;
        result["ratio_cpp_over_python"] = {{"images", images / py["images_per_s"].get<double>()},
                                           {"texts", texts / py["texts_per_s"].get<double>()}};
    } catch (const std::exception& e) {
        std::cerr << "python reference failed (" << command << "): " << e.what() << "\n";
    }
    std::printf("CLIP ViT-B/32 forward, %d thread(s), float32 CPU\n", threads);
    std::printf("  images/s  C++ %8.2f", images);
    if (result.contains("python"))
        std::printf("   python %8.2f   ratio %.2f", result["python"]["images_per_s"].get<double>(),
                    result["ratio_cpp_over_python"]["images"].get<double>());
    std::printf("\n  texts/s   C++ %8.2f", texts);
    if (result.contains("python"))
        std::printf("   python %8.2f   ratio %.2f", result["python"]["texts_per_s"].get<double>(),
                    result["ratio_cpp_over_python"]["texts"].get<double>());
    std::printf("\n");
    if (!jsonOut.empty())
        std::ofstream(jsonOut) << result.dump(2) << "\n";
    return 0;
}

} // namespace soundframe::bench::clip_forward
