#include "AlignmentFile.h"

#include "base/Error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace soundframe {

using json = nlohmann::ordered_json;

std::string AlignmentFile::toJson() const
{
    json clipsJson = json::array();
    for (const auto& c : clips)
        clipsJson.push_back({{"clip", c.clip},
                             {"frame_seconds", c.frameSeconds},
                             {"audio_to_frame", c.alignment.audioToFrame},
                             {"segment_to_frame", c.alignment.segmentToFrame},
                             {"argmax_frame", c.alignment.argmaxFrame}});
    return json{{"segment_seconds", segmentSeconds}, {"clips", clipsJson}}.dump(1) + "\n";
}

AlignmentFile AlignmentFile::read(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    const json j = json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j.contains("clips") || !j["clips"].is_array())
        throw Error(file, "not an alignment file (no \"clips\" array)");
    AlignmentFile a;
    try {
        a.segmentSeconds = j.value("segment_seconds", 1.0);
        for (const auto& c : j["clips"]) {
            ClipAlignmentRecord r;
            r.clip = c.at("clip").get<std::string>();
            r.frameSeconds = c.at("frame_seconds").get<std::vector<double>>();
            r.alignment.audioToFrame = c.at("audio_to_frame").get<std::vector<double>>();
            r.alignment.segmentToFrame = c.at("segment_to_frame").get<std::vector<std::vector<double>>>();
            r.alignment.argmaxFrame = c.at("argmax_frame").get<int>();
            a.clips.push_back(std::move(r));
        }
    } catch (const json::exception& e) {
        throw Error(file, std::string("not an alignment file: ") + e.what());
    }
    return a;
}

} // namespace soundframe
