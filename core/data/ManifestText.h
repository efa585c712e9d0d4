#pragma once
// Small text helpers shared by the manifest readers: numbers, times in ids, "file:line".
//
//   double start;
//   if (!parseSeconds(" 30.000", start)) skip("start is not a number");
//   clip.id = ytid + "_" + formatSeconds(start);            // "--PJHxphWEs_30"
//   skipped.push_back({lineWhere(manifest, 17), reason});    // "train.csv:17"
#include <filesystem>
#include <string>
#include <string_view>

namespace soundframe {

// Trims spaces, tabs, CR and LF at both ends.
std::string_view trimmed(std::string_view text);
// ASCII letters lowered; other bytes (UTF-8 included) unchanged.
std::string lowerAscii(std::string_view text);
// A finite decimal number ("30", "30.5", "1e1", spaces around allowed); false otherwise.
bool parseSeconds(std::string_view text, double& value);
// Shortest text that reads back as `seconds` to the millisecond: 30 -> "30", 2.5 -> "2.5".
std::string formatSeconds(double seconds);
// "path:line" for skip records.
std::string lineWhere(const std::filesystem::path& file, long line);
// The text quoted for a message, cut to `maxChars` bytes with "..." when longer.
std::string quoteText(std::string_view text, size_t maxChars = 60);
// The folder a manifest's relative paths are resolved against: absolute, normalised.
std::filesystem::path manifestFolder(const std::filesystem::path& manifest);

} // namespace soundframe
