#pragma once
// JsonlManifest: SoundFrame's own manifest, one clip per line as a JSON object; reader and writer.
//
//   JsonlManifest::write("world/manifest.jsonl", clips);        // atomic: all or nothing
//   ManifestContents back = JsonlManifest::read("world/manifest.jsonl");
//   // back.clips == clips (for absolute, normalised media paths)
//
// A line:
//   {"id":"cow-001","path":"media/cow-001.mp4","start":0,"end":10,"captions":["a cow moos"],
//    "labels":["cow"],"split":"train","fold":2,"events":[{"label":"cow","start":1.5,"end":3,"visible_frames":[1,2]}]}
// Reading: "path" is required; relative paths are taken from the manifest's folder and come
// back absolute; "id" defaults to the path as written; "start" 0, "end" -1 (to the end of the
// file), the lists empty, "split" "" and "fold" 0 (none) when absent. Event times are seconds from the clip
// start. Blank lines and unknown keys are ignored; a UTF-8 byte order mark is accepted.
// Skipped (file:line and reason): invalid UTF-8, invalid JSON, not an object, a key of the
// wrong type, end <= start, an event with end <= start, no caption (with requireCaptions), a
// repeated id (the later line), a missing media file (with checkMediaExists).
// Writing: every key on every line, numbers in shortest round-trip form, so reading gives back
// exactly the clips written; media paths inside the manifest's folder are written relative to
// it (so the folder can move). Throws Error (naming the manifest) for text that is not UTF-8,
// a non-finite time, or a failed write; an earlier file of that name then stays intact.
#include "data/ManifestContents.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct JsonlOptions {
    bool requireCaptions = false;   // true: a clip without captions is skipped (audio-text training)
    bool checkMediaExists = true;   // true: a clip whose media file does not exist is skipped (one stat each)
};

struct JsonlWriteOptions {
    bool relativePaths = true;      // media under the manifest's folder are written relative to it
};

class JsonlManifest {
public:
    // Throws Error if the file cannot be opened; bad lines go to `skipped`.
    static ManifestContents read(const std::filesystem::path& manifest, const JsonlOptions& options = {});
    static void write(const std::filesystem::path& manifest, const std::vector<ClipRecord>& clips,
                      const JsonlWriteOptions& options = {});
    // One line (without the line end) as write() produces it; relative paths are made against
    // `folder` when it is not empty. Throws Error(clip id, ...) for text that is not UTF-8.
    static std::string toLine(const ClipRecord& clip, const std::filesystem::path& folder = {});
};

} // namespace soundframe
