#include "TrainMetrics.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace soundframe {

std::string TrainMetrics::toJson() const
{
    nlohmann::ordered_json j{{"kind", kind},
                             {"epoch", epoch},
                             {"step", step},
                             {"total_steps", totalSteps},
                             {"loss", loss},
                             {"lr", learningRate},
                             {"temperature", temperature},
                             {"samples_per_s", samplesPerSecond},
                             {"world_size", worldSize}};
    if (!validation.empty())
        j["validation"] = validation;
    return j.dump();
}

std::optional<TrainMetrics> TrainMetrics::fromJson(const std::string& line)
{
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string())
        return std::nullopt;
    try {
        TrainMetrics m;
        m.kind = j.at("kind").get<std::string>();
        m.epoch = j.value("epoch", 0);
        m.step = j.value("step", int64_t(0));
        m.totalSteps = j.value("total_steps", int64_t(0));
        m.loss = j.value("loss", 0.0);
        m.learningRate = j.value("lr", 0.0);
        m.temperature = j.value("temperature", 0.0);
        m.samplesPerSecond = j.value("samples_per_s", 0.0);
        m.worldSize = j.value("world_size", 1);
        if (j.contains("validation"))
            m.validation = j.at("validation").get<std::map<std::string, double>>();
        return m;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // a field of the wrong type: not one of ours
    }
}

std::vector<TrainMetrics> TrainMetrics::readFile(const std::filesystem::path& file)
{
    std::vector<TrainMetrics> records;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (auto m = fromJson(line))
            records.push_back(std::move(*m));
    return records;
}

} // namespace soundframe
