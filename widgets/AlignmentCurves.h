#pragma once
// AlignmentRequest / AlignmentCurves: what AlignmentWorker takes and gives back — plain values that
// cross threads in queued signals (no tensors, no widget pointers). One request per run and clip.
//
//   AlignmentRequest r;
//   r.id = ++m_lastRequest; r.clipId = "test-00003"; r.runName = run.name; r.matching = run.matching;
//   r.cacheFolder = project.cacheFolder("test"); r.encoderFolder = run.folder + "/audio-encoder";
//   r.alignmentFile = run.folder + "/eval/alignment.json";  // for the summary over all test clips
//   r.choicesFile = run.folder + "/choices.jsonl"; r.watchedFile = run.folder + "/watched_picks.jsonl";
//   worker->compute(r);   // -> computed(AlignmentCurves) with curves.requestId == r.id
//
// Times are seconds into the clip's media file (CachedClip::frameSeconds); similarities are cosines.
// Frames are the cached-frame indices 0..L-1, as in choices.jsonl, alignment.json and the manifest's
// visible_frames; epochs are 0-based as in choices.jsonl (the view labels them from 1, as Training does).
#include "eval/AlignmentSummary.h"

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <map>
#include <string>
#include <vector>

namespace soundframe::gui {

struct AlignmentRequest {
    int id = 0;                  // echoed in AlignmentCurves::requestId so stale answers can be dropped
    QString clipId;              // the clip's id in the cache
    QString runName;             // echoed in AlignmentCurves::runName
    QString matching;            // the run's stage-1 method: "random", "nearest", "multiframe"
    QString cacheFolder;         // prepared cache holding the clip (FrameCacheReader)
    QString encoderFolder;       // audio encoder folder (config.json + model.safetensors)
    QString choicesFile;         // the run's choices.jsonl; empty or missing: no recorded choices
    QString watchedFile;         // the run's watched_picks.jsonl, read when choicesFile has none for the clip
    int epochs = 0;              // the run's epochs (choice strip length; more when choices say so)
    int warmupEpochs = 0;        // Nearest's warm-up epochs (0 for other methods)
    QString alignmentFile;       // the run's eval/alignment.json; empty or missing: no summary
    std::map<std::string, std::vector<int>> sourceFrames;  // ground truth per clip (sourceFramesByClip)
    QString mediaPath;           // the clip's media file, for thumbnails; empty: none
    bool withThumbnails = true;  // false: another request of the same clip decodes them
    double segmentSeconds = 1.0; // Multiframe segment length (the run's segment_seconds)
    int thumbnailWidth = 160;    // pixels
};

struct AlignmentCurves {
    int requestId = 0;
    QString clipId;
    QString runName;
    QString matching;
    QString error;                    // non-empty: nothing else is valid
    QVector<double> frameSeconds;     // [L] seconds into the media file
    QVector<double> audioToFrame;     // [L] cos(f(whole clip), g(frame l))
    QVector<double> segmentToFrame;   // [L * L] row-major, row = audio segment, column = frame
    int argmaxFrame = -1;             // the frame most similar to the whole clip's audio (what Nearest picks)
    QVector<int> choiceCounts;        // [L] times the run's recorded choices took each frame; empty: none
    QString choiceMatching;           // "random" / "nearest" as choices.jsonl says
    QVector<int> choicePerEpoch;      // [epochs] frame chosen for this clip in each epoch, -1: none; empty: none recorded
    // The choices above are watched_picks.jsonl's: a held-out clip the run never trained on, and per
    // epoch the frame the encoder found most similar (Nearest's argmax), not a frame it trained with.
    bool choicesWatched = false;
    int warmupEpochs = 0;             // the first epochs of choicePerEpoch that were Nearest's warm-up
    bool hasSummary = false;          // summary is valid
    AlignmentSummary summary;         // the run over all evaluated clips (eval/alignment.json)
    QString summaryError;             // why there is no summary
    QVector<QImage> thumbnails;       // [L] or empty when the media cannot be decoded (or not asked for)
    QString thumbnailError;           // why there are no thumbnails

    int frameCount() const { return int(frameSeconds.size()); }
    double segmentToFrameAt(int segment, int frame) const { return segmentToFrame.value(segment * frameCount() + frame); }
};

} // namespace soundframe::gui

Q_DECLARE_METATYPE(soundframe::gui::AlignmentRequest)
Q_DECLARE_METATYPE(soundframe::gui::AlignmentCurves)
