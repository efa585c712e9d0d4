#pragma once
// Loading any manifest SoundFrame reads into one list of clips plus a list of skipped lines.
//
//   ManifestOptions options;
//   options.mediaFolder = "/data/audiocaps/test";
//   ManifestContents test = loadManifest("/data/audiocaps/test.csv", options);   // format detected
//   std::cerr << test.clips.size() << " clips, " << test.skipped.size() << " skipped\n";
//
// Formats (ManifestFormat::Auto picks one from the file):
//   Jsonl      ".jsonl"/".ndjson"/".json", or a first line starting with '{'   (JsonlManifest)
//   AudioCaps  CSV header with audiocap_id, youtube_id, start_time, caption   (AudioCapsManifest)
//   Clotho     CSV header with file_name, caption_1, ...                      (ClothoManifest)
//   AudioSet   '#' comment lines or a "YTID, start_seconds, ..." header      (AudioSetManifest)
//   Esc50      CSV header with filename, fold, category (meta/esc50.csv)      (ESC50Manifest)
//   UrbanSound8K CSV header with slice_file_name, fold, class                 (UrbanSound8KManifest)
// Whole-file problems throw Error(manifest, reason): missing, unreadable, a folder, empty, or
// no format recognised (AudioSet's class_labels_indices.csv is named as such). Line problems
// go to ManifestContents::skipped as "file:line" and a reason; the rest loads. Media are found
// but never opened. Call from any thread; nothing is shared between calls.
#include "data/ManifestContents.h"

#include <filesystem>
#include <string>

namespace soundframe {

enum class ManifestFormat { Auto, Jsonl, AudioCaps, Clotho, AudioSet, Esc50, UrbanSound8K };

struct ManifestOptions {
    ManifestFormat format = ManifestFormat::Auto;  // Auto: from the extension and the first lines
    std::filesystem::path mediaFolder;   // CSV formats: where the media are (recursive); empty: the manifest's
                                         // folder (ESC-50, UrbanSound8K: "<its folder>/../audio")
    bool mediaIsPreCut = true;           // AudioCaps/AudioSet: files are the segments (window from 0);
                                         // false: full videos (window at the row's start time)
    double clipSeconds = 10.0;           // AudioCaps: clip length in seconds
    std::string split;                   // given to every clip; empty: from the manifest (its name, or JSONL "split")
    std::filesystem::path classLabels;   // AudioSet: class_labels_indices.csv to name the labels; empty: keep ids
    bool requireCaptions = false;        // JSONL: skip clips without a caption
    bool checkMediaExists = true;        // JSONL: skip clips whose media file does not exist
};

// The format of `manifest` by its extension and first lines; throws Error as loadManifest does.
ManifestFormat detectManifestFormat(const std::filesystem::path& manifest);
// "jsonl", "audiocaps", "clotho", "audioset", "esc50", "urbansound8k", "auto".
const char* manifestFormatName(ManifestFormat format);
// Inverse of manifestFormatName; throws Error for an unknown name.
ManifestFormat manifestFormatFromName(const std::string& name);

ManifestContents loadManifest(const std::filesystem::path& manifest, const ManifestOptions& options = {});

} // namespace soundframe
