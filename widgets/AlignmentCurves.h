#pragma once
// AlignmentRequest / AlignmentCurves: what AlignmentWorker takes and gives back — plain values that
// cross threads in queued signals (no tensors, no widget pointers).
//
//   AlignmentRequest r;
//   r.id = ++m_lastRequest; r.clipId = "test-00003";
//   r.cacheFolder = project.cacheFolder("test"); r.encoderFolder = run.folder + "/audio-encoder";
//   worker->compute(r);   // -> computed(AlignmentCurves) with curves.requestId == r.id
//
// Times are seconds into the clip's media file (CachedClip::frameSeconds); similarities are cosines.
#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace soundframe {

struct AlignmentRequest {
    int id = 0;                  // echoed in AlignmentCurves::requestId so stale answers can be dropped
    QString clipId;              // the clip's id in the cache
    QString cacheFolder;         // prepared cache holding the clip (FrameCacheReader)
    QString encoderFolder;       // audio encoder folder (config.json + model.safetensors)
    QString choicesFile;         // the run's choices.jsonl; empty or missing: no recorded choices
    QString mediaPath;           // the clip's media file, for thumbnails; empty: none
    double segmentSeconds = 1.0; // Multiframe segment length (the run's segment_seconds)
    int thumbnailWidth = 160;    // pixels
};

struct AlignmentCurves {
    int requestId = 0;
    QString clipId;
    QString error;                    // non-empty: nothing else is valid
    QVector<double> frameSeconds;     // [L] seconds into the media file
    QVector<double> audioToFrame;     // [L] cos(f(whole clip), g(frame l))
    QVector<double> segmentToFrame;   // [L * L] row-major, row = audio segment, column = frame
    int argmaxFrame = -1;             // the frame Nearest Match picks with this encoder
    QVector<int> choiceCounts;        // [L] times the run's recorded choices took each frame; empty: none
    QString choiceMatching;           // "random" / "nearest" as choices.jsonl says
    QVector<QImage> thumbnails;       // [L] or empty when the media cannot be decoded
    QString thumbnailError;           // why there are no thumbnails

    int frameCount() const { return int(frameSeconds.size()); }
    double segmentToFrameAt(int segment, int frame) const { return segmentToFrame.value(segment * frameCount() + frame); }
};

} // namespace soundframe

Q_DECLARE_METATYPE(soundframe::AlignmentRequest)
Q_DECLARE_METATYPE(soundframe::AlignmentCurves)
