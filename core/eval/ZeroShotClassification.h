#pragma once
// ZeroShotClassification: clips classified by their nearest class prompt, scored the way the field
// reports zero-shot ESC-50 / UrbanSound8K: top-1 and top-5 over all clips, the same per fold with the
// mean and standard deviation over folds, and a confusion table.
//
//   auto z = ZeroShotClassification::score(audio, classRows, classNames, clipClasses, clipFolds);
//   z.overall.top1;                      // percent, pooled over every labelled clip
//   for (const auto& f : z.folds) ...;   // {fold 1, top1, top5, clips}, ascending folds
//   z.foldMean.top1, z.foldStd.top1;     // over the folds
//   report["zero_shot"] = z.toJson();  markdown += z.toMarkdown();  csv = z.confusionCsv();
//
// audio [N, D] and classes [C, D] need not be unit rows: both are normalised here, so a class row that
// is the mean of unit prompt embeddings is renormalised as CLIP does. clipClasses[i] lists clip i's
// class rows (empty: the clip is not scored); a clip is right at k when any of its classes is among
// its k most similar (k = min(5, C) for "top-5"). Folds: clipFolds[i] > 0 is clip i's fold, 0 none.
// Zero-shot has no training, so a fold only partitions the scored clips; every fold is classified
// against the whole class set. foldStd is the population standard deviation (numpy's default,
// ddof = 0) of the per-fold figures. The confusion counts clips with exactly one class: row = that
// class, column = the top-1 class. Percentages 0-100. Pure computation; any thread.
#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace soundframe {

struct ZeroShotAccuracy {
    double top1 = 0;        // percent of labelled clips whose best class is one of their labels
    double top5 = 0;        // percent with one of their labels among the 5 best classes
    int64_t clips = 0;      // labelled clips scored
    int64_t classes = 0;
};

struct ZeroShotFold {
    int fold = 0;
    double top1 = 0;
    double top5 = 0;
    int64_t clips = 0;
};

struct ZeroShotPrediction {
    std::vector<int64_t> top;  // the k best class rows, best first (empty: clip not scored)
    bool hit1 = false;
    bool hit5 = false;
};

class ZeroShotClassification {
public:
    // Above this many classes report.md lists the most-confused pairs instead of the full matrix.
    static constexpr int64_t kFullMatrixMaxClasses = 10;
    static constexpr int kMostConfusedPairs = 15;

    static ZeroShotClassification score(const torch::Tensor& audio, const torch::Tensor& classes,
                                        std::vector<std::string> classNames,
                                        const std::vector<std::vector<int64_t>>& clipClasses,
                                        const std::vector<int>& clipFolds = {});

    std::vector<std::string> classNames;
    ZeroShotAccuracy overall;
    std::vector<ZeroShotFold> folds;      // ascending; empty when no scored clip has a fold
    ZeroShotAccuracy foldMean;            // top1/top5 mean over folds (clips: sum, classes: C)
    ZeroShotAccuracy foldStd;             // top1/top5 population std over folds
    int64_t clipsWithoutFold = 0;         // scored clips with fold 0 while others have one
    std::vector<std::vector<int64_t>> confusion;  // [C][C]: true class x top-1 class
    std::vector<ZeroShotPrediction> predictions;  // per clip, in input order

    // {"top1", "top5", "classes", "clips", "folds": [{"fold", "top1", "top5", "clips"}], "fold_mean": {...},
    //  "fold_std": {...}, "clips_without_fold", "class_names": [...], "confusion": [[...]], "most_confused": [...]}
    nlohmann::ordered_json toJson() const;
    // The summary row, the per-fold table with "mean ± std", and the confusion: the full class x class
    // matrix up to kFullMatrixMaxClasses classes, else the kMostConfusedPairs largest off-diagonal cells.
    std::string toMarkdown() const;
    // The full matrix as CSV: "true \ predicted,<class>,...", one row per class.
    std::string confusionCsv() const;

    struct ConfusedPair {
        int64_t truth = 0;
        int64_t predicted = 0;
        int64_t clips = 0;
        double share = 0;  // percent of the true class's counted clips
    };
    // Off-diagonal cells, largest first (ties: by true then predicted class), at most `limit`.
    std::vector<ConfusedPair> mostConfused(size_t limit) const;
};

} // namespace soundframe
