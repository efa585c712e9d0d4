#include "TrainMetrics.h"

#include <nlohmann/json.hpp>

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

} // namespace soundframe
