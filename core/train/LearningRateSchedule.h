#pragma once
// Learning rate at a step: linear warm-up from 0 to the peak, then cosine decay to 0.
//
//   double lr = learningRateAt(step, totalSteps, warmupSteps, 3e-4);
#include <cstdint>

namespace soundframe {

// step counts from 0; totalSteps > 0; warmupSteps in [0, totalSteps).
double learningRateAt(int64_t step, int64_t totalSteps, int64_t warmupSteps, double peak);

} // namespace soundframe
