#include "FeatureTimeAxis.h"

#include "base/Error.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace soundframe {

std::pair<int64_t, int64_t> FeatureTimeAxis::columnsFor(std::pair<int64_t, int64_t> range,
                                                        int64_t totalFrames) const
{
    const auto [begin, end] = range;
    const auto text = "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
    if (begin >= end)
        throw Error(std::string("audio segments"), "frame range " + text + " is empty");
    if (begin < 0 || end > totalFrames)
        throw Error(std::string("audio segments"), "frame range " + text + " lies outside the input's "
                                          + std::to_string(totalFrames) + " frames");
    if (columns <= 0)
        throw Error(std::string("audio segments"), "the feature map has no time columns");
    // Doubled units keep the centres (j * stride + span / 2) integral.
    const auto centre2 = [this](int64_t j) { return 2 * j * stride + span; };
    int64_t first = 0;
    while (first < columns && centre2(first) < 2 * begin)
        ++first;
    int64_t last = first;
    while (last < columns && centre2(last) < 2 * end)
        ++last;
    if (last > first)
        return {first, last};
    const auto mid2 = begin + end;
    int64_t best = 0;
    for (int64_t j = 1; j < columns; ++j)
        if (std::llabs(centre2(j) - mid2) < std::llabs(centre2(best) - mid2))
            best = j;
    return {best, best + 1};
}

} // namespace soundframe
