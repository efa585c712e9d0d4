#pragma once
// FeatureTimeAxis: how the time columns of an audio backbone's feature map relate to log-mel frames.
//
//   FeatureTimeAxis axis{16, 16, 62};                    // CNN10: four 2x2 poolings, 1001 frames
//   auto [first, last] = axis.columnsFor({100, 200}, 1001);   // columns [6, 12)
//
// Column j summarises frames [j * stride, j * stride + span) (a pooling cell of the CNN, a patch
// of the transformer); its centre is j * stride + span / 2 in frame units, where frame f spans
// [f, f + 1). A range of frames [begin, end) owns the columns whose centres fall inside it, so
// back-to-back ranges share no column; a range too short to contain any centre gets the single
// column whose centre is nearest its midpoint. Frames past the last column (dropped by floor
// pooling or an incomplete patch) belong to no column. Plain value type, any thread.
#include <cstdint>
#include <utility>

namespace soundframe {

struct FeatureTimeAxis {
    int64_t stride = 1;   // frames between the starts of consecutive columns
    int64_t span = 1;     // frames one column covers
    int64_t columns = 0;  // columns of the feature map

    // Columns [first, last) for the frames [range.first, range.second) of an input of
    // `totalFrames` frames. Throws Error for empty ranges, ranges outside [0, totalFrames),
    // and when there are no columns at all.
    std::pair<int64_t, int64_t> columnsFor(std::pair<int64_t, int64_t> range, int64_t totalFrames) const;
};

} // namespace soundframe
