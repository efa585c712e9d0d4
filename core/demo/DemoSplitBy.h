#pragma once
// DemoSplitBy: what a demo world's train, val and test splits are disjoint by
// (DemoWorldParams::splitBy says what each choice measures).
//
//   params.splitBy = DemoSplitBy::Recording;
//   std::string name = demoSplitByName(params.splitBy);          // "recording": world.json, recipes
//   params.splitBy = parseDemoSplitBy("clip", "demo-world options");
#include <string>

namespace soundframe {

enum class DemoSplitBy {
    Recording,  // no recording sounds in two splits
    Clip,       // every recording may sound in every split; the splits differ in their clips
};

std::string demoSplitByName(DemoSplitBy splitBy);
// The choice `name` names; for any other name throws Error(where, "field 'split_by': ...").
DemoSplitBy parseDemoSplitBy(const std::string& name, const std::string& where);

} // namespace soundframe
