// The desktop integration files packaging/ installs: the AppStream metainfo passes
// `appstreamcli validate --no-net`, the desktop entry passes `desktop-file-validate`, their names
// agree (component id, desktop file, icon, binaries), the PNG icons have the sizes their folders
// claim; and, when SOUNDFRAME_TEST_DEB names a .deb built by `cpack -G DEB`, that package holds both
// executables and those files and depends on the Qt plugins and on what dpkg-shlibdeps found.
#include "TestSupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QXmlStreamReader>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

namespace {
const QString kId = "org.soundframe.SoundFrame";
const QString kPackaging = SOUNDFRAME_PACKAGING_DIR;
const QString kIcons = SOUNDFRAME_ICONS_DIR;
const int kIconSizes[] = {32, 48, 64, 128, 256};

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Values of the desktop entry's [Desktop Entry] group.
QString desktopValue(const QByteArray& text, const QString& key)
{
    const QRegularExpression line("^" + QRegularExpression::escape(key) + "=(.*)$", QRegularExpression::MultilineOption);
    return line.match(QString::fromUtf8(text)).captured(1).trimmed();
}
} // namespace

class TestPackagingMetadata : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metainfoValidates()
    {
        const QString tool = QStandardPaths::findExecutable("appstreamcli");
        if (tool.isEmpty())
            QSKIP("appstreamcli is not installed (Debian package appstream)");
        const auto r = test::runTool(tool, {"validate", "--no-net", kPackaging + "/" + kId + ".metainfo.xml"});
        QVERIFY2(r.exitCode == 0, r.stdoutBytes.constData());
    }

    void desktopFileValidates()
    {
        const QString tool = QStandardPaths::findExecutable("desktop-file-validate");
        if (tool.isEmpty())
            QSKIP("desktop-file-validate is not installed (Debian package desktop-file-utils)");
        const auto r = test::runTool(tool, {kPackaging + "/soundframe.desktop"});
        QVERIFY2(r.exitCode == 0, r.stdoutBytes.constData());
        QVERIFY2(!r.stdoutBytes.contains("error:"), r.stdoutBytes.constData());
    }

    void namesAgree()
    {
        QXmlStreamReader xml(readAll(kPackaging + "/" + kId + ".metainfo.xml"));
        QString id, launchable;
        QStringList binaries;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == u"id")
                id = xml.readElementText();
            else if (xml.name() == u"launchable")
                launchable = xml.readElementText();
            else if (xml.name() == u"binary")
                binaries << xml.readElementText();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(id, kId);
        QCOMPARE(launchable, kId + ".desktop");  // the name packaging/CMakeLists.txt installs it under
        QCOMPARE(binaries, QStringList({"soundframe", "soundframe-cli"}));

        const QByteArray desktop = readAll(kPackaging + "/soundframe.desktop");
        QCOMPARE(desktopValue(desktop, "Icon"), kId);
        QCOMPARE(desktopValue(desktop, "Exec").section(' ', 0, 0), QString("soundframe"));
        QCOMPARE(desktopValue(desktop, "Type"), QString("Application"));
    }

    void iconSizes()
    {
        QVERIFY(readAll(kIcons + "/soundframe.svg").contains("<svg"));
        for (int size : kIconSizes) {
            const QByteArray png = readAll(QString("%1/hicolor/%2x%2/soundframe.png").arg(kIcons).arg(size));
            QVERIFY2(png.startsWith("\x89PNG\r\n\x1a\n"), qPrintable(QString::number(size)));
            // IHDR: big-endian width and height at bytes 16 and 20.
            const auto be32 = [&](int at) {
                return (uint(uchar(png[at])) << 24) | (uint(uchar(png[at + 1])) << 16) | (uint(uchar(png[at + 2])) << 8)
                       | uint(uchar(png[at + 3]));
            };
            QCOMPARE(be32(16), uint(size));
            QCOMPARE(be32(20), uint(size));
        }
    }

    void debianPackage()
    {
        const QString deb = qEnvironmentVariable("SOUNDFRAME_TEST_DEB");
        if (deb.isEmpty())
            QSKIP("set SOUNDFRAME_TEST_DEB to a .deb made by `cpack -G DEB` to check it");
        const auto contents = test::runTool("dpkg-deb", {"-c", deb});
        QVERIFY2(contents.exitCode == 0, qPrintable(contents.stderrText));
        QStringList expected{"./usr/bin/soundframe", "./usr/bin/soundframe-cli",
                             "./usr/share/applications/" + kId + ".desktop",
                             "./usr/share/metainfo/" + kId + ".metainfo.xml",
                             "./usr/share/icons/hicolor/scalable/apps/" + kId + ".svg"};
        for (int size : kIconSizes)
            expected << QString("./usr/share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kId);
        const QString listing = QString::fromUtf8(contents.stdoutBytes);
        for (const QString& path : expected)
            QVERIFY2(listing.contains(" " + path + "\n"), qPrintable(path));

        const auto info = test::runTool("dpkg-deb", {"-f", deb, "Package", "Depends", "Recommends"});
        QVERIFY2(info.exitCode == 0, qPrintable(info.stderrText));
        const QString fields = QString::fromUtf8(info.stdoutBytes);
        QVERIFY(fields.contains("Package: soundframe\n"));
        // Run-time plugins, and libraries only dpkg-shlibdeps can have named.
        for (const char* dependency : {"qt6-qpa-plugins", "libqt6svg6", "libqt6widgets6", "libc6", "libavformat59"})
            QVERIFY2(fields.contains(dependency), dependency);
        QVERIFY(fields.contains("Recommends: libopenblas0-openmp"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestPackagingMetadata)
#include "tst_PackagingMetadata.moc"
