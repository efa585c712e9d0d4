#pragma once
// ClipRecord: one clip of a dataset, whatever manifest format it came from.
//
//   ClipRecord clip;
//   clip.id = "audiocaps-97151";
//   clip.mediaPath = "/data/audiocaps/test/--0w1YA1Hm4.mp4";
//   clip.start = 30.0; clip.end = 40.0;
//   clip.captions = {"A vehicle driving as a man and woman are talking"};
//
// Times are seconds within the media file; end < 0 means "to the end of the file".
#include <string>
#include <vector>

namespace soundframe {

// A ground-truth sound event inside a clip (demo world, or annotated datasets).
struct SoundEvent {
    std::string label;              // what sounds, e.g. "cow"
    double start = 0.0;             // seconds, relative to the clip start
    double end = 0.0;               // seconds, relative to the clip start
    std::vector<int> visibleFrames; // indices of the clip's frames that show the source
};

struct ClipRecord {
    std::string id;                     // unique within a dataset
    std::string mediaPath;              // absolute, or relative to the manifest's media folder
    double start = 0.0;                 // seconds into the media file
    double end = -1.0;                  // seconds; < 0: until the end of the file
    std::vector<std::string> captions;  // zero or more free-text descriptions
    std::vector<std::string> labels;    // class labels (names, or ontology ids as given)
    std::string split;                  // "train", "val", "test", or empty when unknown
    int fold = 0;                       // cross-validation fold as the dataset numbers it (ESC-50 1-5,
                                        // UrbanSound8K 1-10); 0: none
    std::vector<SoundEvent> events;     // optional ground truth

    double duration() const { return end >= 0.0 ? end - start : -1.0; }
};

} // namespace soundframe
