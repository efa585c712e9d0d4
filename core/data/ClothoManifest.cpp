#include "data/ClothoManifest.h"

#include "base/Error.h"
#include "data/CsvTable.h"
#include "data/ManifestText.h"
#include "data/MediaFolderIndex.h"

#include <unordered_map>

namespace soundframe {

namespace fs = std::filesystem;

std::string ClothoManifest::splitFromName(const fs::path& csv)
{
    const std::string stem = lowerAscii(csv.stem().string());
    if (stem.find("development") != std::string::npos)
        return "train";
    if (stem.find("validation") != std::string::npos)
        return "val";
    if (stem.find("evaluation") != std::string::npos)
        return "test";
    return {};
}

ManifestContents ClothoManifest::read(const fs::path& csv, const ClothoOptions& options)
{
    CsvReader probe(csv);  // a missing manifest is reported before a missing audio folder
    const MediaFolderIndex audio(options.audioFolder.empty() ? manifestFolder(csv) : options.audioFolder);
    return read(csv, options, audio);
}

ManifestContents ClothoManifest::read(const fs::path& csv, const ClothoOptions& options,
                                      const MediaFolderIndex& audio)
{
    CsvTable table(csv, "a Clotho captions manifest");
    const size_t nameColumn = table.column("file_name");
    std::vector<size_t> captionColumns;
    for (size_t i = 0; i < table.header().size(); ++i)
        if (lowerAscii(trimmed(table.header()[i])).compare(0, 8, "caption_") == 0)
            captionColumns.push_back(i);
    if (captionColumns.empty())
        (void)table.column("caption_1");  // throws, naming the column
    const std::string split = options.split.empty() ? splitFromName(csv) : options.split;

    ManifestContents contents;
    std::unordered_map<std::string, long> firstLine;  // file_name -> line
    auto skip = [&](long line, std::string reason) {
        contents.skipped.push_back({lineWhere(csv, line), std::move(reason)});
    };
    CsvRow row;
    while (table.next(row, contents.skipped)) {
        // Not trimmed: a file name may really begin or end with a space.
        const std::string& fileName = row.fields[nameColumn];
        if (trimmed(fileName).empty()) {
            skip(row.line, "empty file_name");
            continue;
        }
        ClipRecord clip;
        clip.id = fileName;
        clip.split = split;
        for (size_t c : captionColumns) {
            const auto caption = trimmed(row.fields[c]);
            if (!caption.empty())
                clip.captions.emplace_back(caption);
        }
        if (clip.captions.empty()) {
            skip(row.line, "no caption for " + quoteText(fileName));
            continue;
        }
        const auto [seen, isNew] = firstLine.emplace(fileName, row.line);
        if (!isNew) {
            skip(row.line, "duplicate file_name " + quoteText(fileName) + " (first on line " + std::to_string(seen->second) + ")");
            continue;
        }
        const auto path = audio.findFile(fileName);
        if (!path) {
            skip(row.line, "no audio file " + quoteText(fileName) + " in " + audio.folder().string());
            continue;
        }
        clip.mediaPath = *path;
        contents.clips.push_back(std::move(clip));
    }
    return contents;
}

} // namespace soundframe
