// resizeShorterSideAndCentreCrop against ffmpeg's `scale=W:H:flags=bicubic,crop=S:S` on RGB input.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "media/ImageResize.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <cstdlib>

using namespace soundframe;

class TestImageResize : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // A picture with detail everywhere, as raw RGB, written to a PNG the CLI then reads.
    RgbImage makePicture(int width, int height, const QString& name)
    {
        const QString png = m_dir.filePath(name);
        const QString source = QString("testsrc2=size=%1x%2:rate=1,format=rgb24,crop=%3:%4:0:0")
                                   .arg(width + 1).arg(height + 1).arg(width).arg(height);
        test::makeMedia({source}, png, {"-frames:v", "1", "-pix_fmt", "rgb24"});
        const auto r = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
        RgbImage image;
        image.width = width;
        image.height = height;
        image.pixels.assign(r.stdoutBytes.begin(), r.stdoutBytes.end());
        return image;
    }

    static int maxDifference(const RgbImage& image, const QByteArray& reference)
    {
        if (reference.size() != int(image.pixels.size()))
            return 256;
        int worst = 0;
        for (int i = 0; i < reference.size(); ++i)
            worst = std::max(worst, std::abs(int(uint8_t(reference[i])) - int(image.pixels[size_t(i)])));
        return worst;
    }

private Q_SLOTS:
    void intermediateSizeRoundsLikeTorchvision()
    {
        int w = 0, h = 0;
        shorterSideSize(640, 360, 224, w, h);
        QCOMPARE(w, 398);  // int(224 * 640 / 360) = int(398.2)
        QCOMPARE(h, 224);
        shorterSideSize(201, 333, 224, w, h);
        QCOMPARE(w, 224);
        QCOMPARE(h, 371);  // int(371.1)
        shorterSideSize(300, 300, 224, w, h);
        QCOMPARE(w, 224);
        QCOMPARE(h, 224);
    }

    void matchesFfmpegBicubicScaleAndCentreCrop_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("size");
        QTest::newRow("landscape shrink") << 640 << 360 << 224;
        QTest::newRow("portrait shrink, odd sizes") << 201 << 333 << 96;
        QTest::newRow("odd margin") << 321 << 100 << 64;
        QTest::newRow("enlarge") << 50 << 40 << 112;
        QTest::newRow("square") << 300 << 300 << 128;
    }
    void matchesFfmpegBicubicScaleAndCentreCrop()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, size);
        const QString name = QString("in_%1x%2.png").arg(width).arg(height);
        const RgbImage picture = makePicture(width, height, name);
        QCOMPARE(int(picture.pixels.size()), width * height * 3);
        const RgbImage square = resizeShorterSideAndCentreCrop(picture, size);
        QCOMPARE(square.width, size);
        QCOMPARE(square.height, size);
        int w = 0, h = 0;
        shorterSideSize(width, height, size, w, h);
        const auto r = test::runTool(SOUNDFRAME_FFMPEG,
                                     {"-v", "error", "-i", m_dir.filePath(name), "-vf",
                                      QString("scale=%1:%2:flags=bicubic,crop=%3:%3").arg(w).arg(h).arg(size),
                                      "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const int difference = maxDifference(square, r.stdoutBytes);
        qInfo("%dx%d -> %d: max difference from ffmpeg %d", width, height, size, difference);
        QVERIFY2(difference <= 1, qPrintable(QString::number(difference)));
    }

    void alreadySquareAtSizeIsUnchanged()
    {
        const RgbImage picture = makePicture(64, 64, "sq.png");
        QCOMPARE(resizeShorterSideAndCentreCrop(picture, 64).pixels, picture.pixels);
    }

    void badArgumentsThrow()
    {
        const RgbImage picture = makePicture(32, 16, "small.png");
        QVERIFY_THROWS_EXCEPTION(Error, resizeShorterSideAndCentreCrop(picture, 0));
        QVERIFY_THROWS_EXCEPTION(Error, resizeShorterSideAndCentreCrop(RgbImage{}, 32));
        RgbImage inconsistent = picture;
        inconsistent.pixels.resize(10);
        QVERIFY_THROWS_EXCEPTION(Error, resizeShorterSideAndCentreCrop(inconsistent, 8));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestImageResize)
#include "tst_ImageResize.moc"
