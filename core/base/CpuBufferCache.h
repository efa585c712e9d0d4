#pragma once
// CpuBufferCache: while an instance lives, large CPU tensor buffers that LibTorch frees are kept
// and handed out again for the next request of (nearly) the same size, instead of going back to
// the operating system.
//
//   {
//       CpuBufferCache cache;        // e.g. for the whole of AudioTrainer::run
//       ... training steps ...       // step 2 onwards reuses step 1's activation buffers
//   }                                // the cached buffers are released
//
// Why: a training step allocates the same activation sizes every time. Without a cache every
// buffer above glibc's mmap threshold (32 MB at most) is a fresh mapping whose pages the kernel
// faults in and zeroes on first touch, at every step (about a fifth of a CNN step's CPU time,
// bench/README.md, train_step).
// Contract: requests of at least kMinBytes go through the cache (64-byte aligned; from 2 MiB on
// 2 MiB aligned and advised for transparent huge pages); smaller ones use LibTorch's default
// allocator unchanged. A free buffer serves a request of its size down to 8/9 of it. At most
// `maxCachedBytes` of free buffers are kept (the largest limit asked for since the cache was last
// empty); beyond that a freed buffer goes straight back to the system, and an allocation that
// fails first releases the cache and retries. Instances nest and may live on several threads at
// once; the cache empties when the last one ends. installAllocator() (or else the first instance)
// installs a CPU allocator for the whole process (c10::SetCPUAllocator), which stays installed and
// behaves like the default one while no instance lives. LibTorch reads that setting without a lock,
// so programs with threads call installAllocator() at the start of main().
// Buffers below kMinBytes: installAllocator() also has glibc serve blocks up to 32 MB from its heap
// and never trim the heap (keepSmallBuffersInHeap), so those stay in the process between steps
// too. glibc would otherwise map every block above a threshold (128 kB at first, raised as blocks
// are freed) anew and trim the heap's top on free: 15-23% of the stand-in's wall time, 3% of
// stage 1's on top of this cache (bench/README.md, "Freed memory"). Process memory then stays at
// its peak instead of shrinking after it.
// Thread-safe.
#include <cstddef>

namespace soundframe {

class CpuBufferCache {
public:
    static constexpr size_t kMinBytes = size_t(1) << 20;  // smaller buffers are not cached

    explicit CpuBufferCache(size_t maxCachedBytes = size_t(2) << 30);
    ~CpuBufferCache();
    CpuBufferCache(const CpuBufferCache&) = delete;
    CpuBufferCache& operator=(const CpuBufferCache&) = delete;

    static constexpr size_t kGlibcMaxMmapThreshold = size_t(32) << 20;  // mallopt's upper bound (64-bit)

    // Installs the process-wide allocator and keepSmallBuffersInHeap(), once; before other threads
    // allocate tensors.
    static void installAllocator();
    // glibc's mmap threshold at its maximum and heap trimming off. False if glibc refused.
    static bool keepSmallBuffersInHeap();
    // Bytes of free buffers held now.
    static size_t cachedBytes();
    // Requests served from the cache since the process started.
    static size_t reusedBuffers();
};

} // namespace soundframe
