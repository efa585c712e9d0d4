#include "ClipTimeline.h"

#include "Error.h"

#include <algorithm>
#include <cmath>

namespace soundframe {

SampleTime SampleTime::fromSeconds(double seconds, int rate)
{
    return SampleTime{int64_t(std::llround(seconds * rate)), rate};
}

ClipTimeline::ClipTimeline(SampleTime start, SampleTime end, int frameCount)
    : m_start(start), m_end(end), m_frameCount(frameCount)
{
    if (start.rate <= 0 || start.rate != end.rate)
        throw Error("clip timeline: start and end need one positive rate");
    if (end.index <= start.index)
        throw Error("clip timeline: the clip is empty (end <= start)");
    if (frameCount < 1)
        throw Error("clip timeline: a clip needs at least one frame");
}

int ClipTimeline::frameCountFor(double durationSeconds, double framesPerSecond)
{
    return std::max(1, int(std::lround(durationSeconds * framesPerSecond)));
}

SampleTime ClipTimeline::frameTime(int l) const
{
    // Centre of span l, computed in integers so every caller gets the same sample.
    const int64_t twiceOffset = (2 * int64_t(l) + 1) * lengthSamples() / m_frameCount;
    return SampleTime{m_start.index + twiceOffset / 2, rate()};
}

std::vector<double> ClipTimeline::allFrameSeconds() const
{
    std::vector<double> out;
    for (int l = 0; l < m_frameCount; ++l)
        out.push_back(frameSeconds(l));
    return out;
}

std::pair<int64_t, int64_t> ClipTimeline::segmentSamples(int l, int64_t segmentLength) const
{
    const int64_t length = std::clamp<int64_t>(segmentLength, 1, lengthSamples());
    const int64_t centre = frameTime(l).index - m_start.index;
    const int64_t begin = std::clamp<int64_t>(centre - length / 2, 0, lengthSamples() - length);
    return {begin, begin + length};
}

} // namespace soundframe
