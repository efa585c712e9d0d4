#pragma once
// ClipMediaLoader: decodes a clip's frames (VideoFrameReader at ClipTimeline's frame times) and its
// log-mel spectrogram (AudioDecoder + LogMelSpectrogram) into a ClipMedia.
//
//   ClipMedia media = ClipMediaLoader::load(clip, /*frameCount=*/0);   // 0: one frame per second
//   ClipMedia excerpt = ClipMediaLoader::loadSpectrogram("/sounds/dog.ogg", 2.5, 7.5);
//
// Blocking and reentrant: call from a worker thread (ClipView uses QtConcurrent). Never throws:
// decoding errors go to ClipMedia::error, and what could be decoded is kept.
#include "ClipMedia.h"

namespace soundframe {
struct ClipRecord;
}

namespace soundframe::gui {

class ClipMediaLoader {
public:
    // frameCount <= 0: ClipTimeline::frameCountFor(duration, 1 frame per second).
    // thumbnailHeight: frames are scaled to this height (aspect kept); <= 0 keeps the decoded size.
    static ClipMedia load(const ClipRecord& clip, int frameCount = 0, int thumbnailHeight = 180);
    // The video frame shown at `clipSeconds` from the clip's start (the last one whose presentation
    // time is at or before it), scaled to `height` (<= 0: decoded size); a null image when the
    // clip has no decodable video there. Blocking, like load().
    static QImage loadFrame(const ClipRecord& clip, double clipSeconds, int height = 0);
    // Only the spectrogram of `mediaPath`'s audio from `startSeconds` to `endSeconds` (< 0: its end),
    // no frames: a preview of any file, a project clip or not. durationSeconds is the span decoded.
    static ClipMedia loadSpectrogram(const QString& mediaPath, double startSeconds, double endSeconds);
};

} // namespace soundframe::gui
