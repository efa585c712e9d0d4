#pragma once
// How many threads LibTorch's intra-op pool uses.
//
//   int used = setComputeThreads(options.threads);   // 0: all cores of the machine
//
// Debian's LibTorch starts with one thread unless OMP_NUM_THREADS is set, which would leave
// most of the machine idle; every entry point calls this once before any tensor work.
namespace soundframe {

// requested > 0: use that many; 0: OMP_NUM_THREADS when set, else every core. Returns the count set.
// Also runs one small matrix product, so that BLAS allocates its work buffers before a job fills
// memory (OpenBLAS would otherwise spin forever on a later failed allocation).
int setComputeThreads(int requested);
int computeThreads();

} // namespace soundframe
