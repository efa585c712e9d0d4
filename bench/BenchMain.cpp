// soundframe-bench: every benchmark in one program, which runs the one its first argument names.
//
//   build/bench/soundframe-bench BENCHMARK [its options]     e.g. soundframe-bench train_step --steps 3
//   build/bench/soundframe-bench --list                      the benchmarks, one line each
//
// One program rather than six: five of them include LibTorch, and as programs of their own each
// compiled its own LibTorch unit (~21 s) and linked on its own; together they are one unit and one
// link (bench/README.md, "The cold build"). Each keeps its own source, options and output.
#include "Benchmarks.h"

#include <cstdio>
#include <cstring>

namespace soundframe::bench {

struct Benchmark {
    const char* name;
    const char* description;
    int (*run)(int argc, char** argv);
};

// In bench/README.md's order.
const Benchmark benchmarks[] = {
    {"clip_forward", "CLIP ViT-B/32 forward throughput (images/s, texts/s), next to python3-torch",
     clip_forward::run},
    {"prepare_throughput", "`prepare` throughput (frames/s), next to the ffmpeg CLI extracting the same frames",
     prepare_throughput::run},
    {"train_step", "stage-1 training step throughput and peak memory per matching, next to python3-torch",
     train_step::run},
    {"search_latency", "search latency (p50, p99) and recall@10 per FAISS index type and index size",
     search_latency::run},
    {"index_throughput", "library indexing throughput (files/s, audio hours per hour) over real folders",
     index_throughput::run},
    {"text_search_quality", "text search over Debian's sounds with the demo's trained models (needs a demo)",
     text_search_quality::run},
};

void printUsage(std::FILE* out)
{
    std::fprintf(out, "usage: soundframe-bench BENCHMARK [its options]\n"
                      "benchmarks (bench/README.md describes each and its options):\n");
    for (const Benchmark& b : benchmarks)
        std::fprintf(out, "  %-20s %s\n", b.name, b.description);
}

} // namespace soundframe::bench

int main(int argc, char** argv)
{
    using namespace soundframe::bench;
    if (argc < 2 || !std::strcmp(argv[1], "--list") || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        printUsage(stdout);
        return 0;
    }
    // The benchmark sees its name as argv[0] and its own options after it, as when it was a program
    // of its own.
    for (const Benchmark& b : benchmarks)
        if (!std::strcmp(argv[1], b.name))
            return b.run(argc - 1, argv + 1);
    std::fprintf(stderr, "soundframe-bench: no benchmark named '%s'\n", argv[1]);
    printUsage(stderr);
    return 2;
}
