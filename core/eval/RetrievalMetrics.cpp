#include "RetrievalMetrics.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <algorithm>

namespace soundframe {

namespace {
// One query's similarity row as doubles, with a relevant flag per gallery item.
struct ScoredRow {
    torch::Tensor scores;  // keeps `s` alive
    const double* s = nullptr;
    int64_t n = 0;
    std::vector<char> isRelevant;
};

ScoredRow scoredRow(const torch::Tensor& row, const std::vector<int64_t>& relevant)
{
    ScoredRow out;
    out.scores = row.to(torch::kCPU, torch::kFloat64).contiguous();
    out.s = out.scores.data_ptr<double>();
    out.n = out.scores.numel();
    out.isRelevant.assign(size_t(out.n), 0);
    for (auto r : relevant) {
        if (r < 0 || r >= out.n)
            throw Error("retrieval: relevant index " + std::to_string(r) + " outside a gallery of "
                        + std::to_string(out.n));
        out.isRelevant[size_t(r)] = 1;
    }
    return out;
}
} // namespace

std::vector<int64_t> relevantRanks(const torch::Tensor& row, const std::vector<int64_t>& relevant)
{
    const ScoredRow scored = scoredRow(row, relevant);
    const double* s = scored.s;
    const int64_t n = scored.n;
    const auto& isRelevant = scored.isRelevant;
    std::vector<int64_t> ranks;
    for (auto r : relevant) {
        // One pass per relevant item: items strictly better, tied irrelevant items, and tied relevant
        // items earlier in the gallery all come first.
        int64_t before = 0;
        for (int64_t g = 0; g < n; ++g) {
            if (g == r)
                continue;
            if (s[g] > s[r] || (s[g] == s[r] && (!isRelevant[size_t(g)] || g < r)))
                ++before;
        }
        ranks.push_back(before + 1);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    return ranks;
}

std::vector<int64_t> topRanked(const torch::Tensor& row, const std::vector<int64_t>& relevant, int64_t k)
{
    const ScoredRow scored = scoredRow(row, relevant);
    const double* s = scored.s;
    const int64_t n = scored.n;
    const auto& isRelevant = scored.isRelevant;
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t g = 0; g < n; ++g)
        order[size_t(g)] = g;
    // Higher score first; on a tie irrelevant before relevant, then gallery order (as relevantRanks).
    const auto before = [&](int64_t a, int64_t b) {
        if (s[a] != s[b])
            return s[a] > s[b];
        if (isRelevant[size_t(a)] != isRelevant[size_t(b)])
            return !isRelevant[size_t(a)];
        return a < b;
    };
    const auto count = size_t(std::clamp<int64_t>(k, 0, n));
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(count), order.end(), before);
    order.resize(count);
    return order;
}

RetrievalScores retrievalScores(const torch::Tensor& similarity, const std::vector<std::vector<int64_t>>& relevant)
{
    if (similarity.dim() != 2 || similarity.size(0) != int64_t(relevant.size()))
        throw Error("retrieval: need a [queries, gallery] matrix and one relevant list per query");
    RetrievalScores out;
    out.queries = similarity.size(0);
    if (out.queries == 0)
        return out;
    const auto matrix = similarity.to(torch::kCPU, torch::kFloat64).contiguous();
    std::vector<double> firstRanks;
    double hits1 = 0, hits5 = 0, hits10 = 0, apSum = 0;
    for (int64_t q = 0; q < out.queries; ++q) {
        if (relevant[size_t(q)].empty())
            throw Error("retrieval: query " + std::to_string(q) + " has no relevant item");
        const auto ranks = relevantRanks(matrix[q], relevant[size_t(q)]);
        const auto first = ranks.front();
        hits1 += first <= 1;
        hits5 += first <= 5;
        hits10 += first <= 10;
        firstRanks.push_back(double(first));
        double precisionSum = 0;
        for (size_t i = 0; i < ranks.size() && ranks[i] <= 10; ++i)
            precisionSum += double(i + 1) / double(ranks[i]);  // P@rank at each relevant hit
        apSum += precisionSum / double(std::min<size_t>(ranks.size(), 10));
    }
    const double n = double(out.queries);
    out.recallAt1 = 100.0 * hits1 / n;
    out.recallAt5 = 100.0 * hits5 / n;
    out.recallAt10 = 100.0 * hits10 / n;
    out.mapAt10 = 100.0 * apSum / n;
    std::sort(firstRanks.begin(), firstRanks.end());
    const size_t mid = firstRanks.size() / 2;
    out.medianRank = firstRanks.size() % 2 ? firstRanks[mid] : 0.5 * (firstRanks[mid - 1] + firstRanks[mid]);
    double total = 0;
    for (double r : firstRanks)
        total += r;
    out.meanRank = total / n;
    return out;
}

} // namespace soundframe
