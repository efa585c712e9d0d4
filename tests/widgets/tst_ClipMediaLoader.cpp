// ClipMediaLoader — what the Clip view decodes — over the bad-input corpus of
// tests/scripts/make_bad_inputs.py: every file gives a ClipMedia without crashing or hanging; each
// file that must fail says why, naming itself; the others — valid but odd (8 channels, 1 Hz and 384 kHz,
// one sample, NaN samples, misleading extensions) and the byte-corrupted or half-truncated ones (which
// may or may not decode) give a spectrogram or a reason why not; a sound cut in half shows its first half.
// loadSpectrogram draws the stretch of a file it is given, to the end when no end is given.
#include "ClipMediaLoader.h"
#include "TestConfig.h"
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "data/ClipRecord.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

class TestClipMediaLoader : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    // The lines of a corpus list, as bytes (media.txt holds a name that is not UTF-8).
    QList<QByteArray> lines(const QString& name) const
    {
        QFile f(m_dir.filePath("bad/" + name));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QList<QByteArray> out;
        for (const auto& line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out << line;
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = test::runPythonScript("make_bad_inputs.py", {m_dir.filePath("bad"), "--ffmpeg", SOUNDFRAME_FFMPEG});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
    }

    void everyCorpusFile()
    {
        const auto names = lines("media.txt");
        const auto badList = lines("bad.txt");
        const QSet<QByteArray> bad(badList.begin(), badList.end());
        QVERIFY(names.size() > 30 && bad.size() > 15);
        int failed = 0;
        for (const QByteArray& name : names) {
            ClipRecord clip;
            clip.id = name.toStdString();
            clip.mediaPath = (QFile::encodeName(m_dir.filePath("bad/media/")) + name).toStdString();
            const ClipMedia media = ClipMediaLoader::load(clip, 3, 64);
            const QString what = QString::fromUtf8(name) + " -> " + (media.error.isEmpty() ? "no error" : media.error);
            if (bad.contains(name)) {
                QVERIFY2(!media.error.isEmpty(), qPrintable(what));
                if (QString::fromUtf8(name).toUtf8() == name)
                    QVERIFY2(media.error.contains(QString::fromUtf8(name)), qPrintable(what));
                ++failed;
            } else {
                // The sound is drawn, or a line of the error says why not (sounds without pictures
                // always carry "no video stream", which says nothing about the audio).
                QStringList audioReasons = media.error.split('\n', Qt::SkipEmptyParts);
                audioReasons.removeIf([](const QString& line) { return line.endsWith("no video stream"); });
                QVERIFY2(!media.spectrogram.isNull() || !audioReasons.isEmpty(), qPrintable(what));
                // A sound cut in half holds less than its header says: what is there is drawn.
                if (name.startsWith("truncated_wav_half") || name.startsWith("truncated_flac_half"))
                    QVERIFY2(!media.spectrogram.isNull(), qPrintable(what));
            }
        }
        QCOMPARE(failed, int(bad.size()));
    }

    // The Query view's previews: a stretch of any file's audio, no frames.
    void spectrogramOfAStretch()
    {
        const QString wav = m_dir.filePath("tone.wav");
        QVERIFY(test::makeTone(wav, 440, 3, 22050));
        const ClipMedia middle = ClipMediaLoader::loadSpectrogram(wav, 1.0, 2.5);
        QVERIFY2(middle.error.isEmpty(), qPrintable(middle.error));
        QVERIFY(std::abs(middle.durationSeconds - 1.5) < 0.01);
        QVERIFY(!middle.spectrogram.isNull());
        QVERIFY(middle.frames.isEmpty());
        const ClipMedia rest = ClipMediaLoader::loadSpectrogram(wav, 1.0, -1);  // to the end
        QVERIFY(std::abs(rest.durationSeconds - 2.0) < 0.01);
        // One column per 10 ms hop: the longer stretch is the wider image.
        QVERIFY(rest.spectrogram.width() > middle.spectrogram.width());
        const ClipMedia missing = ClipMediaLoader::loadSpectrogram(m_dir.filePath("missing.wav"), 0, -1);
        QVERIFY(missing.spectrogram.isNull());
        QVERIFY2(missing.error.contains("missing.wav"), qPrintable(missing.error));
    }
};

SOUNDFRAME_TEST_MAIN(TestClipMediaLoader)
#include "tst_ClipMediaLoader.moc"
