#include "ClipPairingRegistry.h"

#include "CaptionPairing.h"
#include "ClipPairing.h"
#include "MultiframePairing.h"
#include "NearestFramePairing.h"
#include "RandomFramePairing.h"
#include "TagPairing.h"
#include "base/Error.h"

#include <algorithm>
#include <mutex>

namespace soundframe {

namespace {
struct Entry {
    std::string name;  // as configs and the command line spell it
    ClipPairingRegistry::Factory factory;
    MatchingTraits traits;
};

template <typename P>
Entry entry(const std::string& name)
{
    return {name, [](const PairingContext& context) -> std::unique_ptr<ClipPairing> { return std::make_unique<P>(context); },
            P::traits};
}

struct Registry {
    std::mutex mutex;
    // Stage 1's matchings, in the order they are listed and compared.
    std::vector<Entry> matchings{
        entry<RandomFramePairing>("random"),
        entry<NearestFramePairing>("nearest"),
        entry<MultiframePairing>("multiframe"),
    };

    // Call with `mutex` held.
    Entry* find(const std::string& name)
    {
        const auto it = std::find_if(matchings.begin(), matchings.end(), [&](const Entry& e) { return e.name == name; });
        return it == matchings.end() ? nullptr : &*it;
    }
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
        const Entry* e = registry().find(c.matching);
        if (!e)
            throw Error(std::string("training config"), "matching: no pairing is registered as '" + c.matching + "'");
        make = e->factory;
    }
    return make(context);
}

void ClipPairingRegistry::add(const std::string& matching, Factory factory, MatchingTraits traits)
{
    std::lock_guard lock(registry().mutex);
    if (Entry* e = registry().find(matching))
        *e = {matching, std::move(factory), traits};
    else
        registry().matchings.push_back({matching, std::move(factory), traits});
}

bool ClipPairingRegistry::has(const std::string& matching)
{
    std::lock_guard lock(registry().mutex);
    return registry().find(matching) != nullptr;
}

std::vector<std::string> ClipPairingRegistry::matchings()
{
    std::lock_guard lock(registry().mutex);
    std::vector<std::string> names;
    for (const Entry& e : registry().matchings)
        names.push_back(e.name);
    return names;
}

std::string ClipPairingRegistry::matchingsText()
{
    std::string text;
    for (const std::string& name : matchings())
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

MatchingTraits ClipPairingRegistry::traits(const std::string& matching)
{
    std::lock_guard lock(registry().mutex);
    const Entry* e = registry().find(matching);
    return e ? e->traits : MatchingTraits{};
}

} // namespace soundframe
