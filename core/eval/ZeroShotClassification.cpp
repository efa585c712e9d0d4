#include "ZeroShotClassification.h"

#include "UnitRows.h"
#include "base/Error.h"
#include "data/CsvReader.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace soundframe {

namespace {
double percent(int64_t part, int64_t whole)
{
    return whole > 0 ? 100.0 * double(part) / double(whole) : 0.0;
}

std::string cell(const std::string& text)
{
    std::string out;
    for (char ch : text)
        out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
}

} // namespace

ZeroShotClassification ZeroShotClassification::score(const torch::Tensor& audio, const torch::Tensor& classes,
                                                     std::vector<std::string> classNames,
                                                     const std::vector<std::vector<int64_t>>& clipClasses,
                                                     const std::vector<int>& clipFolds)
{
    if (audio.size(0) != int64_t(clipClasses.size()))
        throw Error("zero-shot: one class list per clip is required");
    if (!clipFolds.empty() && clipFolds.size() != clipClasses.size())
        throw Error("zero-shot: one fold per clip is required");
    if (int64_t(classNames.size()) != classes.size(0))
        throw Error("zero-shot: one name per class row is required");
    ZeroShotClassification z;
    z.classNames = std::move(classNames);
    const int64_t c = classes.size(0);
    z.overall.classes = z.foldMean.classes = z.foldStd.classes = c;
    z.predictions.resize(clipClasses.size());
    z.confusion.assign(size_t(c), std::vector<int64_t>(size_t(c), 0));
    if (c == 0)
        return z;

    const auto sim = torch::matmul(unitRows(audio), unitRows(classes).t());  // [N, C]
    const int64_t k = std::min<int64_t>(5, c);
    const auto top = std::get<1>(sim.topk(k, 1)).contiguous();
    const auto* ids = top.data_ptr<int64_t>();
    struct Tally {
        int64_t clips = 0, hit1 = 0, hit5 = 0;
    };
    Tally all;
    std::map<int, Tally> byFold;
    for (size_t i = 0; i < clipClasses.size(); ++i) {
        const auto& mine = clipClasses[i];
        if (mine.empty())
            continue;
        auto& p = z.predictions[i];
        p.top.assign(ids + int64_t(i) * k, ids + int64_t(i + 1) * k);
        const std::set<int64_t> truth(mine.begin(), mine.end());
        p.hit1 = truth.count(p.top[0]) > 0;
        p.hit5 = std::any_of(p.top.begin(), p.top.end(), [&](int64_t id) { return truth.count(id) > 0; });
        if (mine.size() == 1)
            ++z.confusion[size_t(mine[0])][size_t(p.top[0])];
        const int fold = clipFolds.empty() ? 0 : clipFolds[i];
        for (Tally* t : {&all, fold > 0 ? &byFold[fold] : nullptr})
            if (t) {
                ++t->clips;
                t->hit1 += p.hit1;
                t->hit5 += p.hit5;
            }
        z.clipsWithoutFold += fold > 0 ? 0 : 1;
    }
    z.overall.clips = all.clips;
    z.overall.top1 = percent(all.hit1, all.clips);
    z.overall.top5 = percent(all.hit5, all.clips);
    if (byFold.empty()) {
        z.clipsWithoutFold = 0;
        return z;
    }
    for (const auto& [fold, t] : byFold) {
        z.folds.push_back({fold, percent(t.hit1, t.clips), percent(t.hit5, t.clips), t.clips});
        z.foldMean.top1 += z.folds.back().top1 / double(byFold.size());
        z.foldMean.top5 += z.folds.back().top5 / double(byFold.size());
        z.foldMean.clips += t.clips;
    }
    for (const auto& f : z.folds) {
        z.foldStd.top1 += (f.top1 - z.foldMean.top1) * (f.top1 - z.foldMean.top1) / double(z.folds.size());
        z.foldStd.top5 += (f.top5 - z.foldMean.top5) * (f.top5 - z.foldMean.top5) / double(z.folds.size());
    }
    z.foldStd.top1 = std::sqrt(z.foldStd.top1);
    z.foldStd.top5 = std::sqrt(z.foldStd.top5);
    z.foldStd.clips = z.foldMean.clips;
    return z;
}

std::vector<ZeroShotClassification::ConfusedPair> ZeroShotClassification::mostConfused(size_t limit) const
{
    std::vector<ConfusedPair> pairs;
    for (size_t t = 0; t < confusion.size(); ++t) {
        int64_t row = 0;
        for (int64_t n : confusion[t])
            row += n;
        for (size_t p = 0; p < confusion[t].size(); ++p)
            if (p != t && confusion[t][p] > 0)
                pairs.push_back({int64_t(t), int64_t(p), confusion[t][p], percent(confusion[t][p], row)});
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const ConfusedPair& a, const ConfusedPair& b) { return a.clips > b.clips; });
    if (pairs.size() > limit)
        pairs.resize(limit);
    return pairs;
}

nlohmann::ordered_json ZeroShotClassification::toJson() const
{
    nlohmann::ordered_json j{{"top1", overall.top1}, {"top5", overall.top5}, {"classes", overall.classes},
                             {"clips", overall.clips}};
    if (!folds.empty()) {
        auto& list = j["folds"] = nlohmann::ordered_json::array();
        for (const auto& f : folds)
            list.push_back({{"fold", f.fold}, {"top1", f.top1}, {"top5", f.top5}, {"clips", f.clips}});
        j["fold_mean"] = {{"top1", foldMean.top1}, {"top5", foldMean.top5}};
        j["fold_std"] = {{"top1", foldStd.top1}, {"top5", foldStd.top5}};
        j["clips_without_fold"] = clipsWithoutFold;
    }
    j["class_names"] = classNames;
    j["confusion"] = confusion;
    auto& confused = j["most_confused"] = nlohmann::ordered_json::array();
    for (const auto& p : mostConfused(kMostConfusedPairs))
        confused.push_back({{"true", classNames[size_t(p.truth)]}, {"predicted", classNames[size_t(p.predicted)]},
                            {"clips", p.clips}, {"share", p.share}});
    return j;
}

std::string ZeroShotClassification::toMarkdown() const
{
    char line[512];
    std::string out = "\n| zero-shot | top-1 | top-5 | classes | clips |\n|---|---:|---:|---:|---:|\n";
    std::snprintf(line, sizeof line, "| classification | %.1f | %.1f | %lld | %lld |\n", overall.top1, overall.top5,
                  (long long)overall.classes, (long long)overall.clips);
    out += line;
    if (!folds.empty()) {
        out += "\n| fold | top-1 | top-5 | clips |\n|---|---:|---:|---:|\n";
        for (const auto& f : folds) {
            std::snprintf(line, sizeof line, "| %d | %.1f | %.1f | %lld |\n", f.fold, f.top1, f.top5, (long long)f.clips);
            out += line;
        }
        std::snprintf(line, sizeof line, "| mean ± std (%zu folds) | %.1f ± %.1f | %.1f ± %.1f | %lld |\n", folds.size(),
                      foldMean.top1, foldStd.top1, foldMean.top5, foldStd.top5, (long long)foldMean.clips);
        out += line;
        if (clipsWithoutFold > 0)
            out += "\n" + std::to_string(clipsWithoutFold) + " scored clips carry no fold: in the pooled figure only.\n";
    }
    const auto c = int64_t(classNames.size());
    if (c == 0)
        return out;
    if (c <= kFullMatrixMaxClasses) {
        out += "\nConfusion (rows: true class, columns: top-1 class; clips with one label):\n\n| true \\ predicted |";
        std::string rule = "|---|";
        for (const auto& name : classNames) {
            out += " " + cell(name) + " |";
            rule += "---:|";
        }
        out += "\n" + rule + "\n";
        for (int64_t t = 0; t < c; ++t) {
            out += "| " + cell(classNames[size_t(t)]) + " |";
            for (int64_t n : confusion[size_t(t)])
                out += " " + std::to_string(n) + " |";
            out += "\n";
        }
        return out;
    }
    const auto pairs = mostConfused(kMostConfusedPairs);
    out += "\nMost-confused pairs (top-1; " + std::to_string(c)
           + " classes are too many for a readable matrix: the full one is in zero_shot_confusion.csv):\n\n"
             "| true class | predicted as | clips | % of its clips |\n|---|---|---:|---:|\n";
    for (const auto& p : pairs) {
        std::snprintf(line, sizeof line, " | %lld | %.1f |\n", (long long)p.clips, p.share);
        out += "| " + cell(classNames[size_t(p.truth)]) + " | " + cell(classNames[size_t(p.predicted)]) + line;
    }
    if (pairs.empty())
        out += "| (none: every counted clip's top-1 class is right) | | | |\n";
    return out;
}

std::string ZeroShotClassification::confusionCsv() const
{
    std::string out = "true \\ predicted";
    for (const auto& name : classNames)
        out += "," + CsvReader::quoteField(name);
    out += "\n";
    for (size_t t = 0; t < classNames.size(); ++t) {
        out += CsvReader::quoteField(classNames[t]);
        for (int64_t n : confusion[t])
            out += "," + std::to_string(n);
        out += "\n";
    }
    return out;
}

} // namespace soundframe
