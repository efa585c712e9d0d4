#include "CpuBufferCache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/util/Exception.h>

#include <malloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace soundframe {

namespace {

constexpr size_t kPage = 4096;
constexpr size_t kHugePage = size_t(2) << 20;

// The process-wide state behind every instance; never destroyed, because tensors may be freed
// after main() returns.
struct Pool {
    std::mutex mutex;
    c10::Allocator* fallback = nullptr;         // LibTorch's allocator before ours
    int instances = 0;
    size_t limit = 0;                           // bytes of free buffers kept at most
    size_t cached = 0;
    size_t reused = 0;
    std::multimap<size_t, void*> free;          // size -> buffer
    std::unordered_map<void*, size_t> live;     // buffers handed out, with their size

    void releaseFreeLocked(std::vector<void*>& out)
    {
        for (const auto& [size, p] : free)
            out.push_back(p);
        free.clear();
        cached = 0;
    }
};

Pool& pool()
{
    static Pool* p = new Pool;
    return *p;
}

void freeAll(const std::vector<void*>& buffers)
{
    for (void* p : buffers)
        std::free(p);
}

void release(void* p)
{
    auto& s = pool();
    c10::DeleterFnPtr other = nullptr;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        const auto it = s.live.find(p);
        if (it != s.live.end()) {
            const size_t size = it->second;
            s.live.erase(it);
            if (s.instances > 0 && s.cached + size <= s.limit) {
                s.free.emplace(size, p);
                s.cached += size;
                return;
            }
        } else {
            // A small buffer of the fallback allocator, freed through raw_deallocate (oneDNN).
            other = s.fallback ? s.fallback->raw_deleter() : nullptr;
        }
    }
    if (other)
        other(p);
    else
        std::free(p);
}

void* takeOrAllocate(size_t bytes)
{
    auto& s = pool();
    const size_t size = (bytes + kPage - 1) / kPage * kPage;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        const auto it = s.free.lower_bound(size);
        if (it != s.free.end() && it->first <= size + size / 8) {
            void* p = it->second;
            s.live.emplace(p, it->first);
            s.cached -= it->first;
            s.free.erase(it);
            ++s.reused;
            return p;
        }
    }
    const size_t alignment = size >= kHugePage ? kHugePage : 64;
    void* p = nullptr;
    if (posix_memalign(&p, alignment, size) != 0) {
        // Out of memory: give the cache back and try once more.
        std::vector<void*> buffers;
        {
            std::lock_guard<std::mutex> lock(s.mutex);
            s.releaseFreeLocked(buffers);
        }
        freeAll(buffers);
        p = nullptr;
        TORCH_CHECK(posix_memalign(&p, alignment, size) == 0, "CpuBufferCache: out of memory allocating ", bytes, " bytes");
    }
    if (size >= kHugePage)
        madvise(p, size, MADV_HUGEPAGE);  // fewer faults and TLB misses; a refusal changes nothing
    std::lock_guard<std::mutex> lock(s.mutex);
    s.live.emplace(p, size);
    return p;
}

class CachingCpuAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(size_t bytes) const override
    {
        if (bytes < CpuBufferCache::kMinBytes)
            return pool().fallback->allocate(bytes);
        void* p = takeOrAllocate(bytes);
        return {p, p, &release, c10::Device(c10::DeviceType::CPU)};
    }
    // oneDNN allocates through raw_allocate / raw_deallocate, which need data == context: true
    // of both our buffers and the fallback's.
    c10::DeleterFnPtr raw_deleter() const override { return &release; }
};

} // namespace

bool CpuBufferCache::keepSmallBuffersInHeap()
{
    // Setting either value turns off glibc's own adjustment of both. The trim threshold alone
    // would leave the mmap threshold at 128 kB for good (measured 6.5x slower on the stand-in),
    // so it is set only once the mmap threshold is.
    return mallopt(M_MMAP_THRESHOLD, int(kGlibcMaxMmapThreshold)) == 1 && mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
}

void CpuBufferCache::installAllocator()
{
    static std::once_flag once;
    std::call_once(once, [] {
        keepSmallBuffersInHeap();
        pool().fallback = c10::GetCPUAllocator();
        static CachingCpuAllocator* allocator = new CachingCpuAllocator;
        c10::SetCPUAllocator(allocator);
    });
}

CpuBufferCache::CpuBufferCache(size_t maxCachedBytes)
{
    installAllocator();
    auto& s = pool();
    std::lock_guard<std::mutex> lock(s.mutex);
    ++s.instances;
    s.limit = std::max(s.limit, maxCachedBytes);
}

CpuBufferCache::~CpuBufferCache()
{
    auto& s = pool();
    std::vector<void*> buffers;
    {
        std::lock_guard<std::mutex> lock(s.mutex);
        if (--s.instances == 0) {
            s.releaseFreeLocked(buffers);
            s.limit = 0;
        }
    }
    freeAll(buffers);
}

size_t CpuBufferCache::cachedBytes()
{
    std::lock_guard<std::mutex> lock(pool().mutex);
    return pool().cached;
}

size_t CpuBufferCache::reusedBuffers()
{
    std::lock_guard<std::mutex> lock(pool().mutex);
    return pool().reused;
}

} // namespace soundframe
