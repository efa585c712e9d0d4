#include "data/ManifestLoader.h"

#include "base/Error.h"
#include "data/AudioCapsManifest.h"
#include "data/AudioSetManifest.h"
#include "data/ClothoManifest.h"
#include "data/CsvReader.h"
#include "data/ESC50Manifest.h"
#include "data/JsonlManifest.h"
#include "data/ManifestText.h"
#include "data/UrbanSound8KManifest.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace soundframe {

namespace fs = std::filesystem;

const char* manifestFormatName(ManifestFormat format)
{
    switch (format) {
    case ManifestFormat::Auto: return "auto";
    case ManifestFormat::Jsonl: return "jsonl";
    case ManifestFormat::AudioCaps: return "audiocaps";
    case ManifestFormat::Clotho: return "clotho";
    case ManifestFormat::AudioSet: return "audioset";
    case ManifestFormat::Esc50: return "esc50";
    case ManifestFormat::UrbanSound8K: return "urbansound8k";
    }
    return "auto";
}

ManifestFormat manifestFormatFromName(const std::string& name)
{
    for (auto f : {ManifestFormat::Auto, ManifestFormat::Jsonl, ManifestFormat::AudioCaps,
                   ManifestFormat::Clotho, ManifestFormat::AudioSet, ManifestFormat::Esc50, ManifestFormat::UrbanSound8K})
        if (name == manifestFormatName(f))
            return f;
    throw Error("unknown manifest format \"" + name + "\" (auto, jsonl, audiocaps, clotho, audioset, esc50, urbansound8k)");
}

ManifestFormat detectManifestFormat(const fs::path& manifest)
{
    std::error_code ec;
    if (!fs::exists(manifest, ec))
        throw Error(manifest, "manifest not found");
    if (fs::is_directory(manifest, ec))
        throw Error(manifest, "is a folder, not a manifest file");
    std::ifstream in(manifest, std::ios::binary);
    if (!in)
        throw Error(manifest, std::string("cannot open: ") + std::strerror(errno));

    // The first lines that are not blank decide; a few kilobytes are plenty.
    std::string first, firstData;
    bool comments = false, ytidComment = false;
    std::string line;
    for (int n = 0; n < 1000 && std::getline(in, line); ++n) {
        if (n == 0 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3);
        const std::string text(trimmed(line));
        if (text.empty())
            continue;
        if (first.empty())
            first = text;
        if (text[0] == '#') {
            comments = true;
            ytidComment = ytidComment || text.find("YTID") != std::string::npos;
            continue;
        }
        firstData = text;
        break;
    }
    if (in.bad())
        throw Error(manifest, "read failed");
    const std::string extension = lowerAscii(manifest.extension().string());
    if (extension == ".jsonl" || extension == ".ndjson" || extension == ".json" || (!first.empty() && first[0] == '{'))
        return ManifestFormat::Jsonl;
    if (first.empty())
        throw Error(manifest, "empty manifest: no header and no clip");
    if (ytidComment)
        return ManifestFormat::AudioSet;

    std::vector<std::string> header;
    for (const auto& f : CsvReader::splitLine(firstData, CsvOptions{',', 0, true, true}))
        header.push_back(lowerAscii(f));
    auto has = [&](const char* name) { return std::find(header.begin(), header.end(), name) != header.end(); };
    if (has("audiocap_id") && has("youtube_id") && has("caption"))
        return ManifestFormat::AudioCaps;
    if (has("file_name") && has("caption_1"))
        return ManifestFormat::Clotho;
    if (!header.empty() && header[0] == "ytid")
        return ManifestFormat::AudioSet;
    if (has("filename") && has("fold") && has("category"))
        return ManifestFormat::Esc50;
    if (has("slice_file_name") && has("fold") && has("class"))
        return ManifestFormat::UrbanSound8K;
    if (has("mid") && has("display_name"))
        throw Error(manifest, "this is an AudioSet class list (index,mid,display_name), not a manifest; "
                              "give it as the class labels of an AudioSet manifest");
    if (comments)
        throw Error(manifest, "unrecognised manifest: comment lines without a \"YTID\" header");
    throw Error(manifest, "unrecognised manifest: the first line " + quoteText(firstData)
                              + " is no AudioCaps, Clotho, AudioSet, ESC-50 or UrbanSound8K header and no JSON object");
}

ManifestContents loadManifest(const fs::path& manifest, const ManifestOptions& options)
{
    ManifestFormat format = options.format;
    if (format == ManifestFormat::Auto)
        format = detectManifestFormat(manifest);
    switch (format) {
    case ManifestFormat::AudioCaps: {
        AudioCapsOptions o;
        o.mediaFolder = options.mediaFolder;
        o.mediaIsPreCut = options.mediaIsPreCut;
        o.clipSeconds = options.clipSeconds;
        o.split = options.split;
        return AudioCapsManifest::read(manifest, o);
    }
    case ManifestFormat::Clotho: {
        ClothoOptions o;
        o.audioFolder = options.mediaFolder;
        o.split = options.split;
        return ClothoManifest::read(manifest, o);
    }
    case ManifestFormat::AudioSet: {
        AudioSetOptions o;
        o.mediaFolder = options.mediaFolder;
        o.mediaIsPreCut = options.mediaIsPreCut;
        o.classLabels = options.classLabels;
        o.split = options.split;
        return AudioSetManifest::read(manifest, o);
    }
    case ManifestFormat::Esc50:
    case ManifestFormat::UrbanSound8K: {
        FoldedClassOptions o;
        o.audioFolder = options.mediaFolder;
        o.split = options.split;
        return format == ManifestFormat::Esc50 ? ESC50Manifest::read(manifest, o) : UrbanSound8KManifest::read(manifest, o);
    }
    case ManifestFormat::Jsonl:
    case ManifestFormat::Auto:
        break;
    }
    JsonlOptions o;
    o.requireCaptions = options.requireCaptions;
    o.checkMediaExists = options.checkMediaExists;
    auto contents = JsonlManifest::read(manifest, o);
    if (!options.split.empty())
        for (auto& clip : contents.clips)
            clip.split = options.split;
    return contents;
}

} // namespace soundframe
