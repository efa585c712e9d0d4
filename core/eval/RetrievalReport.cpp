#include "RetrievalReport.h"

#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace soundframe {

const std::vector<std::string>& RetrievalReport::directionOrder()
{
    static const std::vector<std::string> order{"text_to_audio", "audio_to_text", "audio_to_image",
                                                "image_to_audio"};
    return order;
}

void RetrievalReport::set(const std::string& direction, const RetrievalScores& scores)
{
    m_directions[direction] = scores;
}

const RetrievalScores& RetrievalReport::get(const std::string& direction) const
{
    const auto it = m_directions.find(direction);
    if (it == m_directions.end())
        throw Error("retrieval report: no direction '" + direction + "'");
    return it->second;
}

std::string RetrievalReport::toJson() const
{
    nlohmann::ordered_json j;
    for (const auto& [direction, s] : m_directions)
        j[direction] = {{"R@1", s.recallAt1}, {"R@5", s.recallAt5}, {"R@10", s.recallAt10},
                        {"mAP@10", s.mapAt10}, {"medR", s.medianRank}, {"meanR", s.meanRank},
                        {"queries", s.queries}};
    for (const auto& [key, value] : counts)
        j[key] = value;
    for (const auto& [key, value] : labels)
        j[key] = value;
    return j.dump(2) + "\n";
}

RetrievalReport RetrievalReport::fromJson(const std::string& text)
{
    RetrievalReport report;
    try {
        const auto j = nlohmann::json::parse(text);
        for (const auto& [key, value] : j.items()) {
            if (value.is_object() && value.contains("R@1")) {  // other objects (e.g. "zero_shot") are extras
                RetrievalScores s;
                s.recallAt1 = value.at("R@1").get<double>();
                s.recallAt5 = value.at("R@5").get<double>();
                s.recallAt10 = value.at("R@10").get<double>();
                s.mapAt10 = value.at("mAP@10").get<double>();
                s.medianRank = value.at("medR").get<double>();
                s.meanRank = value.value("meanR", 0.0);
                s.queries = value.value("queries", int64_t(0));
                report.set(key, s);
            } else if (value.is_number_integer()) {
                report.counts[key] = value.get<int64_t>();
            } else if (value.is_string()) {
                report.labels[key] = value.get<std::string>();
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed retrieval report: ") + e.what());
    }
    return report;
}

std::string RetrievalReport::toMarkdown() const
{
    std::string out = "| direction | R@1 | R@5 | R@10 | mAP@10 | medR |\n|---|---:|---:|---:|---:|---:|\n";
    auto row = [&](const std::string& direction, const RetrievalScores& s) {
        char line[200];
        std::snprintf(line, sizeof line, "| %s | %.1f | %.1f | %.1f | %.1f | %g |\n", direction.c_str(),
                      s.recallAt1, s.recallAt5, s.recallAt10, s.mapAt10, s.medianRank);
        out += line;
    };
    for (const auto& direction : directionOrder())
        if (has(direction))
            row(direction, get(direction));
    for (const auto& [direction, s] : m_directions)
        if (std::find(directionOrder().begin(), directionOrder().end(), direction) == directionOrder().end())
            row(direction, s);
    return out;
}

} // namespace soundframe
