#pragma once
// ClipPairingRegistry: the pairings a TrainConfig can name, and the one place that makes them.
//
//   auto pairing = ClipPairingRegistry::make({config, cache, device, rank});  // by stage and matching
//   ClipPairingRegistry::add("toy", [](const PairingContext& c) { return std::make_unique<Toy>(c); });
//   ClipPairingRegistry::matchings();        // {"random", "nearest", "multiframe", ...}: stage 1's names
//   ClipPairingRegistry::traits("nearest");  // what it does (MatchingTraits), for views and configs
//
// Stage 1 ("pretrain") pairs by `matching`; "finetune" is CaptionPairing and "tag" TagPairing
// whatever `matching` says. Built-ins: random, nearest, multiframe (ClipPairingRegistry.cpp); `add`
// registers another stage-1 matching (or replaces one) for the whole process.
#include "MatchingTraits.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

// Declared only, so config code can ask for names without compiling LibTorch's headers.
class ClipPairing;
struct PairingContext;

class ClipPairingRegistry {
public:
    using Factory = std::function<std::unique_ptr<ClipPairing>(const PairingContext&)>;

    static std::unique_ptr<ClipPairing> make(const PairingContext& context);
    static void add(const std::string& matching, Factory factory, MatchingTraits traits = {});
    static bool has(const std::string& matching);
    // The paper's order (Random, Nearest, Multiframe), then the added ones as they were added: the
    // order the app lists and compares them in.
    static std::vector<std::string> matchings();
    // The same names as one line, "random, nearest, multiframe": what an error about a name expects.
    static std::string matchingsText();
    // A registered matching's traits; {} for an unknown name (nothing to pick, no segments).
    static MatchingTraits traits(const std::string& matching);
};

} // namespace soundframe
