// Data-parallel training over c10d Gloo: two `soundframe-cli pretrain` processes (RANK 0 and 1,
// WORLD_SIZE 2, MASTER_ADDR 127.0.0.1, a free MASTER_PORT) at global batch 8 end with the weights
// of one process at batch 8, within 1e-5, for each matching. The encoder is the tiny transformer:
// it has neither BatchNorm (statistics would be per process) nor dropout (masks would differ).
// Label slow: three processes per case.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "SyntheticTrainingData.h"
#include "base/TorchTensors.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace soundframe;
namespace fs = std::filesystem;

namespace {
// A TCP port nobody listens on right now (the kernel's choice for port 0).
int freePort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = -1;
    if (::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
        && ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(s);
    return port;
}
} // namespace

class TestDistributedTraining : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    test::SyntheticWorld m_world;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    static QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

    QStringList args(const fs::path& run, const QString& matching) const
    {
        return {"pretrain", "--train-cache", q(root() / "train"), "--run", q(run), "--audio-config",
                q(root() / "transformer.json"), "--matching", matching, "--warmup-epochs", "1", "--segment-seconds",
                "0.5", "--epochs", "3", "--batch", "8", "--lr", "0.005", "--threads", "1", "--progress", "none"};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_world.writeCache(root() / "train", 6, 1, "train");  // 24 clips: 3 steps per epoch
        m_world.writeEncoderConfig(root() / "transformer.json", "transformer");
    }

    void twoProcessesMatchOne_data()
    {
        QTest::addColumn<QString>("matching");
        QTest::newRow("random") << "random";
        QTest::newRow("nearest") << "nearest";
        QTest::newRow("multiframe") << "multiframe";
    }
    void twoProcessesMatchOne()
    {
        QFETCH(QString, matching);
        const auto single = root() / ("single-" + matching.toStdString());
        const auto pair = root() / ("pair-" + matching.toStdString());
        {
            QProcess p;
            p.start(SOUNDFRAME_CLI_PATH, args(single, matching));
            QVERIFY(p.waitForFinished(300000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        const int port = freePort();
        QVERIFY(port > 0);
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert("RANK", QString::number(r));
            env.insert("WORLD_SIZE", "2");
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            ranks[r].setProcessEnvironment(env);
            ranks[r].start(SOUNDFRAME_CLI_PATH, args(pair, matching));
        }
        for (auto& p : ranks) {
            QVERIFY(p.waitForFinished(300000));
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                     p.readAllStandardError().constData());
        }
        const auto a = loadTorchTensors(single / "audio-encoder" / "model.safetensors");
        const auto b = loadTorchTensors(pair / "audio-encoder" / "model.safetensors");
        QCOMPARE(a.size(), b.size());
        double worst = 0;
        for (const auto& [name, t] : a)
            worst = std::max(worst, (t.to(torch::kFloat64) - b.at(name).to(torch::kFloat64)).abs().max().item<double>());
        qInfo("%s: max |single - pair| = %.3g", qPrintable(matching), worst);
        QVERIFY2(worst <= 1e-5, qPrintable(QString::number(worst)));
        // The weights moved: the comparison is not between two untouched initialisations.
        QVERIFY(fs::exists(single / "metrics.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestDistributedTraining)
#include "tst_DistributedTraining.moc"
