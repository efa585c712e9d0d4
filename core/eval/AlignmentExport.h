#pragma once
// AlignmentExport: one clip's alignment (its events, frame times, Nearest Match's pick and the
// audio-to-frame cosines) as files that Audacity and Sonic Visualiser import.
//
//   AlignmentExportClip c;
//   c.clipId = "test-00003";
//   c.frameSeconds = {0.5, 1.5, 2.5};        // seconds from the clip's start
//   c.audioToFrame = {0.12, 0.31, 0.08};
//   c.argmaxFrame = 1;
//   c.events = record.events;                // optional ground truth
//   auto files = AlignmentExport(c).write("exports");  // exports/test-00003.labels.txt, ...
//
// Every time is in seconds from the clip's start (the x axis of the app's Alignment view, and
// time 0 of the clip's audio as eval --export-alignment writes it); add the clip's start to place
// the files on the whole media file. Numbers are written with 6 decimals and a '.' whatever the
// locale. Files (STEM = fileStem(clipId)):
//   STEM.labels.txt   Audacity label track: one label a line, "start<TAB>end<TAB>text"; events are
//                     region labels, each frame and the pick are point labels (start == end).
//                     Sorted by start time. Format: Audacity manual, "Importing and Exporting
//                     Labels" (https://manual.audacityteam.org/man/importing_and_exporting_labels.html,
//                     source github.com/audacity/audacity-manual manual/man/importing_and_exporting_labels.html).
//   STEM.cosine.csv   Sonic Visualiser time-value layer: "time,value,label" a frame.
//   STEM.frames.csv   Sonic Visualiser time-instants layer: "time,label" a frame.
//   STEM.pick.csv     Sonic Visualiser time-instants layer: the frame Nearest Match picks.
// The CSV files have no header line: Sonic Visualiser's File > Import Annotation Layer guesses a
// layer from the columns (Sonic Visualiser reference manual, "Annotation Layer Import",
// https://sonicvisualiser.org/doc/reference/5.0.1/en/; svcore data/fileio/CSVFormat.cpp): an
// increasing column of decimals first is the time in seconds, other numbers are values, text is a
// label; a header line or a '#' line would spoil or be dropped from that guess. Labels hold no
// comma. When the cosines happen to increase over every frame, Sonic Visualiser may take them for
// end times: choose "Value" for that column in its import dialog.
// Event labels lose tabs and line breaks (Audacity's separators). Throws Error naming the clip
// when the frame times and cosines differ in length or the pick is out of range, and naming the
// file when one cannot be written (each file is written atomically). Reentrant.
#include "data/ClipRecord.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct AlignmentExportClip {
    std::string clipId;
    std::vector<double> frameSeconds;  // [L] frame times, seconds from the clip's start, increasing
    std::vector<double> audioToFrame;  // [L] cos(f(whole clip), g(frame l))
    int argmaxFrame = -1;              // Nearest Match's pick; -1: none
    std::vector<SoundEvent> events;    // ground-truth events (seconds from the clip's start); may be empty
};

class AlignmentExport {
public:
    explicit AlignmentExport(AlignmentExportClip clip);

    std::string audacityLabels() const;
    std::string cosineLayer() const;
    std::string frameLayer() const;
    std::string pickLayer() const;
    // Writes the four files into `dir` (created if missing) as STEM.*, STEM being `stem` or, when
    // empty, fileStem(clipId); returns their paths.
    std::vector<std::filesystem::path> write(const std::filesystem::path& dir, const std::string& stem = {}) const;

    // The clip id as a file name: characters other than letters, digits, '.', '-' and '_' become
    // '_' (a leading '.' too); an empty id is "clip".
    static std::string fileStem(const std::string& clipId);
    // 6 decimals and a '.' whatever the locale: 2.15 -> "2.150000".
    static std::string formatFixed(double value);

private:
    AlignmentExportClip m_clip;
};

} // namespace soundframe
