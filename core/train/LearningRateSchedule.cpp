#include "LearningRateSchedule.h"

#include <algorithm>
#include <cmath>

namespace soundframe {

double learningRateAt(int64_t step, int64_t totalSteps, int64_t warmupSteps, double peak)
{
    if (warmupSteps > 0 && step < warmupSteps)
        return peak * double(step + 1) / double(warmupSteps);
    const double span = double(std::max<int64_t>(1, totalSteps - warmupSteps));
    const double progress = std::clamp(double(step - warmupSteps) / span, 0.0, 1.0);
    return 0.5 * peak * (1.0 + std::cos(M_PI * progress));
}

} // namespace soundframe
