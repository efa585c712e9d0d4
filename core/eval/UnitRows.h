#pragma once
// unitRows: each row of a [N, D] embedding matrix scaled to unit length, in float32, so a matrix
// product of two such matrices holds cosines. The one definition evaluation, zero-shot
// classification and the alignment view share.
#include <torch/types.h>

namespace soundframe {

torch::Tensor unitRows(const torch::Tensor& rows);

} // namespace soundframe
