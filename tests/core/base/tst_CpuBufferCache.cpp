// CpuBufferCache: large tensor buffers are reused while a cache lives and released after it,
// small ones never pass through it, the limit holds, and tensors computed through it (also by
// oneDNN convolutions and from several threads) equal the ones computed without it; blocks below
// glibc's 32 MB bound come from its heap and stay there after they are freed.
#include <torch/torch.h>  // first: Qt's `slots` macro breaks LibTorch's headers

#include "base/CpuBufferCache.h"

#include <QtTest>

#include "TestRegistry.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using namespace soundframe;

namespace {
constexpr int64_t kBig = 4 << 20;  // floats: 16 MiB
}

class TestCpuBufferCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reusesLargeBuffersWhileAlive()
    {
        void* first = nullptr;
        {
            CpuBufferCache cache;
            first = torch::empty({kBig}).data_ptr();  // freed at once: cached
            QCOMPARE(CpuBufferCache::cachedBytes(), size_t(kBig * 4));
            const auto before = CpuBufferCache::reusedBuffers();
            auto again = torch::empty({kBig - 1000});  // within 8/9 of the size: the same buffer
            QCOMPARE(again.data_ptr(), first);
            QCOMPARE(CpuBufferCache::reusedBuffers(), before + 1);
            QCOMPARE(CpuBufferCache::cachedBytes(), size_t(0));
            auto smaller = torch::empty({kBig / 2});  // too small for the cached one: a new buffer
            QVERIFY(smaller.data_ptr() != first);
        }
        QCOMPARE(CpuBufferCache::cachedBytes(), size_t(0));  // released with the last instance
        const auto before = CpuBufferCache::reusedBuffers();
        (void)torch::empty({kBig});
        (void)torch::empty({kBig});
        QCOMPARE(CpuBufferCache::reusedBuffers(), before);  // no cache without an instance
        QCOMPARE(CpuBufferCache::cachedBytes(), size_t(0));
    }

    void smallBuffersAndTheLimit()
    {
        CpuBufferCache cache(size_t(kBig) * 4);
        (void)torch::empty({1000});
        QCOMPARE(CpuBufferCache::cachedBytes(), size_t(0));
        {
            std::vector<torch::Tensor> many;
            for (int i = 0; i < 3; ++i)
                many.push_back(torch::empty({kBig}));
        }
        // Three 16 MiB buffers freed; the 16 MiB limit keeps one.
        QCOMPARE(CpuBufferCache::cachedBytes(), size_t(kBig * 4));
        {
            CpuBufferCache nested;  // nesting keeps the cache and raises the limit (2 GiB)
            std::vector<torch::Tensor> many;
            for (int i = 0; i < 3; ++i)
                many.push_back(torch::empty({kBig}));
        }
        QCOMPARE(CpuBufferCache::cachedBytes(), size_t(kBig * 4 * 3));
    }

    void smallBuffersStayInTheHeapAfterInstall()
    {
        CpuBufferCache::installAllocator();
        QVERIFY(CpuBufferCache::keepSmallBuffersInHeap());  // glibc accepts the settings
        // 30 MB: above any threshold glibc could have raised itself to from this test's frees
        // (16 MiB), so without the settings it would be a fresh mapping, unmapped on free.
        constexpr size_t bytes = size_t(30) << 20;
        const auto before = mallinfo2();
        void* block = std::malloc(bytes);
        QVERIFY(block != nullptr);
        std::memset(block, 1, bytes);
        const auto held = mallinfo2();
        QCOMPARE(held.hblkhd, before.hblkhd);  // not mapped on its own
        std::free(block);
        const auto after = mallinfo2();
        QCOMPARE(after.arena, held.arena);  // the heap was not trimmed: the pages stay for reuse
        QVERIFY(after.fordblks >= bytes);
    }

    void resultsEqualTheDefaultAllocatorsAcrossThreads()
    {
        torch::manual_seed(3);
        const auto x = torch::randn({4, 8, 200, 64});
        auto conv = torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 16, 3).padding(1));
        const auto compute = [&] {
            auto y = conv(x);
            y.sum().backward();
            auto g = conv->weight.grad().clone();
            conv->weight.mutable_grad() = torch::Tensor();
            return std::make_pair(y.detach(), g);
        };
        const auto plain = compute();
        CpuBufferCache cache;
        for (int round = 0; round < 3; ++round) {
            const auto cached = compute();
            QVERIFY(torch::equal(cached.first, plain.first));
            QVERIFY(torch::equal(cached.second, plain.second));
        }
        std::vector<std::thread> threads;
        std::vector<int> ok(4, 0);
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                bool same = true;
                for (int i = 0; i < 20; ++i) {
                    auto a = torch::full({kBig / 4 + t * 1000}, float(t + i));
                    same = same && a.sum().item<double>() == double(t + i) * double(a.numel());
                }
                ok[size_t(t)] = same ? 1 : 0;
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(ok, std::vector<int>(4, 1));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestCpuBufferCache)
#include "tst_CpuBufferCache.moc"
