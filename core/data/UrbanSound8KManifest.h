#pragma once
// UrbanSound8KManifest: reads UrbanSound8K as it is distributed: metadata/UrbanSound8K.csv with the
// columns slice_file_name,fsID,start,end,salience,fold,classID,class and the 8,732 slices under
// audio/fold1 .. audio/fold10.
//
//   ManifestContents us8k = UrbanSound8KManifest::read("UrbanSound8K/metadata/UrbanSound8K.csv");
//   // us8k.clips[0]: id "100032-3-0-0.wav", mediaPath ".../UrbanSound8K/audio/fold5/100032-3-0-0.wav",
//   //                labels {"dog bark"}, fold 5, whole file; us8k.audioOnly
//
// A slice is found at audio/fold<N>/<slice_file_name> (N from the fold column), so the fold folders
// must be kept. start/end are times in the original freesound recording, not in the slice: every
// clip is its whole slice file. Labels are the class column with '_' as spaces ("dog_bark" ->
// "dog bark"). The audio folder defaults to "<metadata>/../audio". Skips and errors as
// FoldedClassManifest documents.
#include "data/FoldedClassManifest.h"

namespace soundframe {

class UrbanSound8KManifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const FoldedClassOptions& options = {});
    // The CSV's shape: file "slice_file_name", fold "fold", class "class", audio under fold<N>/.
    static const FoldedClassLayout& layout();
};

} // namespace soundframe
