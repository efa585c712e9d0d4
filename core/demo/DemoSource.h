#pragma once
// DemoSource: one class of sound for the demo world, with its real recordings and pictures.
//
//   DemoSource cow;
//   cow.name = "cow";                         // the class label
//   cow.phrases = {"a cow moos", "the cow goes 'moo'"};
//   cow.recordings = {"/world/sources/gcompris/cow.ogg"};
//   cow.pictures = {"/world/sources/gcompris/cow.webp"};
//
// Paths are files FFmpeg reads (recordings: any audio; pictures: PNG, WebP, SVG, ...). A source
// without pictures still serves as an off-screen sound. Several packages may add recordings to
// one class (gcompris' dog and its dog barks); each recording is one unit of the train/val/test
// split, so a class with several recordings can appear in every split.
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct DemoSource {
    std::string name;                              // class label, lower case, e.g. "cow"
    std::vector<std::string> phrases;              // caption phrases, first the plainest: "a cow moos"
    std::vector<std::string> descriptions;         // longer texts shipped with the source (captions of pictures)
    std::vector<std::filesystem::path> recordings; // audio files
    std::vector<std::filesystem::path> pictures;   // image files showing the source
    std::vector<std::string> packages;             // Debian packages the files came from
};

} // namespace soundframe
