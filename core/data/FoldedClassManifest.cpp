#include "data/FoldedClassManifest.h"

#include "base/Error.h"
#include "data/CsvTable.h"
#include "data/ManifestText.h"
#include "data/MediaFolderIndex.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace soundframe {

namespace fs = std::filesystem;

namespace {

// A fold as the datasets write it: a whole number >= 1 ("1", " 10 ").
bool parseFold(std::string_view text, int& fold)
{
    const auto t = trimmed(text);
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), fold);
    return ec == std::errc() && end == t.data() + t.size() && fold >= 1;
}

} // namespace

fs::path FoldedClassManifest::audioFolderFor(const fs::path& csv, const FoldedClassOptions& options)
{
    if (!options.audioFolder.empty())
        return options.audioFolder;
    const fs::path beside = manifestFolder(csv).parent_path() / "audio";
    std::error_code ec;
    return fs::is_directory(beside, ec) ? beside : manifestFolder(csv);
}

ManifestContents FoldedClassManifest::read(const fs::path& csv, const FoldedClassLayout& layout,
                                           const FoldedClassOptions& options)
{
    CsvReader probe(csv);  // a missing manifest is reported before a missing audio folder
    const MediaFolderIndex audio(audioFolderFor(csv, options));
    return read(csv, layout, options, audio);
}

ManifestContents FoldedClassManifest::read(const fs::path& csv, const FoldedClassLayout& layout,
                                           const FoldedClassOptions& options, const MediaFolderIndex& audio)
{
    CsvTable table(csv, layout.dataset + "'s metadata CSV");
    const size_t fileColumn = table.column(layout.fileColumn);
    const size_t foldColumn = table.column(layout.foldColumn);
    const size_t classColumn = table.column(layout.classColumn);

    ManifestContents contents;
    contents.audioOnly = true;
    std::unordered_map<std::string, long> firstLine;  // file name -> line
    auto skip = [&](long line, std::string reason) {
        contents.skipped.push_back({lineWhere(csv, line), std::move(reason)});
    };
    CsvRow row;
    while (table.next(row, contents.skipped)) {
        const std::string fileName(trimmed(row.fields[fileColumn]));
        std::string label(trimmed(row.fields[classColumn]));
        int fold = 0;
        if (fileName.empty()) {
            skip(row.line, "empty " + layout.fileColumn);
            continue;
        }
        if (label.empty()) {
            skip(row.line, "empty " + layout.classColumn + " for " + quoteText(fileName));
            continue;
        }
        if (!parseFold(row.fields[foldColumn], fold)) {
            skip(row.line, layout.foldColumn + " " + quoteText(row.fields[foldColumn]) + " is not a whole number >= 1");
            continue;
        }
        const auto [seen, isNew] = firstLine.emplace(fileName, row.line);
        if (!isNew) {
            skip(row.line, "duplicate " + layout.fileColumn + " " + quoteText(fileName) + " (first on line "
                               + std::to_string(seen->second) + ")");
            continue;
        }
        const std::string relative = layout.foldSubfolders ? "fold" + std::to_string(fold) + "/" + fileName : fileName;
        const auto path = audio.findFile(relative);
        if (!path) {
            skip(row.line, "no audio file " + quoteText(relative) + " in " + audio.folder().string());
            continue;
        }
        std::replace(label.begin(), label.end(), '_', ' ');
        ClipRecord clip;
        clip.id = fileName;
        clip.mediaPath = *path;
        clip.labels = {label};
        clip.fold = fold;
        clip.split = options.split;
        contents.clips.push_back(std::move(clip));
    }
    return contents;
}

} // namespace soundframe
