#pragma once
// RetrievalReport: the four retrieval directions of one evaluation, as JSON and as a Markdown table.
//
//   RetrievalReport report;
//   report.set("text_to_audio", retrievalScores(textAudioSim, captionToClip));
//   report.counts = {{"n_audio", 975}, {"n_text", 4875}};
//   writeFileAtomically("report.json", report.toJson());
//
// JSON schema (shared by every run, so runs compare): percentages 0-100,
//   {"text_to_audio": {"R@1":…, "R@5":…, "R@10":…, "mAP@10":…, "medR":…, "meanR":…, "queries":…},
//    "audio_to_text": {…}, "audio_to_image": {…}, "image_to_audio": {…}, "n_audio": N, "n_text": M, …}
#include "RetrievalMetrics.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class RetrievalReport {
public:
    // The directions in the order tables show them.
    static const std::vector<std::string>& directionOrder();

    void set(const std::string& direction, const RetrievalScores& scores);
    bool has(const std::string& direction) const { return m_directions.count(direction) != 0; }
    const RetrievalScores& get(const std::string& direction) const;

    std::map<std::string, int64_t> counts;         // "n_audio", "n_text", "n_image", ...
    std::map<std::string, std::string> labels;     // free description: "run", "stage", "matching", ...

    std::string toJson() const;
    static RetrievalReport fromJson(const std::string& text);
    // One row per direction present: | direction | R@1 | R@5 | R@10 | mAP@10 | medR |
    std::string toMarkdown() const;

private:
    std::map<std::string, RetrievalScores> m_directions;
};

} // namespace soundframe
