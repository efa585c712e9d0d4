#pragma once
// The benchmarks soundframe-bench runs; BenchMain.cpp names and describes them and dispatches.
//
// Each benchmark was a program of its own, and its run() is the main() it had: argv[0] is the
// benchmark's name, the rest are its own options, and it returns the exit status. Its helpers live in
// its own namespace beside run(), not in an anonymous one: all the benchmarks are compiled as one
// unity unit (bench/CMakeLists.txt), where two files' anonymous helpers of the same name would clash.
namespace soundframe::bench {

namespace clip_forward { int run(int argc, char** argv); }
namespace prepare_throughput { int run(int argc, char** argv); }
namespace train_step { int run(int argc, char** argv); }
namespace search_latency { int run(int argc, char** argv); }
namespace index_throughput { int run(int argc, char** argv); }
namespace text_search_quality { int run(int argc, char** argv); }

} // namespace soundframe::bench
