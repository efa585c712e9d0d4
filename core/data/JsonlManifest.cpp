#include "data/JsonlManifest.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/Utf8.h"
#include "data/ClipRecordJson.h"
#include "data/ManifestText.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <unordered_map>

namespace soundframe {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Thrown inside one line's parsing; becomes that line's SkipRecord.
struct LineProblem {
    std::string reason;
};

const json* member(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string getString(const json& object, const char* key, const std::string& fallback)
{
    const json* value = member(object, key);
    if (!value)
        return fallback;
    if (!value->is_string())
        throw LineProblem{std::string("\"") + key + "\" is not a string"};
    return value->get<std::string>();
}

double getNumber(const json& object, const char* key, double fallback)
{
    const json* value = member(object, key);
    if (!value)
        return fallback;
    if (!value->is_number())
        throw LineProblem{std::string("\"") + key + "\" is not a number"};
    return value->get<double>();
}

std::vector<std::string> getStrings(const json& object, const char* key)
{
    std::vector<std::string> out;
    const json* value = member(object, key);
    if (!value)
        return out;
    if (!value->is_array())
        throw LineProblem{std::string("\"") + key + "\" is not a list"};
    for (const auto& item : *value) {
        if (!item.is_string())
            throw LineProblem{std::string("\"") + key + "\" holds something other than text"};
        out.push_back(item.get<std::string>());
    }
    return out;
}

SoundEvent getEvent(const json& object, size_t index)
{
    const std::string which = "event " + std::to_string(index + 1) + ": ";
    if (!object.is_object())
        throw LineProblem{which + "not an object"};
    try {
        SoundEvent event;
        event.label = getString(object, "label", "");
        event.start = getNumber(object, "start", 0.0);
        event.end = getNumber(object, "end", 0.0);
        if (const json* frames = member(object, "visible_frames")) {
            if (!frames->is_array())
                throw LineProblem{"\"visible_frames\" is not a list"};
            for (const auto& f : *frames) {
                if (!f.is_number_integer())
                    throw LineProblem{"\"visible_frames\" holds something other than whole numbers"};
                event.visibleFrames.push_back(f.get<int>());
            }
        }
        if (event.label.empty())
            throw LineProblem{"no label"};
        if (event.end <= event.start)
            throw LineProblem{"end " + formatSeconds(event.end) + " <= start " + formatSeconds(event.start)};
        return event;
    } catch (const LineProblem& p) {
        throw LineProblem{which + p.reason};
    }
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> "column 5: ..."
std::string jsonReason(const std::string& what)
{
    auto text = what;
    if (const auto at = text.find("column "); at != std::string::npos)
        text = text.substr(at);
    else if (const auto bracket = text.find("] "); bracket != std::string::npos)
        text = text.substr(bracket + 2);
    return "invalid JSON: " + text;
}

} // namespace

ManifestContents JsonlManifest::read(const fs::path& manifest, const JsonlOptions& options)
{
    std::error_code ec;
    if (fs::is_directory(manifest, ec))
        throw Error(manifest, "is a folder, not a file");
    std::ifstream in(manifest, std::ios::binary);
    if (!in)
        throw Error(manifest, std::string("cannot open: ") + std::strerror(errno));
    const fs::path folder = manifestFolder(manifest);

    ManifestContents contents;
    std::unordered_map<std::string, long> firstLine;  // id -> line
    std::string text;
    long lineNumber = 0;
    while (std::getline(in, text)) {
        ++lineNumber;
        if (lineNumber == 1 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
            text.erase(0, 3);
        if (trimmed(text).empty())
            continue;
        const auto where = lineWhere(manifest, lineNumber);
        try {
            if (const size_t bad = utf8::firstInvalid(text); bad != std::string::npos)
                throw LineProblem{"invalid UTF-8 at byte " + std::to_string(bad + 1)};
            json object;
            try {
                object = json::parse(text);
            } catch (const json::exception& e) {
                throw LineProblem{jsonReason(e.what())};
            }
            if (!object.is_object())
                throw LineProblem{"not a JSON object"};
            ClipRecord clip;
            const std::string path = getString(object, "path", "");
            if (path.empty())
                throw LineProblem{"no \"path\""};
            clip.id = getString(object, "id", path);
            if (clip.id.empty())
                throw LineProblem{"empty \"id\""};
            clip.start = getNumber(object, "start", 0.0);
            clip.end = getNumber(object, "end", -1.0);
            clip.captions = getStrings(object, "captions");
            clip.labels = getStrings(object, "labels");
            clip.split = getString(object, "split", "");
            if (const json* fold = member(object, "fold")) {
                if (!fold->is_number_integer() || fold->get<int64_t>() < 0 || fold->get<int64_t>() > 1000000)
                    throw LineProblem{"\"fold\" is not a whole number >= 0"};
                clip.fold = fold->get<int>();
            }
            if (const json* events = member(object, "events")) {
                if (!events->is_array())
                    throw LineProblem{"\"events\" is not a list"};
                for (size_t i = 0; i < events->size(); ++i)
                    clip.events.push_back(getEvent((*events)[i], i));
            }
            if (clip.start < 0.0)
                throw LineProblem{"negative start " + formatSeconds(clip.start)};
            if (clip.end >= 0.0 && clip.end <= clip.start)
                throw LineProblem{"end " + formatSeconds(clip.end) + " <= start " + formatSeconds(clip.start)};
            if (options.requireCaptions && clip.captions.empty())
                throw LineProblem{"no caption"};
            const fs::path media(path);
            clip.mediaPath = media.is_absolute() ? path : (folder / media).lexically_normal().string();
            const auto [seen, isNew] = firstLine.emplace(clip.id, lineNumber);
            if (!isNew)
                throw LineProblem{"duplicate id " + quoteText(clip.id) + " (first on line " + std::to_string(seen->second) + ")"};
            if (options.checkMediaExists && !fs::exists(clip.mediaPath, ec))
                throw LineProblem{"media file not found: " + clip.mediaPath};
            contents.clips.push_back(std::move(clip));
        } catch (const LineProblem& p) {
            contents.skipped.push_back({where, p.reason});
        }
    }
    if (in.bad())
        throw Error(manifest, "read failed");
    return contents;
}

std::string JsonlManifest::toLine(const ClipRecord& clip, const fs::path& folder)
{
    auto check = [&](const std::string& text, const char* what) {
        if (!utf8::isValid(text))
            throw Error(clip.id, std::string(what) + " is not valid UTF-8");
    };
    auto checkTime = [&](double t, const char* what) {
        if (!std::isfinite(t))
            throw Error(clip.id, std::string(what) + " is not a finite number");
    };
    check(clip.id, "the id");
    check(clip.mediaPath, "the media path");
    check(clip.split, "the split");
    for (const auto& c : clip.captions)
        check(c, "a caption");
    for (const auto& l : clip.labels)
        check(l, "a label");
    checkTime(clip.start, "start");
    checkTime(clip.end, "end");

    std::string path = clip.mediaPath;
    if (!folder.empty()) {
        const fs::path media(clip.mediaPath);
        // Only a normalised absolute path inside the folder: reading it back gives the same text.
        if (media.is_absolute() && media.lexically_normal() == media) {
            const fs::path relative = media.lexically_relative(folder);
            if (!relative.empty() && *relative.begin() != ".." && relative != ".")
                path = relative.string();
        }
    }
    for (const auto& e : clip.events) {
        check(e.label, "an event label");
        checkTime(e.start, "an event start");
        checkTime(e.end, "an event end");
    }
    ClipRecord stored = clip;
    stored.mediaPath = path;
    return clipRecordToJson(stored).dump();
}

void JsonlManifest::write(const fs::path& manifest, const std::vector<ClipRecord>& clips,
                          const JsonlWriteOptions& options)
{
    const fs::path folder = options.relativePaths ? manifestFolder(manifest) : fs::path();
    std::string bytes;
    for (const auto& clip : clips) {
        try {
            bytes += toLine(clip, folder);
        } catch (const Error& e) {
            throw Error(manifest, "clip " + quoteText(e.where()) + ": " + e.reason());
        }
        bytes += '\n';
    }
    writeFileAtomically(manifest, bytes);
}

} // namespace soundframe
