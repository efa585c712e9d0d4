#pragma once
// ClipPairingRegistry: the pairings a TrainConfig can name, and the one place that makes them.
//
//   auto pairing = ClipPairingRegistry::make({config, cache, device, rank});  // by stage and matching
//   ClipPairingRegistry::add("toy", [](const PairingContext& c) { return std::make_unique<Toy>(c); });
//   ClipPairingRegistry::matchings();   // {"multiframe", "nearest", "random", ...}: stage 1's names
//
// Stage 1 ("pretrain") pairs by `matching`; "finetune" is CaptionPairing and "tag" TagPairing
// whatever `matching` says. Built-ins: random, nearest, multiframe (ClipPairingRegistry.cpp); `add`
// registers another stage-1 matching (or replaces one) for the whole process.
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
    static void add(const std::string& matching, Factory factory);
    static bool has(const std::string& matching);
    static std::vector<std::string> matchings();  // sorted
};

} // namespace soundframe
