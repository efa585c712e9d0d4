#pragma once
// EpochPlan: which clips form each batch of each epoch, and every other random draw of training,
// as pure functions of (seed, epoch, item). A resumed run and every rank of a distributed run
// therefore see exactly the draws an uninterrupted single run would.
//
//   EpochPlan plan(cache.size(), config.batchSize, config.seed, rank, worldSize);
//   for (int64_t b = 0; b < plan.batchesPerEpoch(); ++b)
//       for (int64_t clip : plan.localBatch(epoch, b)) ...;
//   int64_t frame = EpochPlan::draw(seed, epoch, clip, EpochPlan::kFrameSalt, frameCount);
//
// The last incomplete batch of an epoch is dropped: every step contrasts a full batch.
#include <cstdint>
#include <vector>

namespace soundframe {

class EpochPlan {
public:
    static constexpr uint64_t kFrameSalt = 1;    // Random match: which frame a clip is paired with
    static constexpr uint64_t kCaptionSalt = 2;  // stage 2: which caption a clip is paired with

    // batchSize is global; it must be a multiple of worldSize (Error otherwise).
    EpochPlan(int64_t items, int batchSize, uint64_t seed, int rank = 0, int worldSize = 1);

    int64_t batchesPerEpoch() const { return m_items / m_batchSize; }
    // All items of global batch `batch` of `epoch`, in order.
    std::vector<int64_t> globalBatch(int epoch, int64_t batch) const;
    // This rank's contiguous share of the global batch.
    std::vector<int64_t> localBatch(int epoch, int64_t batch) const;
    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }

    // A uniform integer in [0, n), the same wherever and whenever it is asked for.
    static int64_t draw(uint64_t seed, int epoch, int64_t item, uint64_t salt, int64_t n);

private:
    std::vector<int64_t> permutation(int epoch) const;

    int64_t m_items;
    int m_batchSize;
    uint64_t m_seed;
    int m_rank;
    int m_worldSize;
};

} // namespace soundframe
