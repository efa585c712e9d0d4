// `soundframe-cli pretrain` as a separate process, stopped the hard way: SIGKILL right after its
// first checkpoint appears, then `--resume` — the final weights equal an uninterrupted CLI run's
// bit for bit. And Ctrl-C (SIGINT): exit code 1, a message naming --resume, a resumable run.
// Label slow: several processes each load LibTorch and train.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "SyntheticTrainingData.h"
#include "base/TorchTensors.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "TestRegistry.h"

#include <csignal>

using namespace soundframe;
namespace fs = std::filesystem;

class TestTrainKillResume : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    static QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

    QStringList pretrainArgs(const fs::path& run) const
    {
        return {"pretrain", "--train-cache", q(root() / "train"), "--run", q(run), "--audio-config",
                q(root() / "cnn.json"), "--matching", "nearest", "--warmup-epochs", "1", "--epochs", "12", "--batch",
                "8", "--checkpoint-every", "3", "--threads", "1", "--progress", "none"};
    }

    static int runToEnd(const QStringList& args, QString* err = nullptr)
    {
        QProcess p;
        p.start(SOUNDFRAME_CLI_PATH, args);
        if (!p.waitForFinished(300000))
            return -1;
        if (err)
            *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    // Starts a run and sends `signal` once its first checkpoint exists.
    static QString interruptAfterFirstCheckpoint(const QStringList& args, const fs::path& run, int signal, int* exitCode)
    {
        QProcess p;
        p.start(SOUNDFRAME_CLI_PATH, args);
        if (!p.waitForStarted())
            return "could not start";
        QElapsedTimer timer;
        timer.start();
        while (!fs::exists(run / "checkpoints" / "latest") && timer.elapsed() < 120000
               && p.state() == QProcess::Running)
            QThread::msleep(5);
        if (p.state() != QProcess::Running)
            return "the run ended before it could be interrupted";
        ::kill(pid_t(p.processId()), signal);
        p.waitForFinished(120000);
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -signal;
        return QString::fromUtf8(p.readAllStandardError());
    }

    void compareWeights(const fs::path& a, const fs::path& b)
    {
        const auto wa = loadTorchTensors(a / "audio-encoder" / "model.safetensors");
        const auto wb = loadTorchTensors(b / "audio-encoder" / "model.safetensors");
        QCOMPARE(wa.size(), wb.size());
        for (const auto& [name, t] : wa)
            QVERIFY2(torch::equal(t, wb.at(name)), name.c_str());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(root() / "train", 10, 1, "train");  // 40 clips: 5 steps per epoch
        m_world.writeEncoderConfig(root() / "cnn.json", "cnn");
        QString err;
        QCOMPARE(runToEnd(pretrainArgs(root() / "whole"), &err), 0);
        QVERIFY2(fs::exists(root() / "whole" / "audio-encoder" / "model.safetensors"), qPrintable(err));
    }

    void sigkillThenResume()
    {
        const auto run = root() / "killed";
        int code = 0;
        const auto err = interruptAfterFirstCheckpoint(pretrainArgs(run), run, SIGKILL, &code);
        QCOMPARE(code, -SIGKILL);
        QVERIFY2(!fs::exists(run / "audio-encoder"), qPrintable(err));
        QString resumeErr;
        QCOMPARE(runToEnd(pretrainArgs(run) << "--resume", &resumeErr), 0);
        compareWeights(root() / "whole", run);
    }

    void ctrlCWritesACheckpointAndSaysResume()
    {
        const auto run = root() / "interrupted";
        int code = 0;
        const auto err = interruptAfterFirstCheckpoint(pretrainArgs(run), run, SIGINT, &code);
        QCOMPARE(code, 1);
        QVERIFY2(err.contains("--resume") && err.contains("interrupted"), qPrintable(err));
        // Resume with only the run folder: the rest comes from RUN/config.json.
        QString resumeErr;
        QCOMPARE(runToEnd({"pretrain", "--run", q(run), "--resume", "--threads", "1", "--progress", "none"}, &resumeErr), 0);
        compareWeights(root() / "whole", run);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestTrainKillResume)
#include "tst_TrainKillResume.moc"
