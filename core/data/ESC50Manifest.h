#pragma once
// ESC50Manifest: reads ESC-50 as it is distributed (github.com/karolpiczak/ESC-50): meta/esc50.csv
// with the columns filename,fold,target,category,esc10,src_file,take and the 2,000 clips under audio/.
//
//   ManifestContents esc = ESC50Manifest::read("ESC-50-master/meta/esc50.csv");
//   // esc.clips[0]: id "1-100032-A-0.wav", mediaPath ".../ESC-50-master/audio/1-100032-A-0.wav",
//   //               labels {"dog"}, fold 1, whole file (start 0, end -1); esc.audioOnly
//
// Labels are the category column with '_' as spaces ("chirping_birds" -> "chirping birds"); the
// fold (1-5) is kept. The audio folder defaults to "<meta>/../audio". Skips and errors as
// FoldedClassManifest documents (a missing column names it; a missing audio file names the file).
#include "data/FoldedClassManifest.h"

namespace soundframe {

class ESC50Manifest {
public:
    static ManifestContents read(const std::filesystem::path& csv, const FoldedClassOptions& options = {});
    // The CSV's shape: file "filename", fold "fold", class "category", audio directly in the folder.
    static const FoldedClassLayout& layout();
};

} // namespace soundframe
