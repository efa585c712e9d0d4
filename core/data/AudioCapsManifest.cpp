#include "data/AudioCapsManifest.h"

#include "base/Error.h"
#include "data/CsvTable.h"
#include "data/ManifestText.h"
#include "data/MediaFolderIndex.h"

#include <unordered_map>

namespace soundframe {

namespace fs = std::filesystem;

std::string AudioCapsManifest::splitFromName(const fs::path& csv)
{
    const std::string stem = lowerAscii(csv.stem().string());
    if (stem.find("train") != std::string::npos)
        return "train";
    if (stem.find("val") != std::string::npos)
        return "val";
    if (stem.find("test") != std::string::npos)
        return "test";
    return {};
}

ManifestContents AudioCapsManifest::read(const fs::path& csv, const AudioCapsOptions& options)
{
    CsvReader probe(csv);  // a missing manifest is reported before a missing media folder
    const MediaFolderIndex media(options.mediaFolder.empty() ? manifestFolder(csv) : options.mediaFolder);
    return read(csv, options, media);
}

ManifestContents AudioCapsManifest::read(const fs::path& csv, const AudioCapsOptions& options,
                                         const MediaFolderIndex& media)
{
    CsvTable table(csv, "an AudioCaps manifest");
    const size_t idColumn = table.column("audiocap_id");
    const size_t ytColumn = table.column("youtube_id");
    const size_t startColumn = table.column("start_time");
    const size_t captionColumn = table.column("caption");
    const std::string split = options.split.empty() ? splitFromName(csv) : options.split;

    struct Group {
        ClipRecord clip;
        std::string youtubeId;
        long line = 0;
    };
    std::vector<Group> groups;
    std::unordered_map<std::string, size_t> groupOf;      // clip id -> index in groups
    std::unordered_map<std::string, long> captionLine;    // audiocap_id -> line first seen
    ManifestContents contents;
    auto skip = [&](long line, std::string reason) {
        contents.skipped.push_back({lineWhere(csv, line), std::move(reason)});
    };

    CsvRow row;
    while (table.next(row, contents.skipped)) {
        const std::string captionId(trimmed(row.fields[idColumn]));
        const std::string youtubeId(trimmed(row.fields[ytColumn]));
        const std::string caption(trimmed(row.fields[captionColumn]));
        double start = 0.0;
        if (captionId.empty()) {
            skip(row.line, "empty audiocap_id");
            continue;
        }
        if (youtubeId.empty()) {
            skip(row.line, "empty youtube_id");
            continue;
        }
        if (!parseSeconds(row.fields[startColumn], start)) {
            skip(row.line, "start_time " + quoteText(row.fields[startColumn]) + " is not a number");
            continue;
        }
        if (start < 0.0) {
            skip(row.line, "negative start_time " + formatSeconds(start));
            continue;
        }
        if (caption.empty()) {
            skip(row.line, "empty caption");
            continue;
        }
        const auto [seen, isNew] = captionLine.emplace(captionId, row.line);
        if (!isNew) {
            skip(row.line, "duplicate audiocap_id " + captionId + " (first on line " + std::to_string(seen->second) + ")");
            continue;
        }
        const std::string id = youtubeId + "_" + formatSeconds(start);
        auto [it, newClip] = groupOf.emplace(id, groups.size());
        if (newClip) {
            Group group;
            group.clip.id = id;
            group.clip.start = start;
            group.clip.split = split;
            group.youtubeId = youtubeId;
            group.line = row.line;
            groups.push_back(std::move(group));
        }
        groups[it->second].clip.captions.push_back(caption);
    }

    contents.clips.reserve(groups.size());
    for (auto& group : groups) {
        const double start = group.clip.start;
        const auto match = media.findYoutube(group.youtubeId, start);
        if (!match) {
            skip(group.line, "no media file for youtube_id " + group.youtubeId + " in " + media.folder().string());
            continue;
        }
        group.clip.mediaPath = match->path;
        const bool segment = options.mediaIsPreCut || match->namedAsSegment;
        group.clip.start = segment ? 0.0 : start;
        group.clip.end = group.clip.start + options.clipSeconds;
        contents.clips.push_back(std::move(group.clip));
    }
    return contents;
}

} // namespace soundframe
