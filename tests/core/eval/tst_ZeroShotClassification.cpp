// ZeroShotClassification: 100 % for trivially separable embeddings, about chance for random ones,
// per-fold figures with mean and population std on a hand-made case, unlabelled and fold-less clips,
// the confusion matrix, and report.md's choice between the full matrix and the most-confused pairs.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "base/Error.h"
#include "eval/ZeroShotClassification.h"

#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
std::vector<std::string> names(int n)
{
    std::vector<std::string> out;
    for (int k = 0; k < n; ++k)
        out.push_back("class " + std::to_string(k));
    return out;
}
} // namespace

class TestZeroShotClassification : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void separableIsPerfect()
    {
        torch::manual_seed(1);
        const int classes = 10, clips = 200;
        const auto classEmb = torch::randn({classes, 32});
        std::vector<std::vector<int64_t>> truth;
        std::vector<torch::Tensor> rows;
        for (int i = 0; i < clips; ++i) {
            truth.push_back({i % classes});
            rows.push_back(classEmb[i % classes] + 0.05 * torch::randn({32}));
        }
        truth[3].clear();  // an unlabelled clip is not scored
        const auto z = ZeroShotClassification::score(torch::stack(rows), classEmb, names(classes), truth);
        QCOMPARE(z.overall.clips, int64_t(clips - 1));
        QCOMPARE(z.overall.classes, int64_t(classes));
        QCOMPARE(z.overall.top1, 100.0);
        QCOMPARE(z.overall.top5, 100.0);
        QVERIFY(z.folds.empty());
        QVERIFY(z.predictions[3].top.empty());
        QCOMPARE(z.confusion[2][2], int64_t(20));
        QVERIFY(z.mostConfused(5).empty());
    }

    void randomIsChance()
    {
        torch::manual_seed(2);
        const int classes = 10, clips = 4000;
        std::vector<std::vector<int64_t>> truth;
        for (int i = 0; i < clips; ++i)
            truth.push_back({i % classes});
        const auto z = ZeroShotClassification::score(torch::randn({clips, 32}), torch::randn({classes, 32}),
                                                     names(classes), truth);
        qInfo("random embeddings: top-1 %.1f %%, top-5 %.1f %%", z.overall.top1, z.overall.top5);
        // Chance: 10 % and 50 %; 4000 clips put 3 standard deviations at about 1.4 and 2.4 points.
        QVERIFY2(std::abs(z.overall.top1 - 10.0) < 3.0, qPrintable(QString::number(z.overall.top1)));
        QVERIFY2(std::abs(z.overall.top5 - 50.0) < 5.0, qPrintable(QString::number(z.overall.top5)));
    }

    void perFoldMeanAndStd()
    {
        // Classes are the axes; a clip on axis c is classified as c.
        const auto classes = torch::eye(3);
        // fold 1: 2 of 2 right; fold 2: 1 of 2 right; fold 5: 0 of 1 right; one clip without a fold (right).
        const auto audio = torch::tensor({1.f, 0.f, 0.f, 0.f, 2.f, 0.f, 0.f, 0.f, 1.f, 1.f, 0.f, 0.f, 0.f, 0.f, 3.f,
                                          0.f, 1.f, 0.f}).view({6, 3});
        const std::vector<std::vector<int64_t>> truth{{0}, {1}, {2}, {2}, {0}, {1}};
        const std::vector<int> folds{1, 1, 2, 2, 5, 0};
        const auto z = ZeroShotClassification::score(audio, classes, {"dog", "rain", "siren"}, truth, folds);
        QCOMPARE(z.overall.clips, int64_t(6));
        QCOMPARE(z.overall.top1, 400.0 / 6);
        QCOMPARE(z.folds.size(), size_t(3));
        QCOMPARE(z.folds[0].fold, 1);
        QCOMPARE(z.folds[0].top1, 100.0);
        QCOMPARE(z.folds[1].fold, 2);
        QCOMPARE(z.folds[1].top1, 50.0);
        QCOMPARE(z.folds[1].clips, int64_t(2));
        QCOMPARE(z.folds[2].fold, 5);
        QCOMPARE(z.folds[2].top1, 0.0);
        QCOMPARE(z.folds[2].top5, 100.0);  // 3 classes: always in the top 3
        QCOMPARE(z.foldMean.top1, 50.0);
        QVERIFY(std::abs(z.foldStd.top1 - std::sqrt((2500.0 + 0.0 + 2500.0) / 3)) < 1e-9);  // ddof = 0
        QCOMPARE(z.foldStd.top5, 0.0);
        QCOMPARE(z.clipsWithoutFold, int64_t(1));
        // Confusion: siren taken for dog once, dog for siren once.
        QCOMPARE(z.confusion[2][0], int64_t(1));
        QCOMPARE(z.confusion[0][2], int64_t(1));
        QCOMPARE(z.confusion[1][1], int64_t(2));

        const auto j = z.toJson();
        QCOMPARE(j.at("folds").size(), size_t(3));
        QCOMPARE(j.at("fold_mean").at("top1").get<double>(), 50.0);
        QCOMPARE(j.at("clips_without_fold").get<int>(), 1);
        QCOMPARE(j.at("confusion").at(2).at(0).get<int>(), 1);
        QCOMPARE(j.at("most_confused").size(), size_t(2));
        QCOMPARE(j.at("most_confused").at(0).at("share").get<double>(), 50.0);

        const auto md = z.toMarkdown();
        QVERIFY2(md.find("| 2 | 50.0 | 100.0 | 2 |") != std::string::npos, md.c_str());
        QVERIFY2(md.find("| mean ± std (3 folds) | 50.0 ± 40.8 | 100.0 ± 0.0 | 5 |") != std::string::npos, md.c_str());
        QVERIFY2(md.find("| true \\ predicted | dog | rain | siren |") != std::string::npos, md.c_str());
        QVERIFY2(md.find("| siren | 1 | 0 | 1 |") != std::string::npos, md.c_str());
        QCOMPARE(z.confusionCsv(), std::string("true \\ predicted,dog,rain,siren\ndog,1,0,1\nrain,0,2,0\nsiren,1,0,1\n"));
    }

    void manyClassesListTheMostConfusedPairs()
    {
        const int classes = 50;
        const auto classEmb = torch::eye(classes);
        // Clip i of class i % 50 sits on class (i % 50 + 1) % 50 for the first 25 classes' first clip.
        std::vector<std::vector<int64_t>> truth;
        std::vector<torch::Tensor> rows;
        for (int i = 0; i < 100; ++i) {
            const int k = i % classes;
            truth.push_back({k});
            rows.push_back(classEmb[i < 25 ? (k + 1) % classes : k]);
        }
        const auto z = ZeroShotClassification::score(torch::stack(rows), classEmb, names(classes), truth);
        QCOMPARE(z.overall.top1, 75.0);
        const auto md = z.toMarkdown();
        QVERIFY2(md.find("Most-confused pairs") != std::string::npos, md.c_str());
        QVERIFY2(md.find("| true \\ predicted |") == std::string::npos, "no 50-column matrix");
        QVERIFY2(md.find("| class 0 | class 1 | 1 | 50.0 |") != std::string::npos, md.c_str());
        QCOMPARE(z.mostConfused(100).size(), size_t(25));
        QCOMPARE(z.toJson().at("most_confused").size(), size_t(ZeroShotClassification::kMostConfusedPairs));
    }

    void mismatchedInputsAreErrors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, ZeroShotClassification::score(torch::zeros({2, 3}), torch::eye(3), names(3), {{0}}));
        QVERIFY_THROWS_EXCEPTION(Error, ZeroShotClassification::score(torch::zeros({1, 3}), torch::eye(3), names(2), {{0}}));
        QVERIFY_THROWS_EXCEPTION(Error, ZeroShotClassification::score(torch::zeros({1, 3}), torch::eye(3), names(3), {{0}},
                                                                      {1, 2}));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestZeroShotClassification)
#include "tst_ZeroShotClassification.moc"
