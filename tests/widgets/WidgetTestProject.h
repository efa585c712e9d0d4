#pragma once
// A small generated project for the widget tests (header-only; include it before any Qt header):
// the demo's layout around test::SyntheticWorld — world/manifest-test.jsonl, cache/test (8 clips of
// 2 s, 4 frames), standin-clip/, runs/seed-1/stage1-nearest (a trained-looking run with an audio
// encoder and choices.jsonl) and runs/seed-1/stage1-random (no encoder yet). Each clip's media is
// its cache audio as a WAV file, except clip "test-0" whose media is a generated MP4 (ffmpeg
// testsrc) so thumbnails can be decoded.
#include "SyntheticTrainingData.h"  // torch first

#include "media/WavWriter.h"
#include "model/AudioEncoder.h"

#include "GeneratedMedia.h"
#include "TestSupport.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace soundframe::test {

// Writes the project into `root`; returns an empty string or what went wrong.
inline std::string writeWidgetTestProject(const std::filesystem::path& root)
{
    namespace fs = std::filesystem;
    SyntheticWorld world;
    world.writeCache(root / "cache" / "test", 2, 3, "test-");
    world.writeClip(root / "standin-clip", {root / "cache" / "test"});
    fs::create_directories(root / "world" / "media");
    const auto video = root / "world" / "media" / "test-0.mp4";
    if (!makeMedia({"testsrc=size=64x48:rate=10:duration=2", "sine=frequency=300:duration=2:sample_rate=8000"},
                   QString::fromStdString(video.string()), {"-shortest", "-pix_fmt", "yuv420p"}))
        return "ffmpeg could not make " + video.string();
    const FrameCacheReader cache(root / "cache" / "test");
    std::ofstream manifest(root / "world" / "manifest-test.jsonl");
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto clip = cache.load(i);
        fs::path media = root / "world" / "media" / (clip.clip.id + ".wav");
        if (clip.clip.id == "test-0")
            media = video;
        else
            writeWav(media, std::vector<float>(clip.audio.data_ptr<float>(), clip.audio.data_ptr<float>() + clip.audio.numel()),
                     world.rate);
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : clip.clip.events)
            events.push_back({{"label", e.label}, {"start", e.start}, {"end", e.end}, {"visible_frames", e.visibleFrames}});
        manifest << nlohmann::json{{"id", clip.clip.id}, {"path", media.string()}, {"start", 0.0}, {"end", world.seconds},
                                   {"captions", clip.clip.captions}, {"labels", clip.clip.labels}, {"split", "test"},
                                   {"events", events}}.dump()
                 << "\n";
    }
    manifest.close();

    const auto nearest = root / "runs" / "seed-1" / "stage1-nearest";
    torch::manual_seed(11);
    saveAudioEncoder(AudioEncoder(world.encoderConfig("cnn")), nearest / "audio-encoder");
    std::ofstream(nearest / "config.json") << R"({"stage": "pretrain", "matching": "nearest", "segment_seconds": 0.5})";
    std::ofstream(nearest / "metrics.jsonl") << "";
    std::ofstream(nearest / "choices.jsonl")
        << R"({"clip":"test-1","epoch":0,"frame":2,"matching":"nearest","step":1})" "\n"
        << R"({"clip":"test-2","epoch":0,"frame":0,"matching":"nearest","step":1})" "\n"
        << R"({"clip":"test-1","epoch":1,"frame":2,"matching":"nearest","step":3})" "\n"
        << R"({"clip":"test-1","epoch":2,"frame":3,"matching":"nearest","step":5})" "\n";
    const auto random = root / "runs" / "seed-1" / "stage1-random";
    fs::create_directories(random);
    std::ofstream(random / "config.json") << R"({"stage": "pretrain", "matching": "random"})";
    std::ofstream(random / "metrics.jsonl") << "";
    return {};
}

} // namespace soundframe::test
