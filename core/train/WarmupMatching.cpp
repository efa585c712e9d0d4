#include "WarmupMatching.h"

namespace soundframe {

std::string warmupMatchingName(WarmupMatching matching)
{
    return matching == WarmupMatching::Multiframe ? "multiframe" : "random";
}

std::optional<WarmupMatching> warmupMatchingFromName(const std::string& name)
{
    for (const auto matching : {WarmupMatching::Random, WarmupMatching::Multiframe})
        if (warmupMatchingName(matching) == name)
            return matching;
    return std::nullopt;
}

} // namespace soundframe
