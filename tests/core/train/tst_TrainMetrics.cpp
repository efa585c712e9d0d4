// TrainMetrics: a record survives its metrics.jsonl line, and reading a run's file skips what a kill
// or a foreign writer left (torn lines, wrong types) without losing the records around it.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "TestSupport.h"
#include "train/TrainMetrics.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
namespace fs = std::filesystem;

class TestTrainMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aLineReadsBackAsWritten()
    {
        TrainMetrics m;
        m.kind = "epoch";
        m.epoch = 3;
        m.step = 120;
        m.totalSteps = 400;
        m.loss = 2.5;
        m.learningRate = 1e-3;
        m.temperature = 0.07;
        m.samplesPerSecond = 250;
        m.worldSize = 2;
        m.validation = {{"text_to_audio/R@10", 12.5}, {"audio_to_image/R@1", 3.0}};
        const auto back = TrainMetrics::fromJson(m.toJson());
        QVERIFY(back);
        QCOMPARE(back->kind, m.kind);
        QCOMPARE(back->epoch, m.epoch);
        QCOMPARE(back->step, m.step);
        QCOMPARE(back->totalSteps, m.totalSteps);
        QCOMPARE(back->loss, m.loss);
        QCOMPARE(back->learningRate, m.learningRate);
        QCOMPARE(back->temperature, m.temperature);
        QCOMPARE(back->samplesPerSecond, m.samplesPerSecond);
        QCOMPARE(back->worldSize, m.worldSize);
        QCOMPARE(back->validation, m.validation);
    }

    void whatIsNotARecordIsSkipped()
    {
        QVERIFY(!TrainMetrics::fromJson(R"({"kind":"step","step":4,"loss":)"));   // torn by a kill
        QVERIFY(!TrainMetrics::fromJson(R"({"step":4,"loss":1.0})"));              // no kind
        QVERIFY(!TrainMetrics::fromJson(R"({"kind":"step","step":"four"})"));      // wrong type
        QVERIFY(!TrainMetrics::fromJson("[1, 2]"));
        // Older runs wrote no world size: one process.
        const auto old = TrainMetrics::fromJson(R"({"kind":"step","epoch":0,"step":1,"loss":3.9})");
        QVERIFY(old);
        QCOMPARE(old->worldSize, 1);
        QCOMPARE(old->loss, 3.9);
    }

    void aFileReadsInOrderAroundTornLines()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "metrics.jsonl";
        QVERIFY(test::writeBytes(QString::fromStdString(file.string()),
                                 "{\"kind\":\"step\",\"epoch\":0,\"step\":1,\"loss\":3.0}\n"
                                 "{\"kind\":\"step\",\"epoch\":0,\"st\n"
                                 "\n"
                                 "{\"kind\":\"epoch\",\"epoch\":0,\"step\":2,\"loss\":2.0,"
                                 "\"validation\":{\"text_to_audio/R@10\":7.5}}\n"
                                 "{\"kind\":\"step\",\"epoch\":1,\"step\":3,\"loss\":1.0}"));  // no final newline
        const auto records = TrainMetrics::readFile(file);
        QCOMPARE(records.size(), size_t(3));
        QCOMPARE(records[0].step, int64_t(1));
        QCOMPARE(records[1].kind, std::string("epoch"));
        QCOMPARE(records[1].validation.at("text_to_audio/R@10"), 7.5);
        QCOMPARE(records[2].loss, 1.0);
        QVERIFY(TrainMetrics::readFile(file.parent_path() / "none.jsonl").empty());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainMetrics)
#include "tst_TrainMetrics.moc"
