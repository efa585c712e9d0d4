// readImageFile / writePng against the ffmpeg CLI's decoding, for the formats users drop in.
#include "GeneratedMedia.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "media/ImageFile.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <algorithm>
#include <cstdlib>

using namespace soundframe;

class TestImageFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QByteArray cliPixels(const QString& file)
    {
        return test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"})
            .stdoutBytes;
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
    void expectError(const QString& file, const char* fragment)
    {
        try {
            readImageFile(file.toStdString());
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(file), e.what());
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
        }
    }

private Q_SLOTS:
    void decodesLikeTheCli_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("options");
        QTest::newRow("png") << "pic.png" << QStringList{"-pix_fmt", "rgb24"};
        QTest::newRow("jpeg") << "pic.jpg" << QStringList{"-q:v", "3"};
        QTest::newRow("webp") << "pic.webp" << QStringList{};
        QTest::newRow("bmp") << "pic.bmp" << QStringList{};
        QTest::newRow("png 16-bit") << "pic16.png" << QStringList{"-pix_fmt", "rgb48be"};
    }
    void decodesLikeTheCli()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, options);
        QVERIFY(test::makeMedia({"testsrc2=size=160x96:rate=1,format=rgb24,crop=157:93:0:0"}, path(name),
                                QStringList{"-frames:v", "1"} + options));
        const RgbImage image = readImageFile(path(name).toStdString());
        QCOMPARE(image.width, 157);
        QCOMPARE(image.height, 93);
        const int difference = maxDifference(image, cliPixels(path(name)));
        qInfo("%s: max difference from the CLI %d", qPrintable(name), difference);
        QVERIFY2(difference <= 2, qPrintable(QString::number(difference)));
    }

    void alphaIsCompositedOverWhite()
    {
        // 4 pixels: opaque red, half-transparent blue, transparent green, transparent black.
        const QByteArray rgba("\xff\x00\x00\xff" "\x00\x00\xff\x80" "\x00\xff\x00\x00" "\x00\x00\x00\x00", 16);
        QVERIFY(test::writeBytes(path("a.rgba"), rgba));
        const auto r = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba",
                                                         "-s", "2x2", "-i", path("a.rgba"), path("alpha.png")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const RgbImage image = readImageFile(path("alpha.png").toStdString());
        QCOMPARE(image.pixels, (std::vector<uint8_t>{255, 0, 0, 127, 127, 255, 255, 255, 255, 255, 255, 255}));
    }

    void writtenPngReadsBackEqual()
    {
        RgbImage image;
        image.width = 37;
        image.height = 11;
        for (int i = 0; i < 37 * 11 * 3; ++i)
            image.pixels.push_back(uint8_t((i * 7919) % 256));
        writePng(image, path("written.png").toStdString());
        QCOMPARE(readImageFile(path("written.png").toStdString()).pixels, image.pixels);
        const QByteArray cli = cliPixels(path("written.png"));
        QCOMPARE(cli, QByteArray(reinterpret_cast<const char*>(image.pixels.data()), int(image.pixels.size())));
        const auto probe = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-show_entries", "stream=codec_name",
                                                              "-of", "csv=p=0", path("written.png")});
        QCOMPARE(probe.stdoutBytes.trimmed(), QByteArray("png"));
        // Only the PNG is left in the folder: the temporary was renamed into place.
        QCOMPARE(QDir(m_dir.path()).entryList({"*written*"}, QDir::Files | QDir::Hidden), QStringList{"written.png"});
    }

    void writeErrorsNameTheFile()
    {
        RgbImage image{2, 2, std::vector<uint8_t>(12, 9)};
        const QString target = path("no/such/folder/x.png");
        try {
            writePng(image, target.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(target), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, writePng(RgbImage{}, path("empty.png").toStdString()));
    }

    void unreadableFilesNameTheFile()
    {
        expectError(path("missing.png"), "not found");
        QVERIFY(test::writeBytes(path("empty.png"), {}));
        expectError(path("empty.png"), "empty");
        QVERIFY(test::writeBytes(path("text.png"), "this is not a picture at all, just words\n"));
        expectError(path("text.png"), "");
        QVERIFY(test::makeTone(path("tone.wav"), 440, 0.5));
        expectError(path("tone.wav"), "not an image");
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestImageFile)
#include "tst_ImageFile.moc"
