#pragma once
// ClipRecord <-> JSON, in SoundFrame's manifest vocabulary (the JSONL manifest's line format):
//   {"id": "...", "path": "...", "start": 0.0, "end": 10.0, "captions": [...], "labels": [...],
//    "split": "train", "fold": 3, "events": [{"label": "cow", "start": 1.0, "end": 2.5, "visible_frames": [1, 2]}]}
//
//   nlohmann::json j = clipRecordToJson(clip);
//   ClipRecord back = clipRecordFromJson(j);   // throws nlohmann::json::exception on wrong types
//
// Every key is written (in this order) except "fold", written only when the clip has one (> 0), so
// records without folds read and write as before; on reading, absent optional keys default and unknown keys
// are ignored. JsonlManifest validates untrusted lines with per-line reasons before building records.
#include "ClipRecord.h"

#include <nlohmann/json.hpp>

namespace soundframe {

nlohmann::ordered_json clipRecordToJson(const ClipRecord& clip);
ClipRecord clipRecordFromJson(const nlohmann::json& json);

} // namespace soundframe
