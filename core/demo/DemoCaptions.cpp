#include "DemoCaptions.h"

#include <algorithm>
#include <set>

namespace soundframe {
namespace {

std::string joinWith(const std::vector<std::string>& items, const std::string& last)
{
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
        out += (i == 0 ? "" : i + 1 == items.size() ? " " + last + " " : ", ") + items[i];
    return out;
}

const std::string& drawPhrase(const DemoSource& source, DemoRandom& random)
{
    return source.phrases.empty() ? source.name : source.phrases[size_t(random.below(int(source.phrases.size())))];
}

} // namespace

std::string DemoCaptions::withArticle(const std::string& name)
{
    static const std::set<std::string> uncountable{
        "applause", "bongos", "castanets", "coins", "crumpling paper", "factory", "fire", "frogs", "lightning",
        "maracas", "merfolk", "rain", "rumble", "timpani", "water splash", "knocking"};
    const bool music = name.size() >= 5 && name.compare(name.size() - 5, 5, "music") == 0;
    if (name.empty() || music || uncountable.count(name))
        return name;
    return (std::string("aeiou").find(name[0]) != std::string::npos ? "an " : "a ") + name;
}

std::vector<std::string> DemoCaptions::forClip(const std::vector<Heard>& events, DemoRandom& random)
{
    if (events.empty())
        return {};
    // One name per source, in the order the events start.
    std::vector<std::string> names, phrases;
    for (const auto& ev : events)
        if (std::find(names.begin(), names.end(), ev.source->name) == names.end()) {
            names.push_back(ev.source->name);
            phrases.push_back(ev.phrase);
        }
    std::vector<std::string> candidates;
    if (phrases.size() == 1) {
        std::string other = "sounds of " + names[0];
        for (const auto& phrase : events[0].source->phrases)
            if (phrase != phrases[0]) {
                other = phrase;
                break;
            }
        const size_t n = events.size();
        candidates = {phrases[0], other, "the sound of " + withArticle(names[0]), names[0] + " sounds",
                      phrases[0] + (n == 1 ? " once" : n == 2 ? " twice" : " again and again"),
                      "a short clip where " + phrases[0]};
    } else {
        std::string sequence = phrases[0];
        for (size_t i = 1; i < phrases.size(); ++i)
            sequence += ", then " + phrases[i];
        candidates.push_back(sequence);
        candidates.push_back("first " + sequence);
        candidates.push_back(joinWith(phrases, "and"));
        candidates.push_back("sounds of " + joinWith(names, "and"));
        const auto& a = events[0];
        const auto& b = events[1];
        if (b.start < a.end && a.source != b.source)
            candidates.push_back(phrases[0] + " while " + phrases[1]);
        else
            candidates.push_back(phrases[1] + " after " + phrases[0]);
        candidates.push_back(names.size() == 2 ? names[0] + " and " + names[1] : joinWith(names, "and") + " together");
    }
    random.shuffle(candidates);
    std::vector<std::string> captions;
    for (const auto& text : candidates)
        if (std::find(captions.begin(), captions.end(), text) == captions.end())
            captions.push_back(text);
    captions.resize(std::min(captions.size(), size_t(3 + random.below(3))));
    return captions;
}

std::vector<std::string> DemoCaptions::forPicture(const DemoSource& source, const std::string& kind)
{
    std::vector<std::string> captions{"a " + kind + " of " + withArticle(source.name), source.name};
    if (!source.phrases.empty())
        captions.push_back(source.phrases[0]);
    for (const auto& d : source.descriptions)
        if (captions.size() < 4 && d.size() < 120)
            captions.push_back(d);
    return captions;
}

std::vector<std::string> DemoCaptions::forScene(const std::vector<Seen>& shown, DemoRandom& random)
{
    if (shown.empty())
        return {"an empty scene", "a plain background", "nothing to see"};
    if (shown.size() == 1) {
        const DemoSource& s = *shown[0].source;
        return {"a " + shown[0].kind + " of " + withArticle(s.name), s.name, drawPhrase(s, random)};
    }
    const DemoSource& a = *shown[0].source;
    const DemoSource& b = *shown[1].source;
    return {withArticle(a.name) + " and " + withArticle(b.name),
            withArticle(a.name) + " next to " + withArticle(b.name),
            drawPhrase(a, random) + " and " + drawPhrase(b, random)};
}

} // namespace soundframe
