#pragma once
// WarmupMatching: how Nearest Match pairs during its warm-up epochs, before the argmax takes over.
// The names ("random", "multiframe") exist only in configs and on the command line
// (`pretrain --warmup-matching`).
#include <optional>
#include <string>

namespace soundframe {

enum class WarmupMatching {
    Random,      // the paper's: a random frame of the clip
    Multiframe,  // ours: Multiframe Match, so the first argmax starts from an encoder that maps
                 // sounds to the frames showing them (docs/demo-study.md, section 9)
};

std::string warmupMatchingName(WarmupMatching matching);
// nullopt for an unknown name.
std::optional<WarmupMatching> warmupMatchingFromName(const std::string& name);

} // namespace soundframe
