#pragma once
// TrainingCurves: the series a run's metrics plot as — loss, learning rate and temperature per
// optimiser step, the epoch-mean loss at each epoch's last step, and each validation metric per
// epoch — so the app's Training view and any headless figure draw the same points.
//
//   const auto records = TrainMetrics::readFile(runDir / "metrics.jsonl");
//   const TrainingCurves curves = TrainingCurves::fromMetrics(records);
//   for (const TrainingCurves::Point& p : TrainingCurves::smoothed(curves.loss, 0.6)) plot(p.x, p.y);
//
// x is the optimiser step for the step series and for the epoch-mean loss, and the 1-based epoch
// (1, 2, …) for validation. Records keep their file order; a resumed run's metrics.jsonl was
// trimmed to its checkpoint (JsonLinesFile), so steps do not repeat. Plain values; any thread.
#include "TrainMetrics.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace soundframe {

class TrainingCurves {
public:
    struct Point {
        double x = 0;
        double y = 0;
    };
    using Series = std::vector<Point>;

    Series loss;                               // InfoNCE per step
    Series learningRate;                       // of the audio encoder, per step
    Series temperature;                        // tau, per step
    Series epochLoss;                          // mean loss of each epoch, at its last step
    std::map<std::string, Series> validation;  // e.g. "audio_to_image/R@10" -> percent per epoch
    int64_t totalSteps = 0;                    // steps the run was planned for (last record's)

    static TrainingCurves fromMetrics(const std::vector<TrainMetrics>& records);

    // TensorBoard's smoothing slider: an exponential moving average of y with weight `weight` on the
    // past, debiased so the first points are not pulled towards 0:
    //   s_i = sum_{j<=i} weight^(i-j) (1 - weight) y_j / (1 - weight^(i+1))
    // (j counts finite values only; a NaN or infinite y is kept as is and does not enter the average).
    // weight 0 returns the series unchanged; it is clamped to [0, 0.999]. x is kept.
    static Series smoothed(const Series& series, double weight);
};

} // namespace soundframe
