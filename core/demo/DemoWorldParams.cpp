#include "DemoWorldParams.h"

#include <nlohmann/json.hpp>

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
    return j.dump();
}

} // namespace soundframe
