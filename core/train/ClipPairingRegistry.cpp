#include "ClipPairingRegistry.h"

#include "CaptionPairing.h"
#include "ClipPairing.h"
#include "MultiframePairing.h"
#include "NearestFramePairing.h"
#include "RandomFramePairing.h"
#include "TagPairing.h"
#include "base/Error.h"

#include <map>
#include <mutex>

namespace soundframe {

namespace {
template <typename P>
ClipPairingRegistry::Factory factory()
{
    return [](const PairingContext& context) -> std::unique_ptr<ClipPairing> { return std::make_unique<P>(context); };
}

struct Registry {
    std::mutex mutex;
    // Stage 1's matchings, by the name configs use.
    std::map<std::string, ClipPairingRegistry::Factory> matchings{
        {"random", factory<RandomFramePairing>()},
        {"nearest", factory<NearestFramePairing>()},
        {"multiframe", factory<MultiframePairing>()},
    };
};

Registry& registry()
{
    static Registry r;
    return r;
}
} // namespace

std::unique_ptr<ClipPairing> ClipPairingRegistry::make(const PairingContext& context)
{
    const auto& c = context.config;
    if (c.stage == TrainStage::Finetune)
        return std::make_unique<CaptionPairing>(context);
    if (c.stage == TrainStage::Tag)
        return std::make_unique<TagPairing>(context);
    if (!context.cache.settings().withFrames)
        throw Error(c.trainCache, "stage 1 needs frames, but this cache was prepared audio-only");
    Factory make;
    {
        std::lock_guard lock(registry().mutex);
        const auto it = registry().matchings.find(c.matching);
        if (it == registry().matchings.end())
            throw Error(std::string("training config"), "matching: no pairing is registered as '" + c.matching + "'");
        make = it->second;
    }
    return make(context);
}

void ClipPairingRegistry::add(const std::string& matching, Factory factory)
{
    std::lock_guard lock(registry().mutex);
    registry().matchings[matching] = std::move(factory);
}

bool ClipPairingRegistry::has(const std::string& matching)
{
    std::lock_guard lock(registry().mutex);
    return registry().matchings.count(matching) > 0;
}

std::vector<std::string> ClipPairingRegistry::matchings()
{
    std::lock_guard lock(registry().mutex);
    std::vector<std::string> names;
    for (const auto& [name, f] : registry().matchings)
        names.push_back(name);
    return names;
}

} // namespace soundframe
