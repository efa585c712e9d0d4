#include "TrainingCurves.h"

#include <algorithm>
#include <cmath>

namespace soundframe {

TrainingCurves TrainingCurves::fromMetrics(const std::vector<TrainMetrics>& records)
{
    TrainingCurves curves;
    for (const TrainMetrics& m : records) {
        const auto step = double(m.step);
        if (m.kind == "epoch") {
            curves.epochLoss.push_back({step, m.loss});
            for (const auto& [key, value] : m.validation)
                curves.validation[key].push_back({double(m.epoch + 1), value});
        } else {
            curves.loss.push_back({step, m.loss});
            curves.learningRate.push_back({step, m.learningRate});
            curves.temperature.push_back({step, m.temperature});
        }
        curves.totalSteps = m.totalSteps;
    }
    return curves;
}

TrainingCurves::Series TrainingCurves::smoothed(const Series& series, double weight)
{
    weight = std::clamp(weight, 0.0, 0.999);
    if (weight == 0)
        return series;
    Series out = series;
    double average = 0;
    double weightOfPast = 1;  // weight^n after n finite values: the debiasing term is 1 - weightOfPast
    for (Point& p : out) {
        if (!std::isfinite(p.y))
            continue;
        average = weight * average + (1 - weight) * p.y;
        weightOfPast *= weight;
        p.y = average / (1 - weightOfPast);
    }
    return out;
}

} // namespace soundframe
