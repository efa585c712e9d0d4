#pragma once
// The demo's sources in miniature, for the demo tests: four classes — "red thing", "green thing" and
// "blue thing" pictured (a 40x30 PNG of their colour), "hum" heard only — with three recordings each,
// tones of different pitches and lengths made by the ffmpeg CLI, so every split has every class.
//
//   const auto sources = test::writeTinyDemoSources(dir / "sources", 16000, 0.5);  // 0.8, 1.3, 1.8 s
//   QCOMPARE(sources.size(), size_t(4));                                         // else ffmpeg failed
#include "GeneratedMedia.h"
#include "demo/DemoSource.h"
#include "media/ImageFile.h"

#include <QString>

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace soundframe::test {

// The colour each pictured class is drawn in.
inline const std::map<std::string, std::array<uint8_t, 3>>& tinyDemoColours()
{
    static const std::map<std::string, std::array<uint8_t, 3>> colours{
        {"red thing", {255, 0, 0}}, {"green thing", {0, 255, 0}}, {"blue thing", {0, 0, 255}}};
    return colours;
}

// Writes FOLDER/<class>-<r>.wav for r = 0, 1, 2 (the class's pitch + 40·r Hz, lasting 0.8 + r·lengthStep
// seconds, at sampleRate) and FOLDER/<class>.png for the pictured classes; returns the sources naming
// these files by their paths under FOLDER, or nothing when ffmpeg failed (it says why).
inline std::vector<DemoSource> writeTinyDemoSources(const std::filesystem::path& folder, int sampleRate,
                                                    double lengthStep)
{
    const std::vector<std::pair<std::string, int>> classes{
        {"red thing", 300}, {"green thing", 500}, {"blue thing", 700}, {"hum", 150}};
    std::vector<DemoSource> sources;
    for (const auto& [name, hz] : classes) {
        DemoSource s;
        s.name = name;
        s.phrases = {"a " + name + " hums", "the " + name + " sounds"};
        for (int r = 0; r < 3; ++r) {
            const auto file = folder / (name + "-" + std::to_string(r) + ".wav");
            if (!makeTone(QString::fromStdString(file.string()), hz + 40 * r, 0.8 + lengthStep * r, sampleRate))
                return {};
            s.recordings.push_back(file);
        }
        if (const auto colour = tinyDemoColours().find(name); colour != tinyDemoColours().end()) {
            RgbImage picture;
            picture.width = 40;
            picture.height = 30;
            for (int i = 0; i < 40 * 30; ++i)
                for (uint8_t v : colour->second)
                    picture.pixels.push_back(v);
            const auto file = folder / (name + ".png");
            writePng(picture, file);
            s.pictures.push_back(file);
        }
        sources.push_back(s);
    }
    return sources;
}

} // namespace soundframe::test
