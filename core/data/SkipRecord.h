#pragma once
// SkipRecord: one item a job left out, and why; the rest of the job went on.
//
//   contents.skipped.push_back({"train.csv:17", "expected 4 fields, found 3"});
//   for (const auto& s : contents.skipped) std::cerr << s.where << ": " << s.reason << "\n";
//
// `where` is "file:line" for a manifest line (line counted from 1) or a media path.
#include <string>

namespace soundframe {

struct SkipRecord {
    std::string where;   // "file:line" or a media path
    std::string reason;  // short, human-readable, e.g. "end 3 <= start 5"
};

} // namespace soundframe
