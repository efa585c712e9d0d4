#include "EpochPlan.h"

#include "base/Error.h"

#include <numeric>

namespace soundframe {

namespace {
// splitmix64: a fast, well-mixed hash of a 64-bit counter.
uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}
} // namespace

EpochPlan::EpochPlan(int64_t items, int batchSize, uint64_t seed, int rank, int worldSize)
    : m_items(items), m_batchSize(batchSize), m_seed(seed), m_rank(rank), m_worldSize(worldSize)
{
    if (batchSize < 1 || worldSize < 1 || batchSize % worldSize != 0)
        throw Error("batch size " + std::to_string(batchSize) + " must be a positive multiple of the "
                    + std::to_string(worldSize) + " processes");
    if (items < batchSize)
        throw Error("only " + std::to_string(items) + " clips for batches of " + std::to_string(batchSize)
                    + ": lower the batch size or prepare more clips");
}

int64_t EpochPlan::draw(uint64_t seed, int epoch, int64_t item, uint64_t salt, int64_t n)
{
    const uint64_t h = mix(mix(mix(mix(seed) ^ uint64_t(epoch)) ^ uint64_t(item)) ^ salt);
    return int64_t(h % uint64_t(n));
}

std::vector<int64_t> EpochPlan::permutation(int epoch) const
{
    std::vector<int64_t> order(static_cast<size_t>(m_items), 0);
    std::iota(order.begin(), order.end(), 0);
    // Fisher-Yates with our own draws: std::shuffle's output differs between standard libraries.
    for (int64_t i = m_items - 1; i > 0; --i)
        std::swap(order[size_t(i)], order[size_t(draw(m_seed, epoch, i, 0, i + 1))]);
    return order;
}

std::vector<int64_t> EpochPlan::globalBatch(int epoch, int64_t batch) const
{
    const auto order = permutation(epoch);
    return {order.begin() + batch * m_batchSize, order.begin() + (batch + 1) * m_batchSize};
}

std::vector<int64_t> EpochPlan::localBatch(int epoch, int64_t batch) const
{
    const auto global = globalBatch(epoch, batch);
    const int share = m_batchSize / m_worldSize;
    return {global.begin() + m_rank * share, global.begin() + (m_rank + 1) * share};
}

} // namespace soundframe
