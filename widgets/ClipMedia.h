#pragma once
// ClipMedia: what the Clip view shows of one clip, decoded off the GUI thread by ClipMediaLoader.
//
//   ClipMedia m = ClipMediaLoader::load(clip, 5);
//   strip.setFrames(m.frames); spectrogramWidget->setSpectrogram(m);   // levels and mel settings
//
// Times are seconds from the clip's start. A plain value; safe to pass between threads.
#include "media/LogMelOptions.h"

#include <QImage>
#include <QString>
#include <QVector>

namespace soundframe::gui {

struct ClipMedia {
    QString clipId;
    double durationSeconds = 0;     // of the clip
    QVector<double> frameSeconds;   // the clip's frame times (ClipTimeline: centres of L equal spans)
    QVector<QImage> frames;         // one per frame time; empty when the media has no video
    QImage spectrogram;             // log-mel, low bands at the bottom, one column per 10 ms hop
    QVector<float> levelsDb;        // the same log-mel as numbers: [band * columns + column], band 0 lowest,
                                    // dB = 10 log10 of the band's power (empty when there is no audio)
    int bands = 0;                  // rows of levelsDb (columns = levelsDb.size() / bands)
    LogMelOptions melOptions;       // the front end that computed them: band frequencies, hop, rate
    double videoFrameRate = 0;      // the video's frames per second; 0 without video
    QString error;                  // why something is missing (video or audio); empty when all decoded
};

} // namespace soundframe::gui
