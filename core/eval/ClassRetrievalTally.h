#pragma once
// ClassRetrievalTally: class-level retrieval figures — one query per class, a hit at k when one of
// the class's own items ranks in the top k — with the chance level of a uniformly random ranking.
//
//   ClassRetrievalTally t;
//   t.add(/*firstRank=*/3, /*items=*/384, /*relevant=*/2, /*heardInTraining=*/true, "dog.ogg");
//   nlohmann::ordered_json j = t.toJson();   // {"classes":1, "top1":0, "top5":100, "top10":100, ...}
//
// Percentages 0-100 rounded to 0.1. Chance of a hit at k with r relevant among n: 1 - C(n-r, k) / C(n, k);
// chance of the first relevant rank: (n + 1) / (r + 1). "Heard" splits the top-10 figure by whether
// the class's sound was in the training data. `topItem` (the item ranked first) finds hubs: items that
// come first for many queries.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class ClassRetrievalTally {
public:
    static constexpr int kCuts[3] = {1, 5, 10};

    // `firstRank`: 1-based rank of the class's first relevant item among `items`; `relevant` of them are.
    void add(int64_t firstRank, int64_t items, int64_t relevant, bool heardInTraining, const std::string& topItem = {});
    int classes() const { return m_classes; }
    nlohmann::ordered_json toJson() const;

    // P(at least one of `relevant` items among `items` lands in the top k of a uniform ranking).
    static double chanceOfHit(int64_t items, int64_t relevant, int k);

private:
    int m_classes = 0;
    int m_heard = 0;
    double m_hits[3] = {0, 0, 0};
    double m_heardHits[3] = {0, 0, 0};
    double m_chance[3] = {0, 0, 0};
    double m_chanceRankSum = 0;
    std::vector<double> m_ranks;
    std::map<std::string, int> m_firstCounts;  // item -> how often it ranked first
};

} // namespace soundframe
