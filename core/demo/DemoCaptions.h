#pragma once
// DemoCaptions: the demo world's texts — captions of clips (what is heard), of pictures and of
// still scenes (what is seen) — from the sources' names, phrases and descriptions through varied
// templates.
//
//   std::vector<DemoCaptions::Heard> events = {{&cow, "a cow moos", 0.2, 1.5}, {&door, "a door opens", 2.0, 2.4}};
//   DemoCaptions::forClip(events, random);   // {"a cow moos, then a door opens", "sounds of cow and door", ...}
//   DemoCaptions::withArticle("owl");        // "an owl"
//
// Deterministic for the same inputs and random state.
#include "demo/DemoRandom.h"
#include "demo/DemoSource.h"

#include <string>
#include <vector>

namespace soundframe {

class DemoCaptions {
public:
    struct Heard {
        const DemoSource* source = nullptr;
        std::string phrase;          // the phrase drawn for this event, e.g. "a cow moos"
        double start = 0, end = 0;   // seconds in the clip
    };
    struct Seen {
        const DemoSource* source = nullptr;
        std::string kind;            // "photo", "drawing" or "sprite"
    };

    // 3 to 5 different captions for a clip whose events are given in the order they start.
    static std::vector<std::string> forClip(const std::vector<Heard>& events, DemoRandom& random);
    // Captions of one picture of `source` shown alone: "a drawing of a cow", "cow", "a cow moos", ...
    static std::vector<std::string> forPicture(const DemoSource& source, const std::string& kind);
    // 3 captions of a still scene showing `shown` (0, 1 or 2 pictures, left to right).
    static std::vector<std::string> forScene(const std::vector<Seen>& shown, DemoRandom& random);
    // "a cow", "an owl", "rain", "japanese music": a name as it reads after "of".
    static std::string withArticle(const std::string& name);
};

} // namespace soundframe
