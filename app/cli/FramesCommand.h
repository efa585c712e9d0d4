#pragma once
// `soundframe-cli frames`: chosen frames of a video written as PNG files.
//
//   soundframe-cli frames clip.mp4 --times 0.5,1.5 --size 224 --out frames/
//   soundframe-cli frames clip.mp4 --fps 1 --start 2 --end 8 --out frames/
//
// Frame k at time t is written to OUT/frame_<kkk>_<t with 3 decimals>.png (frame_000_0.500.png),
// one path per line on stdout. Times count from the start of the file and pick the frame
// `ffmpeg -ss t -i FILE -frames:v 1` shows (see VideoFrameReader); --fps F takes t = S + k/F
// for t < E (E defaults to the file's duration). --size N gives N x N squares (shorter side to
// N, bicubic, centre crop). Exit codes: 0 written, 1 unreadable video or unwritable folder
// (the message names it), 2 usage.
#include "CliCommand.h"


namespace soundframe {

class FramesCommand : public CliCommand {
public:
    QString name() const override { return "frames"; }
    QString summary() const override { return "Write video frames at chosen times as PNG files."; }
    int run(const QStringList& arguments, CliStreams& io) override;

    // "frame_000_0.500.png" for index 0 at 0.5 s.
    static QString fileName(int index, double seconds);
};

} // namespace soundframe
