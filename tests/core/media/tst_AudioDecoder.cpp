// decodeAudio against the ffmpeg CLI on generated tones in every common container and codec,
// windows against slices of full decodes, and the errors a user sees for bad files.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "media/AudioDecoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>
#include <cstring>

using namespace soundframe;

namespace {

struct Fixture {
    QString file;
    int channels;    // in the file
    int rate;        // Hz in the file
    double toneHz;   // dominant frequency of the channel mean; 0: several tones
};

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b, size_t from = 0, size_t to = SIZE_MAX)
{
    double worst = 0;
    for (size_t i = from; i < std::min({a.size(), b.size(), to}); ++i)
        worst = std::max(worst, double(std::abs(a[i] - b[i])));
    return worst;
}

// Frequency (1 Hz resolution, 20 Hz..2 kHz) of the largest DFT magnitude over one second from `from`.
double dominantFrequency(const std::vector<float>& x, int rate, size_t from)
{
    double bestHz = 0, bestPower = -1;
    for (int hz = 20; hz < std::min(rate / 2, 2000); ++hz) {
        // Goertzel: one DFT bin in O(N).
        const double w = 2 * M_PI * hz / rate, coeff = 2 * std::cos(w);
        double s1 = 0, s2 = 0;
        for (size_t i = from; i < from + size_t(rate) && i < x.size(); ++i) {
            const double s0 = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        const double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        if (power > bestPower) {
            bestPower = power;
            bestHz = hz;
        }
    }
    return bestHz;
}

} // namespace

class TestAudioDecoder : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QList<Fixture> m_fixtures;
    double m_worstCli = 0;
    double m_worstWindow = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // The CLI's decode: `-ac 1 -ar RATE` for mono files; for more channels an explicit
    // pan to the channel mean (`-ac 1` adds stereo at -3 dB each, which is not a mean).
    std::vector<float> cliDecode(const QString& file, int channels, int rate)
    {
        QStringList args{"-v", "error", "-i", file};
        if (channels == 1) {
            args << "-ac" << "1" << "-ar" << QString::number(rate);
        } else {
            QStringList terms;
            for (int c = 0; c < channels; ++c)
                terms << QString("%1*c%2").arg(1.0 / channels).arg(c);
            args << "-af" << QString("aformat=sample_fmts=flt|fltp,pan=mono|c0=%1,aresample=%2")
                                 .arg(terms.join('+')).arg(rate);
        }
        args << "-f" << "f32le" << "-";
        const auto r = test::runTool(SOUNDFRAME_FFMPEG, args);
        if (r.exitCode != 0)
            qWarning() << r.stderrText;
        std::vector<float> out(size_t(r.stdoutBytes.size()) / 4);
        std::memcpy(out.data(), r.stdoutBytes.constData(), out.size() * 4);
        return out;
    }

    void expectError(const QString& file, const AudioDecodeOptions& options, const std::string& fragment)
    {
        try {
            decodeAudio(file.toStdString(), options);
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(file.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find(fragment) != std::string::npos, e.what());
        }
    }

    // A float WAV written byte by byte, so it can hold values encoders refuse (NaN).
    static QByteArray floatWav(const std::vector<float>& samples, int rate)
    {
        QByteArray data(reinterpret_cast<const char*>(samples.data()), int(samples.size() * 4));
        QByteArray out;
        const auto u32 = [&](quint32 v) { out.append(reinterpret_cast<const char*>(&v), 4); };
        const auto u16 = [&](quint16 v) { out.append(reinterpret_cast<const char*>(&v), 2); };
        out += "RIFF";
        u32(quint32(36 + data.size()));
        out += "WAVEfmt ";
        u32(16);
        u16(3);  // IEEE float
        u16(1);
        u32(quint32(rate));
        u32(quint32(rate * 4));
        u16(4);
        u16(32);
        out += "data";
        u32(quint32(data.size()));
        return out + data;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString d = "3";
        QVERIFY(test::makeMedia({"sine=frequency=440:sample_rate=44100:duration=" + d}, path("tone440_44k1_mono.wav"),
                                {"-c:a", "pcm_s16le"}));
        QVERIFY(test::makeMedia({"aevalsrc=0.5*sin(2*PI*1000*t)|0.3*sin(2*PI*1000*t):s=48000:d=" + d},
                                path("tone1000_48k_stereo.flac"), {"-c:a", "flac"}));
        QVERIFY(test::makeMedia({"sine=frequency=660:sample_rate=22050:duration=" + d},
                                path("tone660_22k05_mono.ogg"), {"-c:a", "libvorbis"}));
        QVERIFY(test::makeMedia({"aevalsrc=0.4*sin(2*PI*880*t)|0.4*sin(2*PI*880*t):s=44100:d=" + d},
                                path("tone880_44k1_stereo.mp3"), {"-c:a", "libmp3lame", "-b:a", "128k"}));
        // AAC without noise substitution: PNS fills bands with pseudo-random noise whose
        // generator does not restart on a seek (see aacNoiseDiffersAfterSeek).
        QVERIFY(test::makeMedia({"sine=frequency=523:sample_rate=48000:duration=" + d}, path("tone523_48k_mono.m4a"),
                                {"-c:a", "aac", "-aac_pns", "0"}));
        QVERIFY(test::makeMedia({"sine=frequency=523:sample_rate=48000:duration=" + d},
                                path("tone523_48k_mono_pns.m4a"), {"-c:a", "aac"}));
        QVERIFY(test::makeMedia({"testsrc=size=160x120:rate=10:duration=" + d,
                                 "aevalsrc=0.3*sin(2*PI*700*t)|0.2*sin(2*PI*700*t):s=44100:d=" + d},
                                path("tone700_44k1_stereo_video.mp4"),
                                {"-c:v", "mpeg4", "-c:a", "aac", "-aac_pns", "0", "-shortest"}));
        // Eight different tones, so only a true mean of all eight channels matches.
        QStringList eight;
        for (int c = 0; c < 8; ++c)
            eight << QString("0.2*sin(2*PI*%1*t)").arg(200 + 150 * c);
        QVERIFY(test::makeMedia({"aevalsrc=" + eight.join('|') + ":c=7.1:s=48000:d=" + d}, path("tones_48k_8ch.wav"),
                                {"-c:a", "pcm_s24le"}));
        // Opus in WebM: timestamps in milliseconds, coarser than a sample.
        QVERIFY(test::makeMedia({"aevalsrc=0.3*sin(2*PI*1200*t)|0.3*sin(2*PI*1200*t):s=48000:d=" + d},
                                path("tone1200_48k_stereo.webm"), {"-c:a", "libopus"}));
        m_fixtures = {
            {path("tone440_44k1_mono.wav"), 1, 44100, 440},
            {path("tone1000_48k_stereo.flac"), 2, 48000, 1000},
            {path("tone660_22k05_mono.ogg"), 1, 22050, 660},
            {path("tone880_44k1_stereo.mp3"), 2, 44100, 880},
            {path("tone523_48k_mono.m4a"), 1, 48000, 523},
            {path("tone523_48k_mono_pns.m4a"), 1, 48000, 523},
            {path("tone700_44k1_stereo_video.mp4"), 2, 44100, 700},
            {path("tones_48k_8ch.wav"), 8, 48000, 0},
            {path("tone1200_48k_stereo.webm"), 2, 48000, 1200},
        };
    }

    void fullDecodeMatchesFfmpegCli_data()
    {
        QTest::addColumn<int>("fixture");
        QTest::addColumn<int>("rate");
        for (int i = 0; i < m_fixtures.size(); ++i) {
            const auto name = QFileInfo(m_fixtures[i].file).fileName();
            // Down to the model's rate, unchanged, and up (22.05 kHz to 32 kHz).
            for (int rate : {16000, m_fixtures[i].rate, m_fixtures[i].rate < 32000 ? 32000 : 0})
                if (rate > 0)
                    QTest::addRow("%s@%d", qPrintable(name), rate) << i << rate;
        }
    }

    void fullDecodeMatchesFfmpegCli()
    {
        QFETCH(int, fixture);
        QFETCH(int, rate);
        const Fixture& f = m_fixtures[fixture];
        const auto decoded = decodeAudio(f.file.toStdString(), {rate});
        QCOMPARE(decoded.rate, rate);
        QCOMPARE(decoded.sourceRate, f.rate);
        QCOMPARE(decoded.sourceChannels, f.channels);
        QCOMPARE(decoded.damagedPackets, 0);
        QVERIFY2(std::abs(decoded.sourceDurationSeconds - 3.0) < 0.05,
                 qPrintable(QString::number(decoded.sourceDurationSeconds)));

        const auto reference = cliDecode(f.file, f.channels, rate);
        QCOMPARE(decoded.samples.size(), reference.size());
        const double err = maxAbsDiff(decoded.samples, reference);
        m_worstCli = std::max(m_worstCli, err);
        QVERIFY2(err <= 1e-6, qPrintable(QString("max |ours - ffmpeg| = %1").arg(err)));
        if (f.toneHz > 0 && rate == 16000)
            QCOMPARE(dominantFrequency(decoded.samples, rate, size_t(rate)), f.toneHz);
    }

    void windowEqualsSliceOfFullDecode_data()
    {
        QTest::addColumn<int>("fixture");
        QTest::addColumn<int>("rate");
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        for (int i = 0; i < m_fixtures.size(); ++i) {
            const auto name = QFileInfo(m_fixtures[i].file).fileName();
            if (name.contains("_pns"))
                continue;
            // Near the start (no seek), deep enough to seek, to the very end, odd rates.
            QTest::addRow("%s@16000[0.25,1)", qPrintable(name)) << i << 16000 << 0.25 << 1.0;
            QTest::addRow("%s@16000[1.7003,2.9)", qPrintable(name)) << i << 16000 << 1.7003 << 2.9;
            QTest::addRow("%s@16000[2.2,end)", qPrintable(name)) << i << 16000 << 2.2 << -1.0;
            QTest::addRow("%s@22050[1.61,2.61)", qPrintable(name)) << i << 22050 << 1.61 << 2.61;
            QTest::addRow("%s@11025[2.0001,2.5)", qPrintable(name)) << i << 11025 << 2.0001 << 2.5;
        }
    }

    void windowEqualsSliceOfFullDecode()
    {
        QFETCH(int, fixture);
        QFETCH(int, rate);
        QFETCH(double, start);
        QFETCH(double, end);
        const auto file = m_fixtures[fixture].file.toStdString();
        const auto full = decodeAudio(file, {rate}).samples;
        const auto window = decodeAudio(file, {rate, start, end});
        const auto first = size_t(std::llround(start * rate));
        const size_t count = end < 0 ? full.size() - first : size_t(std::llround((end - start) * rate));
        QCOMPARE(window.samples.size(), count);
        const std::vector<float> slice(full.begin() + long(first), full.begin() + long(first + count));
        const double err = maxAbsDiff(window.samples, slice);
        m_worstWindow = std::max(m_worstWindow, err);
        QVERIFY2(err <= 1e-6, qPrintable(QString("max |window - slice| = %1").arg(err)));
        if (end < 0)
            QCOMPARE(window.sourceDurationSeconds, decodeAudio(file, {rate}).sourceDurationSeconds);
    }

    void windowsDeepInLongFilesEqualSlices()
    {
        // 12 s files, where the seek lands well inside the stream (Ogg pages, VBR mp3 frames).
        const QStringList files{"long.ogg", "long_vbr.mp3", "long.flac", "long.m4a"};
        const QStringList codecs{"libvorbis", "libmp3lame", "flac", "aac"};
        for (int i = 0; i < files.size(); ++i) {
            QStringList options{"-c:a", codecs[i]};
            if (codecs[i] == "libmp3lame")
                options << "-q:a" << "4";
            if (codecs[i] == "aac")
                options << "-aac_pns" << "0";
            QVERIFY(test::makeMedia({"aevalsrc=0.3*sin(2*PI*(300+20*t)*t)|0.1*sin(2*PI*2000*t):s=44100:d=12"},
                                    path(files[i]), options));
            const auto file = path(files[i]).toStdString();
            const auto full = decodeAudio(file).samples;
            for (const auto& [start, end] : {std::pair{7.3337, 10.0}, std::pair{10.5, -1.0}}) {
                const auto window = decodeAudio(file, {16000, start, end}).samples;
                const auto first = size_t(std::llround(start * 16000));
                QCOMPARE(window.size(), end < 0 ? full.size() - first : size_t(std::llround((end - start) * 16000)));
                const double err = maxAbsDiff(window, std::vector<float>(full.begin() + long(first), full.end()));
                m_worstWindow = std::max(m_worstWindow, err);
                QVERIFY2(err <= 1e-6, qPrintable(QString("%1 from %2 s: %3").arg(files[i]).arg(start).arg(err)));
            }
        }
    }

    void aacNoiseDiffersAfterSeek()
    {
        // With PNS the decoder's noise generator continues from wherever it was, so a window
        // reached by seeking differs from the full decode at the noise's level; the tone is
        // intact. The figure is reported; the bound is 1% of the tone's amplitude (0.125).
        const auto file = path("tone523_48k_mono_pns.m4a").toStdString();
        const auto full = decodeAudio(file).samples;
        double worst = 0;
        for (const auto& [start, end] : {std::pair{1.7003, 2.9}, std::pair{2.2, -1.0}}) {
            const auto window = decodeAudio(file, {16000, start, end}).samples;
            const auto first = size_t(std::llround(start * 16000));
            worst = std::max(worst, maxAbsDiff(window, std::vector<float>(full.begin() + long(first), full.end())));
        }
        qInfo("AAC with PNS: max |window - slice of full decode| = %.3g", worst);
        QVERIFY(worst <= 1.25e-3);
    }

    void cleanupTestCase()
    {
        qInfo("max |ours - ffmpeg CLI| over all full decodes: %.3g", m_worstCli);
        qInfo("max |window - slice of full decode| over all windows: %.3g", m_worstWindow);
    }

    void damagedFilesDecodeWhatIsReadable()
    {
        // A FLAC or MP3 cut in the middle of a frame: the readable part comes back, equal to
        // the start of the intact file's decode (the last frame before the cut is dropped).
        for (const QString name : {"tone1000_48k_stereo.flac", "tone880_44k1_stereo.mp3", "tone660_22k05_mono.ogg"}) {
            QFile in(path(name));
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QByteArray bytes = in.readAll();
            const QString cut = path("cut_" + name);
            QVERIFY(test::writeBytes(cut, bytes.left(bytes.size() * 3 / 4 + 77)));
            const auto intact = decodeAudio(path(name).toStdString()).samples;
            const auto partial = decodeAudio(cut.toStdString());
            QVERIFY2(partial.samples.size() > intact.size() / 4 && partial.samples.size() < intact.size() * 9 / 10,
                     qPrintable(QString("%1: %2 of %3").arg(name).arg(partial.samples.size()).arg(intact.size())));
            QVERIFY(partial.sourceDurationSeconds < 2.8);
            // The resampler's flush shapes the last few samples differently.
            const size_t stable = partial.samples.size() - 64;
            QVERIFY2(maxAbsDiff(partial.samples, intact, 0, stable) <= 1e-6, qPrintable(name));
        }
        // Garbage in the middle of a FLAC file: the frames it hits are skipped and counted,
        // everything before it is intact.
        QFile flac(path("tone1000_48k_stereo.flac"));
        QVERIFY(flac.open(QIODevice::ReadOnly));
        QByteArray bytes = flac.readAll();
        for (int i = 0; i < 3000; ++i)
            bytes[bytes.size() / 2 + i] = char((i * 31 + 7) & 0xff);
        QVERIFY(test::writeBytes(path("garbled.flac"), bytes));
        const auto intact = decodeAudio(path("tone1000_48k_stereo.flac").toStdString()).samples;
        const auto garbled = decodeAudio(path("garbled.flac").toStdString());
        QVERIFY(garbled.damagedPackets >= 1);
        qInfo("garbled FLAC: %d damaged packets, %zu of %zu samples", garbled.damagedPackets,
              garbled.samples.size(), intact.size());
        QVERIFY(garbled.samples.size() < intact.size() && garbled.samples.size() > intact.size() / 2);
        QVERIFY(maxAbsDiff(garbled.samples, intact, 0, intact.size() / 3) <= 1e-6);
    }

    void errorsNameTheFileAndTheProblem()
    {
        expectError(path("absent.wav"), {}, "file not found");
        QVERIFY(test::writeBytes(path("empty.wav"), {}));
        expectError(path("empty.wav"), {}, "empty file");
        QByteArray noise(20000, 0);
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 7919 + 13) % 251);
        QVERIFY(test::writeBytes(path("noise.mp3"), noise));
        expectError(path("noise.mp3"), {}, "cannot open as media");

        // An MP4 cut before its index (moov written last) cannot be opened at all.
        QFile mp4(path("tone700_44k1_stereo_video.mp4"));
        QVERIFY(mp4.open(QIODevice::ReadOnly));
        QVERIFY(test::writeBytes(path("cut.mp4"), mp4.readAll().left(int(mp4.size() / 2))));
        expectError(path("cut.mp4"), {}, "cannot");

        QVERIFY(test::makeMedia({"testsrc=size=64x48:rate=5:duration=1"}, path("silent_video.mp4"),
                                {"-c:v", "mpeg4"}));
        expectError(path("silent_video.mp4"), {}, "no audio stream (the file has only video)");

        const QString wav = path("tone440_44k1_mono.wav");
        expectError(wav, {16000, 3.5, -1}, "past the end of the audio (3.000 s long)");
        expectError(wav, {16000, 3.5, 4.0}, "past the end of the audio (3.000 s long)");
        expectError(wav, {16000, 2.5, 3.2}, "the audio is 3.000 s long, shorter than the window");
        expectError(wav, {16000, 1.0, 1.0}, "empty window");
        expectError(wav, {16000, 2.0, 1.0}, "empty window");
        expectError(wav, {16000, -1.0, -1}, "window start");
        expectError(wav, {16000, 0, std::nan("")}, "window end");
        expectError(wav, {100, 0, -1}, "target rate 100 Hz");
        expectError(wav, {5000000, 0, -1}, "target rate 5000000 Hz");

        std::vector<float> samples(8000, 0.25f);
        samples[4000] = std::nanf("");
        QVERIFY(test::writeBytes(path("nan.wav"), floatWav(samples, 8000)));
        expectError(path("nan.wav"), {8000}, "contains NaN or Inf samples (first at 0.500 s)");
        samples[4000] = INFINITY;
        QVERIFY(test::writeBytes(path("inf.wav"), floatWav(samples, 8000)));
        expectError(path("inf.wav"), {16000}, "contains NaN or Inf samples");
        // Outside the window, a bad sample does not matter.
        QCOMPARE(decodeAudio(path("inf.wav").toStdString(), {8000, 0, 0.25}).samples.size(), size_t(2000));
    }

    void zeroChannelsAndAbsurdRatesAreRejected()
    {
        // A WAV header claiming 0 channels, and one claiming 0 Hz.
        QByteArray wav = floatWav(std::vector<float>(100, 0.f), 8000);
        QByteArray zeroChannels = wav;
        zeroChannels[22] = 0;
        QVERIFY(test::writeBytes(path("zero_channels.wav"), zeroChannels));
        expectError(path("zero_channels.wav"), {}, "the audio stream has 0 channels");
        QByteArray zeroRate = wav;
        for (int i = 24; i < 28; ++i)
            zeroRate[i] = 0;
        QVERIFY(test::writeBytes(path("zero_rate.wav"), zeroRate));
        expectError(path("zero_rate.wav"), {}, "");  // FFmpeg itself refuses to open it
        QByteArray fastRate = wav;
        const quint32 fiveMHz = 5000000;
        std::memcpy(fastRate.data() + 24, &fiveMHz, 4);
        QVERIFY(test::writeBytes(path("fast_rate.wav"), fastRate));
        expectError(path("fast_rate.wav"), {}, "absurd audio sample rate: 5000000 Hz");
    }

    void anyChannelCountAndRate_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("sourceRate");
        QTest::addColumn<int>("rate");
        QTest::newRow("3ch@11111->16001") << 3 << 11111 << 16001;
        QTest::newRow("16ch@96000->16000") << 16 << 96000 << 16000;
        QTest::newRow("1ch@8000->44100") << 1 << 8000 << 44100;
    }

    void anyChannelCountAndRate()
    {
        // Odd channel counts and rates: still the mean, still what the CLI computes.
        QFETCH(int, channels);
        QFETCH(int, sourceRate);
        QFETCH(int, rate);
        QStringList tones;
        for (int c = 0; c < channels; ++c)
            tones << QString("0.1*sin(2*PI*%1*t)").arg(150 + 97 * c);
        const QString file = path(QString("any_%1_%2.wav").arg(channels).arg(sourceRate));
        QVERIFY(test::makeMedia({QString("aevalsrc=%1:s=%2:d=1.5").arg(tones.join('|')).arg(sourceRate)}, file,
                                {"-c:a", "pcm_f32le"}));
        const auto decoded = decodeAudio(file.toStdString(), {rate});
        QCOMPARE(decoded.sourceChannels, channels);
        QCOMPARE(decoded.sourceRate, sourceRate);
        const auto reference = cliDecode(file, channels, rate);
        QCOMPARE(decoded.samples.size(), reference.size());
        const double err = maxAbsDiff(decoded.samples, reference);
        m_worstCli = std::max(m_worstCli, err);
        QVERIFY2(err <= 1e-6, qPrintable(QString::number(err)));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAudioDecoder)
#include "tst_AudioDecoder.moc"
