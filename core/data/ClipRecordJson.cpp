#include "ClipRecordJson.h"

namespace soundframe {

nlohmann::ordered_json clipRecordToJson(const ClipRecord& clip)
{
    nlohmann::ordered_json j;
    j["id"] = clip.id;
    j["path"] = clip.mediaPath;
    j["start"] = clip.start;
    j["end"] = clip.end;
    j["captions"] = clip.captions;
    j["labels"] = clip.labels;
    j["split"] = clip.split;
    if (clip.fold > 0)
        j["fold"] = clip.fold;
    auto& events = j["events"] = nlohmann::ordered_json::array();
    for (const auto& e : clip.events)
        events.push_back({{"label", e.label}, {"start", e.start}, {"end", e.end}, {"visible_frames", e.visibleFrames}});
    return j;
}

ClipRecord clipRecordFromJson(const nlohmann::json& j)
{
    ClipRecord clip;
    clip.id = j.value("id", std::string());
    clip.mediaPath = j.at("path").get<std::string>();
    clip.start = j.value("start", 0.0);
    clip.end = j.value("end", -1.0);
    clip.captions = j.value("captions", std::vector<std::string>());
    clip.labels = j.value("labels", std::vector<std::string>());
    clip.split = j.value("split", std::string());
    clip.fold = j.value("fold", 0);
    if (j.contains("events"))
        for (const auto& e : j.at("events"))
            clip.events.push_back({e.at("label").get<std::string>(), e.at("start").get<double>(),
                                   e.at("end").get<double>(), e.value("visible_frames", std::vector<int>())});
    return clip;
}

} // namespace soundframe
