#pragma once
// Retrieval metrics for one direction (e.g. text->audio), from a query x gallery similarity matrix.
//
//   // 3 captions as queries against 2 clips; caption i describes clip relevant[i][0]
//   RetrievalScores s = retrievalScores(similarity /*[3, 2]*/, {{0}, {0}, {1}});
//   s.recallAt1;   // percent of queries whose first relevant item ranks 1st
//
// Conventions (field standard, AudioCaps / Clotho / DCASE task 6b):
//  - R@k: percent (0-100) of queries whose FIRST relevant item has rank <= k.
//  - mAP@10: mean over queries of AP@10 = sum_{k<=10} P@k * rel(k) / min(#relevant, 10), in percent.
//  - medR / meanR: median / mean rank of the first relevant item (ranks start at 1).
//  - Ties are broken against the query: an item tied with an irrelevant one ranks after it, and
//    tied relevant items keep their gallery order. Identical scores never flatter a model.
// Every query needs at least one relevant gallery index (Error otherwise).
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace soundframe {

struct RetrievalScores {
    double recallAt1 = 0;    // percent
    double recallAt5 = 0;    // percent
    double recallAt10 = 0;   // percent
    double mapAt10 = 0;      // percent
    double medianRank = 0;   // of the first relevant item; 1 is best
    double meanRank = 0;
    int64_t queries = 0;
};

RetrievalScores retrievalScores(const torch::Tensor& similarity,
                                const std::vector<std::vector<int64_t>>& relevant);

// The 1-based ranks of each relevant item of `query` under the tie convention above, ascending.
std::vector<int64_t> relevantRanks(const torch::Tensor& similarityRow, const std::vector<int64_t>& relevant);

// The gallery indices of the `k` best items for `query` in rank order under the tie convention above
// (fewer when the gallery is smaller): a relevant item at position p has rank p + 1 in relevantRanks.
// Error for a relevant index outside the gallery, as relevantRanks.
std::vector<int64_t> topRanked(const torch::Tensor& similarityRow, const std::vector<int64_t>& relevant, int64_t k);

} // namespace soundframe
