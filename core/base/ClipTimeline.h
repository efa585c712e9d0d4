#pragma once
// ClipTimeline: the one place where a clip's frame times and its audio samples meet.
//
//   ClipTimeline t(SampleTime::fromSeconds(30.0, 16000), SampleTime::fromSeconds(40.0, 16000),
//                  ClipTimeline::frameCountFor(10.0, 1.0));       // 10 frames, one per second
//   double when = t.frameSeconds(3);                 // 33.5: centre of the 4th second
//   auto [b, e] = t.segmentSamples(3, 16000);         // audio samples [48000, 64000) of the clip
//
// Time is an integer sample index at an explicit rate. A clip [start, end) is cut into L equal
// spans; frame l is taken at the centre of span l, and audio segment l (Multiframe Match) is
// centred on the same instant, so segment l and frame l describe the same moment. A segment
// longer than a span overlaps its neighbours; one that would leave the clip is shifted inside.
#include <cstdint>
#include <utility>
#include <vector>

namespace soundframe {

struct SampleTime {
    int64_t index = 0;  // samples since the start of the file
    int rate = 1;       // samples per second, > 0

    double seconds() const { return double(index) / rate; }
    // Rounds to the nearest sample.
    static SampleTime fromSeconds(double seconds, int rate);
    SampleTime atRate(int otherRate) const { return fromSeconds(seconds(), otherRate); }
};

class ClipTimeline {
public:
    // `start` and `end` share one rate; end > start; frameCount >= 1.
    ClipTimeline(SampleTime start, SampleTime end, int frameCount);

    // L for a clip of `durationSeconds` at `framesPerSecond` (at least 1).
    static int frameCountFor(double durationSeconds, double framesPerSecond);

    int rate() const { return m_start.rate; }
    int frameCount() const { return m_frameCount; }
    SampleTime start() const { return m_start; }
    SampleTime end() const { return m_end; }
    int64_t lengthSamples() const { return m_end.index - m_start.index; }
    double durationSeconds() const { return double(lengthSamples()) / rate(); }

    // Absolute time (since the start of the file) at which frame l is taken.
    SampleTime frameTime(int l) const;
    double frameSeconds(int l) const { return frameTime(l).seconds(); }
    std::vector<double> allFrameSeconds() const;
    // Audio samples [begin, end) of segment l, relative to the clip start, `segmentLength`
    // samples long (clipped to the clip length) and centred on frame l where the clip allows.
    std::pair<int64_t, int64_t> segmentSamples(int l, int64_t segmentLength) const;

private:
    SampleTime m_start;
    SampleTime m_end;
    int m_frameCount;
};

} // namespace soundframe
