#include "data/AudioSetManifest.h"

#include "base/Error.h"
#include "data/CsvReader.h"
#include "data/ManifestText.h"
#include "data/MediaFolderIndex.h"

#include <unordered_map>

namespace soundframe {

namespace fs = std::filesystem;

std::string AudioSetManifest::splitFromName(const fs::path& csv)
{
    const std::string stem = lowerAscii(csv.stem().string());
    if (stem.find("eval") != std::string::npos)
        return "test";
    if (stem.find("train") != std::string::npos)
        return "train";
    return {};
}

std::map<std::string, std::string> AudioSetManifest::readClassLabels(const fs::path& csv,
                                                                     std::vector<SkipRecord>& skipped)
{
    CsvReader reader(csv, CsvOptions{',', 0, true, true});
    CsvRow row;
    if (!reader.next(row))
        throw Error(csv, "empty file: no class list header");
    if (row.fields.size() < 3 || row.fields[1] != "mid" || row.fields[2] != "display_name")
        throw Error(csv, "not an AudioSet class list: the header is not \"index,mid,display_name\"");
    std::map<std::string, std::string> names;
    while (reader.next(row)) {
        if (!row.error.empty())
            skipped.push_back({lineWhere(csv, row.line), row.error});
        else if (row.fields.size() != 3)
            skipped.push_back({lineWhere(csv, row.line), "expected 3 fields, found " + std::to_string(row.fields.size())});
        else if (row.fields[1].empty() || row.fields[2].empty())
            skipped.push_back({lineWhere(csv, row.line), "empty mid or display_name"});
        else
            names.emplace(row.fields[1], row.fields[2]);
    }
    return names;
}

ManifestContents AudioSetManifest::read(const fs::path& csv, const AudioSetOptions& options)
{
    CsvReader probe(csv);  // a missing manifest is reported before a missing media folder
    const MediaFolderIndex media(options.mediaFolder.empty() ? manifestFolder(csv) : options.mediaFolder);
    return read(csv, options, media);
}

ManifestContents AudioSetManifest::read(const fs::path& csv, const AudioSetOptions& options,
                                        const MediaFolderIndex& media)
{
    ManifestContents contents;
    std::map<std::string, std::string> names;
    if (!options.classLabels.empty())
        names = readClassLabels(options.classLabels, contents.skipped);
    const std::string split = options.split.empty() ? splitFromName(csv) : options.split;

    CsvReader reader(csv, CsvOptions{',', '#', true, true});
    CsvRow row;
    std::unordered_map<std::string, long> firstLine;  // clip id -> line
    bool firstData = true;
    auto skip = [&](long line, std::string reason) {
        contents.skipped.push_back({lineWhere(csv, line), std::move(reason)});
    };
    while (reader.next(row)) {
        if (row.comment)
            continue;  // includes "# YTID, start_seconds, ..."; a damaged comment is harmless
        if (!row.error.empty()) {
            skip(row.line, row.error);
            continue;
        }
        if (firstData && !row.fields.empty() && row.fields[0] == "YTID") {
            firstData = false;
            continue;  // an uncommented header
        }
        firstData = false;
        if (row.fields.size() != 4) {
            skip(row.line, "expected 4 fields, found " + std::to_string(row.fields.size()));
            continue;
        }
        const std::string& youtubeId = row.fields[0];
        double start = 0.0, end = 0.0;
        if (youtubeId.empty()) {
            skip(row.line, "empty YTID");
            continue;
        }
        if (!parseSeconds(row.fields[1], start)) {
            skip(row.line, "start_seconds " + quoteText(row.fields[1]) + " is not a number");
            continue;
        }
        if (!parseSeconds(row.fields[2], end)) {
            skip(row.line, "end_seconds " + quoteText(row.fields[2]) + " is not a number");
            continue;
        }
        if (start < 0.0) {
            skip(row.line, "negative start_seconds " + formatSeconds(start));
            continue;
        }
        if (end <= start) {
            skip(row.line, "end " + formatSeconds(end) + " <= start " + formatSeconds(start));
            continue;
        }
        ClipRecord clip;
        size_t from = 0;
        const std::string& list = row.fields[3];
        while (from <= list.size()) {
            size_t comma = list.find(',', from);
            if (comma == std::string::npos)
                comma = list.size();
            const std::string mid(trimmed(std::string_view(list).substr(from, comma - from)));
            if (!mid.empty()) {
                const auto name = names.find(mid);
                clip.labels.push_back(name == names.end() ? mid : name->second);
            }
            from = comma + 1;
        }
        if (clip.labels.empty()) {
            skip(row.line, "no label");
            continue;
        }
        clip.id = youtubeId + "_" + formatSeconds(start);
        const auto [seen, isNew] = firstLine.emplace(clip.id, row.line);
        if (!isNew) {
            skip(row.line, "duplicate segment " + clip.id + " (first on line " + std::to_string(seen->second) + ")");
            continue;
        }
        const auto match = media.findYoutube(youtubeId, start);
        if (!match) {
            skip(row.line, "no media file for youtube_id " + youtubeId + " in " + media.folder().string());
            continue;
        }
        clip.mediaPath = match->path;
        const bool segment = options.mediaIsPreCut || match->namedAsSegment;
        clip.start = segment ? 0.0 : start;
        clip.end = segment ? end - start : end;
        clip.split = split;
        contents.clips.push_back(std::move(clip));
    }
    return contents;
}

} // namespace soundframe
