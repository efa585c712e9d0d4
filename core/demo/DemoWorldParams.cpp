#include "DemoWorldParams.h"

#include "base/Error.h"
#include "demo/DemoSourceCatalog.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace soundframe {

std::string DemoWorldParams::fingerprint() const
{
    nlohmann::ordered_json j;
    // Bump when the builder composes differently: old videos must not be taken as finished.
    j["format"] = "soundframe-demo-world/2";
    j["seed"] = seed;
    j["clip_seconds"] = clipSeconds;
    j["frame_size"] = frameSize;
    j["video_fps"] = videoFps;
    j["audio_rate"] = audioRate;
    j["clips"] = {clipsTrain, clipsVal, clipsTest};
    j["events"] = {minEvents, maxEvents};
    j["event_seconds"] = {minEventSeconds, maxEventSeconds};
    j["unpictured_event_probability"] = unpicturedEventProbability;
    j["off_screen_probability"] = offScreenProbability;
    j["visible_margin_seconds"] = visibleMarginSeconds;
    j["empty_scene_probability"] = emptySceneProbability;
    j["gain_db"] = {gainDbMin, gainDbMax};
    j["speed"] = {speedMin, speedMax};
    j["noise_rms"] = {noiseRmsMin, noiseRmsMax};
    j["colour_jitter"] = colourJitter;
    j["crop_min"] = cropMin;
    j["picture_scale"] = {pictureScaleMin, pictureScaleMax};
    j["split_shares"] = {valRecordingShare, testRecordingShare};
    j["scene_images"] = sceneImages;
    if (splitBy != DemoSplitBy::Recording)  // worlds made before the option existed were split by recording
        j["split_by"] = demoSplitByName(splitBy);
    // Worlds made before the option existed drew from these three: leaving them out keeps those current.
    if (packages != std::vector<std::string>{"gcompris-qt-data", "wesnoth-1.16-data", "sound-theme-freedesktop"})
        j["packages"] = packages;
    return j.dump();
}

void DemoWorldParams::validate(const std::string& where) const
{
    const auto require = [&](bool ok, const char* field, const std::string& rule, double value) {
        if (!ok) {
            std::ostringstream text;
            text << "field '" << field << "': " << rule << ", is " << value;
            throw Error(where, text.str());
        }
    };
    // NaN fails every comparison, so the checks below also reject it.
    const auto inUnit = [](double v) { return v >= 0 && v <= 1; };
    require(clipSeconds > 0 && std::isfinite(clipSeconds), "clip_seconds", "must be > 0", clipSeconds);
    require(frameSize >= 16 && frameSize % 2 == 0, "frame_size", "must be even and >= 16", frameSize);
    require(videoFps >= 1, "video_fps", "must be >= 1", videoFps);
    require(audioRate >= 1000, "audio_rate", "must be >= 1000", audioRate);
    require(clipsTrain >= 0, "clips_train", "must be >= 0", clipsTrain);
    require(clipsVal >= 0, "clips_val", "must be >= 0", clipsVal);
    require(clipsTest >= 0, "clips_test", "must be >= 0", clipsTest);
    require(minEvents >= 1, "min_events", "must be >= 1", minEvents);
    require(maxEvents >= minEvents, "max_events", "must be >= min_events", maxEvents);
    require(minEventSeconds > 0, "min_event_seconds", "must be > 0", minEventSeconds);
    require(maxEventSeconds >= minEventSeconds && std::isfinite(maxEventSeconds), "max_event_seconds",
            "must be >= min_event_seconds", maxEventSeconds);
    require(inUnit(unpicturedEventProbability), "unpictured_event_probability", "must be in [0, 1]",
            unpicturedEventProbability);
    require(inUnit(offScreenProbability), "off_screen_probability", "must be in [0, 1]", offScreenProbability);
    require(visibleMarginSeconds >= 0 && std::isfinite(visibleMarginSeconds), "visible_margin_seconds",
            "must be >= 0", visibleMarginSeconds);
    require(inUnit(emptySceneProbability), "empty_scene_probability", "must be in [0, 1]", emptySceneProbability);
    require(std::isfinite(gainDbMin), "gain_db_min", "must be a finite number", gainDbMin);
    require(gainDbMax >= gainDbMin && std::isfinite(gainDbMax), "gain_db_max", "must be >= gain_db_min", gainDbMax);
    require(speedMin > 0, "speed_min", "must be > 0", speedMin);
    require(speedMax >= speedMin && std::isfinite(speedMax), "speed_max", "must be >= speed_min", speedMax);
    require(noiseRmsMin >= 0, "noise_rms_min", "must be >= 0", noiseRmsMin);
    require(noiseRmsMax >= noiseRmsMin && noiseRmsMax <= 1, "noise_rms_max", "must be in [noise_rms_min, 1]",
            noiseRmsMax);
    require(inUnit(colourJitter), "colour_jitter", "must be in [0, 1]", colourJitter);
    require(cropMin > 0 && cropMin <= 1, "crop_min", "must be in (0, 1]", cropMin);
    require(pictureScaleMin > 0 && pictureScaleMin <= 1, "picture_scale_min", "must be in (0, 1]", pictureScaleMin);
    require(pictureScaleMax >= pictureScaleMin && pictureScaleMax <= 1, "picture_scale_max",
            "must be in [picture_scale_min, 1]", pictureScaleMax);
    require(inUnit(valRecordingShare), "val_recording_share", "must be in [0, 1]", valRecordingShare);
    require(inUnit(testRecordingShare) && valRecordingShare + testRecordingShare <= 1, "test_recording_share",
            "must be in [0, 1 - val_recording_share]", testRecordingShare);
    require(sceneImages >= 0, "scene_images", "must be >= 0", sceneImages);
    require(threads >= 1, "threads", "must be >= 1", threads);
    if (packages.empty())
        throw Error(where, "field 'packages': must name at least one package");
    const auto& known = DemoSourceCatalog::knownPackages();
    for (const auto& package : packages)
        if (std::find(known.begin(), known.end(), package) == known.end())
            throw Error(where, "field 'packages': unknown package '" + package + "'");
}

} // namespace soundframe
