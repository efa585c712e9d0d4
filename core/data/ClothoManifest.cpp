#include "data/ClothoManifest.h"

#include "base/Error.h"
#include "data/CsvReader.h"
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
    CsvReader reader(csv);
    CsvRow row;
    if (!reader.next(row))
        throw Error(csv, "empty file: no Clotho header");
    if (!row.error.empty())
        throw Error(csv, "header: " + row.error);
    const size_t columns = row.fields.size();
    size_t nameColumn = columns;
    std::vector<size_t> captionColumns;
    for (size_t i = 0; i < columns; ++i) {
        const auto name = lowerAscii(trimmed(row.fields[i]));
        if (name == "file_name")
            nameColumn = i;
        else if (name.compare(0, 8, "caption_") == 0)
            captionColumns.push_back(i);
    }
    if (nameColumn == columns)
        throw Error(csv, "not a Clotho captions manifest: no column \"file_name\" in the header");
    if (captionColumns.empty())
        throw Error(csv, "not a Clotho captions manifest: no column \"caption_1\" in the header");
    const std::string split = options.split.empty() ? splitFromName(csv) : options.split;

    ManifestContents contents;
    std::unordered_map<std::string, long> firstLine;  // file_name -> line
    auto skip = [&](long line, std::string reason) {
        contents.skipped.push_back({lineWhere(csv, line), std::move(reason)});
    };
    while (reader.next(row)) {
        if (!row.error.empty()) {
            skip(row.line, row.error);
            continue;
        }
        if (row.fields.size() != columns) {
            skip(row.line, "expected " + std::to_string(columns) + " fields, found " + std::to_string(row.fields.size()));
            continue;
        }
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
