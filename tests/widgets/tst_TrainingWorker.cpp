// TrainingWorker: a pause that lands in the evaluation after training stops only the evaluation —
// the trained run stays whole and a resume evaluates it without training again — while an
// evaluation that fails on its own is still reported as a failure.
#include "GuiTestProject.h"
#include "Project.h"
#include "TrainingWorker.h"
#include "train/TrainConfig.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

class TestTrainingWorker : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

    // Two epochs, then the evaluation on the project's test cache.
    TrainingRequest request(const QString& runName) const
    {
        TrainingRequest r = m_folder.trainingRequest(runName, 2);
        r.testCache = m_folder.project().cacheFolder("test");
        r.clipDir = m_folder.project().clipModelFolder();
        return r;
    }

    static QByteArray fileBytes(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(), QString());
    }

    void pauseDuringEvaluationKeepsTheRunAndResumeEvaluates()
    {
        const TrainingRequest r = request("paused-in-evaluation");
        const QString run = QString::fromStdString(r.config.runDir);
        {
            TrainingWorker worker;
            QSignalSpy finished(&worker, &TrainingWorker::finished);
            QSignalSpy failed(&worker, &TrainingWorker::failed);
            // train() runs on this thread, so the lambda runs inside the trainer: at the last epoch's
            // end every step is done, and the cancel is first seen by the evaluation.
            connect(&worker, &TrainingWorker::metricsReported, &worker, [&](const TrainingPoint& p) {
                if (p.kind == QLatin1String("epoch") && p.epoch == r.config.epochs - 1)
                    worker.requestCancel();
            });
            worker.train(r);
            QCOMPARE(failed.size(), 0);
            QCOMPARE(finished.size(), 1);
            QCOMPARE(finished.at(0).at(0).toBool(), true);  // completed
            QCOMPARE(finished.at(0).at(1).toBool(), true);  // cancelled: the evaluation
            QCOMPARE(finished.at(0).at(3).toString(), QString());
        }
        QVERIFY(!QFile::exists(run + "/eval/report.json"));
        const QByteArray trained = fileBytes(run + "/audio-encoder/model.safetensors");
        QVERIFY(!trained.isEmpty());

        TrainingRequest resumed = r;
        resumed.resume = true;
        TrainingWorker worker;
        QSignalSpy finished(&worker, &TrainingWorker::finished);
        QSignalSpy failed(&worker, &TrainingWorker::failed);
        int steps = 0;
        connect(&worker, &TrainingWorker::metricsReported, &worker, [&](const TrainingPoint& p) {
            steps += p.kind == QLatin1String("step");
        });
        worker.train(resumed);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(steps, 0);  // nothing trained again
        QVERIFY(finished.at(0).at(3).toString().contains("R@10"));
        QVERIFY(QFile::exists(run + "/eval/report.json"));
        QCOMPARE(fileBytes(run + "/audio-encoder/model.safetensors"), trained);
    }

    void evaluationErrorIsStillAFailure()
    {
        TrainingRequest r = request("evaluation-fails");
        r.testCache = QDir(m_folder.path()).filePath("no-such-cache");
        TrainingWorker worker;
        QSignalSpy finished(&worker, &TrainingWorker::finished);
        QSignalSpy failed(&worker, &TrainingWorker::failed);
        worker.train(r);
        QCOMPARE(finished.size(), 0);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains("no-such-cache"), qPrintable(failed.at(0).at(0).toString()));
    }
};

SOUNDFRAME_TEST_MAIN(TestTrainingWorker)
#include "tst_TrainingWorker.moc"
