#include "eval/ClassRetrievalTally.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace soundframe {

double ClassRetrievalTally::chanceOfHit(int64_t items, int64_t relevant, int k)
{
    // C(n-r, k) / C(n, k) as a product, which stays exact enough for large n.
    double miss = 1;
    for (int64_t i = 0; i < k && i < items; ++i)
        miss *= double(items - relevant - i) / double(items - i);
    return 1 - std::max(0.0, miss);
}

void ClassRetrievalTally::add(int64_t firstRank, int64_t items, int64_t relevant, bool heardInTraining,
                              const std::string& topItem)
{
    ++m_classes;
    m_heard += heardInTraining;
    for (int j = 0; j < 3; ++j) {
        const bool hit = firstRank <= kCuts[j];
        m_hits[j] += hit;
        m_heardHits[j] += hit && heardInTraining;
        m_chance[j] += chanceOfHit(items, relevant, kCuts[j]);
    }
    m_chanceRankSum += double(items + 1) / double(relevant + 1);
    m_ranks.push_back(double(firstRank));
    if (!topItem.empty())
        ++m_firstCounts[topItem];
}

nlohmann::ordered_json ClassRetrievalTally::toJson() const
{
    auto percent = [](double v, int of) { return of ? std::round(1000.0 * v / of) / 10 : 0.0; };
    auto tenth = [](double v) { return std::round(10 * v) / 10; };
    std::pair<std::string, int> hub{"", 0};
    for (const auto& [item, count] : m_firstCounts)
        if (count > hub.second)
            hub = {item, count};
    std::vector<double> sorted = m_ranks;
    std::sort(sorted.begin(), sorted.end());
    const double rankSum = std::accumulate(m_ranks.begin(), m_ranks.end(), 0.0);
    return {{"classes", m_classes},
            {"classes_heard_in_training", m_heard},
            {"top1", percent(m_hits[0], m_classes)},
            {"top5", percent(m_hits[1], m_classes)},
            {"top10", percent(m_hits[2], m_classes)},
            {"top10_heard_classes", percent(m_heardHits[2], m_heard)},
            {"top10_unheard_classes", percent(m_hits[2] - m_heardHits[2], m_classes - m_heard)},
            {"mean_first_rank", m_classes ? tenth(rankSum / m_classes) : 0.0},
            {"median_first_rank", sorted.empty() ? 0.0 : sorted[sorted.size() / 2]},
            {"chance_top1", percent(m_chance[0], m_classes)},
            {"chance_top5", percent(m_chance[1], m_classes)},
            {"chance_top10", percent(m_chance[2], m_classes)},
            {"chance_mean_first_rank", m_classes ? tenth(m_chanceRankSum / m_classes) : 0.0},
            {"most_frequent_first", hub.first},
            {"most_frequent_first_count", hub.second}};
}

} // namespace soundframe
