// LogMelSpectrogram against torchaudio.transforms.MelSpectrogram + torch.log on real
// recordings (Debian's sound-theme-freedesktop), batches, shapes and option checks.
// Torch first: Qt's `slots` macro would break a member of that name in LibTorch's headers.
#include <torch/torch.h>

#include "TestSupport.h"
#include "base/Error.h"
#include "media/AudioDecoder.h"
#include "media/LogMelSpectrogram.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {

const QString kSounds = "/usr/share/sounds/freedesktop/stereo/";
// Stereo and mono, 8 kHz to 96 kHz in the files, 0.14 s to 6 s long.
const QStringList kRecordings{"alarm-clock-elapsed.oga", "camera-shutter.oga", "audio-channel-front-left.oga",
                              "phone-outgoing-busy.oga", "service-login.oga", "bell.oga"};

torch::Tensor toTensor(const std::vector<float>& v)
{
    return torch::from_blob(const_cast<float*>(v.data()), {int64_t(v.size())}, torch::kFloat32).clone();
}

torch::Tensor readFloats(const QString& file, std::vector<int64_t> shape)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    auto t = torch::empty(shape, torch::kFloat32);
    if (bytes.size() != t.numel() * 4)
        return {};
    std::memcpy(t.data_ptr<float>(), bytes.constData(), size_t(bytes.size()));
    return t;
}

// max over elements of |ours - ref| / max(1, |ref|)
double maxRelativeError(const torch::Tensor& ours, const torch::Tensor& ref)
{
    const auto a = ours.to(torch::kFloat64), b = ref.to(torch::kFloat64);
    return ((a - b).abs() / b.abs().clamp_min(1.0)).max().item<double>();
}

} // namespace

class TestLogMelSpectrogram : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    double m_worst = 0;

    // Our log-mel of each recording against torchaudio's, with the same decoded samples.
    void compareWithTorchaudio(const LogMelOptions& o)
    {
        QStringList args{QString::number(o.sampleRate), QString::number(o.nFft), QString::number(o.winLength),
                         QString::number(o.hopLength), QString::number(o.nMels), QString::number(o.fMin, 'g', 17),
                         QString::number(o.fMax, 'g', 17), QString::number(o.logOffset, 'g', 17),
                         m_dir.filePath("fbank.f32")};
        std::vector<std::vector<float>> waves;
        for (const auto& name : kRecordings) {
            const auto decoded = decodeAudio((kSounds + name).toStdString(), {o.sampleRate});
            waves.push_back(decoded.samples);
            const QString in = m_dir.filePath(name + ".f32"), out = m_dir.filePath(name + ".ref.f32");
            QVERIFY(test::writeBytes(in, QByteArray(reinterpret_cast<const char*>(decoded.samples.data()),
                                                    int(decoded.samples.size() * 4))));
            args << in << out;
        }
        const auto r = test::runPythonScript("logmel_reference.py", args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto shapes = QJsonDocument::fromJson(r.stdoutBytes).array();
        QCOMPARE(shapes.size(), kRecordings.size());

        LogMelSpectrogram logMel(o);
        const auto fbank = readFloats(m_dir.filePath("fbank.f32"), {o.nFft / 2 + 1, o.nMels});
        QVERIFY(fbank.defined());
        // Both computed in float32 with the same operations: equal up to a float32 ulp or so.
        const double fbankErr = (logMel->melFilterbank() - fbank).abs().max().item<double>();
        QVERIFY2(fbankErr <= 1e-6, qPrintable(QString("filterbank differs by %1").arg(fbankErr)));

        double worst = 0;
        for (int i = 0; i < kRecordings.size(); ++i) {
            const auto ours = logMel(toTensor(waves[size_t(i)]));
            const int64_t frames = logMel->frameCount(int64_t(waves[size_t(i)].size()));
            QCOMPARE(ours.sizes().vec(), (std::vector<int64_t>{o.nMels, frames}));
            QCOMPARE(shapes[i].toArray(), (QJsonArray{o.nMels, qint64(frames)}));
            const auto ref = readFloats(m_dir.filePath(kRecordings[i] + ".ref.f32"), {o.nMels, frames});
            QVERIFY(ref.defined());
            const double err = maxRelativeError(ours, ref);
            worst = std::max(worst, err);
            QVERIFY2(err <= 1e-4, qPrintable(QString("%1: max relative error %2").arg(kRecordings[i]).arg(err)));
        }
        m_worst = std::max(m_worst, worst);
        qInfo("%d Hz, nFft %d, hop %d, %d mels: max |ours - torchaudio| / max(1, |ref|) = %.3g, filterbank %.3g",
              o.sampleRate, o.nFft, o.hopLength, o.nMels, worst, fbankErr);
    }

    static void expectOptionError(const LogMelOptions& o, const std::string& fragment)
    {
        try {
            LogMelSpectrogram logMel(o);
            QFAIL(("no error for " + fragment).c_str());
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const auto& name : kRecordings)
            QVERIFY2(QFile::exists(kSounds + name), qPrintable("install sound-theme-freedesktop: " + name));
    }

    void defaultOptionsMatchTorchaudio() { compareWithTorchaudio(LogMelOptions{}); }

    void widebandOptionsMatchTorchaudio()
    {
        LogMelOptions o;
        o.sampleRate = 32000;
        o.nFft = 1024;
        o.winLength = 800;
        o.hopLength = 320;
        o.nMels = 128;
        o.fMin = 20;
        o.fMax = 14000;
        o.logOffset = 1e-8;
        compareWithTorchaudio(o);
    }

    void cleanupTestCase() { qInfo("max relative error over all recordings and options: %.3g", m_worst); }

    void batchEqualsRowByRow()
    {
        LogMelSpectrogram logMel(LogMelOptions{});
        std::vector<torch::Tensor> rows;
        for (const QString name : {"alarm-clock-elapsed.oga", "audio-channel-front-left.oga", "service-login.oga"})
            rows.push_back(toTensor(decodeAudio((kSounds + name).toStdString()).samples).slice(0, 0, 16000));
        const auto batch = logMel(torch::stack(rows));
        QCOMPARE(batch.sizes().vec(), (std::vector<int64_t>{3, 64, 101}));
        for (size_t i = 0; i < rows.size(); ++i) {
            const double err = (batch[int64_t(i)] - logMel(rows[i])).abs().max().item<double>();
            QVERIFY2(err <= 1e-5, qPrintable(QString("row %1 differs by %2").arg(i).arg(err)));
        }
    }

    void shapesFollowFrameCount()
    {
        LogMelOptions o;
        LogMelSpectrogram logMel(o);
        for (int64_t samples : {257, 400, 1000, 16000, 16159, 16160, 16161}) {
            const auto out = logMel(torch::randn({samples}));
            QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{64, samples / 160 + 1}));
            QCOMPARE(logMel->frameCount(samples), samples / 160 + 1);
            QVERIFY(torch::isfinite(out).all().item<bool>());
        }
        // float64 in, float64 out, same values as float32 to float32 precision.
        const auto x = torch::randn({2, 8000});
        const auto d = logMel(x.to(torch::kFloat64));
        QCOMPARE(d.scalar_type(), torch::kFloat64);
        QVERIFY(maxRelativeError(logMel(x), d) <= 1e-4);
        // Silence gives log(logOffset).
        const auto silence = logMel(torch::zeros({4000}));
        QVERIFY((silence - std::log(1e-6)).abs().max().item<double>() < 1e-6);
    }

    void filterbankAndWindowAreNotSavedState()
    {
        // A model holding the front end saves no weights for it: both are derived from options.
        struct Holder : torch::nn::Module {
            LogMelSpectrogram logMel = register_module("logMel", LogMelSpectrogram(LogMelOptions{}));
            torch::nn::Linear head = register_module("head", torch::nn::Linear(64, 2));
        };
        Holder holder;
        QCOMPARE(holder.named_buffers().size(), size_t(0));
        for (const auto& p : holder.named_parameters())
            QVERIFY2(p.key().rfind("head.", 0) == 0, p.key().c_str());
        QCOMPARE(holder.logMel->parameters().size(), size_t(0));
        // .to() on the parent is harmless, and the front end still works after it.
        holder.to(torch::kFloat64);
        QCOMPARE(holder.logMel(torch::randn({1600})).sizes().vec(), (std::vector<int64_t>{64, 11}));
        // Window: periodic Hann.
        const auto w = holder.logMel->window();
        QCOMPARE(w.size(0), int64_t(400));
        QCOMPARE(w[0].item<double>(), 0.0);
        for (int n : {1, 57, 100, 200, 399})
            QVERIFY(std::abs(w[n].item<double>() - (0.5 - 0.5 * std::cos(2 * M_PI * n / 400))) < 1e-7);
    }

    void runsOnCudaWhenAvailable()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device on this machine");
        LogMelSpectrogram logMel(LogMelOptions{});
        const auto x = torch::randn({2, 16000});
        const auto gpu = logMel(x.to(torch::kCUDA));
        QVERIFY(gpu.is_cuda());
        QVERIFY(maxRelativeError(gpu.cpu(), logMel(x)) <= 1e-4);
    }

    void invalidOptionsAndInputsAreErrors()
    {
        LogMelOptions o;
        o.winLength = 600;
        expectOptionError(o, "winLength 600 must be in 1..nFft (512)");
        o = {};
        o.fMax = 8001;
        expectOptionError(o, "exceeds half the sample rate");
        o = {};
        o.fMin = 9000;
        expectOptionError(o, "fMin < fMax");
        o = {};
        o.hopLength = 0;
        expectOptionError(o, "hopLength");
        o = {};
        o.nMels = 0;
        expectOptionError(o, "nMels");
        o = {};
        o.logOffset = 0;
        expectOptionError(o, "logOffset");
        o = {};
        o.sampleRate = 0;
        expectOptionError(o, "sampleRate");
        o = {};
        o.nFft = 1;
        expectOptionError(o, "nFft");

        LogMelSpectrogram logMel(LogMelOptions{});
        QVERIFY_THROWS_EXCEPTION(Error, logMel(torch::randn({2, 3, 4000})));
        QVERIFY_THROWS_EXCEPTION(Error, logMel(torch::ones({4000}, torch::kInt32)));
        QVERIFY_THROWS_EXCEPTION(Error, logMel(torch::randn({256})));  // reflect padding needs > 256
        QVERIFY_THROWS_EXCEPTION(Error, logMel(torch::Tensor()));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestLogMelSpectrogram)
#include "tst_LogMelSpectrogram.moc"
