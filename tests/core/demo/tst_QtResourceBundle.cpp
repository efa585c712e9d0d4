// QtResourceBundle over bundles made here by Qt's own rcc tool (rcc --binary, as gcompris builds
// its .rcc files): registering under a root of its own, listing, copying out, unregistering.
#include "TestSupport.h"
#include "base/Error.h"
#include "demo/QtResourceBundle.h"

#include <QFile>
#include <QLibraryInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>
#include <fstream>
#include <thread>

using namespace soundframe;
namespace fs = std::filesystem;

class TestQtResourceBundle : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path m_rcc;
    const QByteArray m_tone = QByteArray("RIFF....WAVEfmt ") + QByteArray(300, '\x01');
    const QByteArray m_notes = "a text, not a sound\n";

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(test::writeBytes(path("in/sounds/tone.wav"), m_tone));
        QVERIFY(test::writeBytes(path("in/notes.txt"), m_notes));
        QVERIFY(test::writeBytes(path("in/bundle.qrc"), "<RCC><qresource prefix=\"/pack\">"
                                                        "<file>sounds/tone.wav</file><file>notes.txt</file>"
                                                        "</qresource></RCC>\n"));
        const QString rcc = QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath) + "/rcc";
        const auto r = test::runTool(rcc, {"--binary", "-o", path("bundle.rcc"), path("in/bundle.qrc")});
        QVERIFY2(r.exitCode == 0, qPrintable(rcc + ": " + r.stderrText));
        m_rcc = path("bundle.rcc").toStdString();
    }

    void listsItsFilesUnderItsRoot()
    {
        const QtResourceBundle bundle(m_rcc, "/lib/one");
        QVERIFY(bundle.isOpen());
        const std::vector<std::string> expected{":/lib/one/pack/notes.txt", ":/lib/one/pack/sounds/tone.wav"};
        QCOMPARE(bundle.files(), expected);
        QCOMPARE(bundle.relativePath(":/lib/one/pack/sounds/tone.wav"), std::string("pack/sounds/tone.wav"));
        QCOMPARE(QtResourceBundle::readAll(":/lib/one/pack/notes.txt"), m_notes.toStdString());
        QCOMPARE(QtResourceBundle::readAll(":/lib/one/pack/none.txt"), std::string());
    }

    void defaultRootIsTheBundlesOwnPaths()
    {
        {
            const QtResourceBundle bundle(m_rcc);
            QVERIFY(bundle.isOpen());
            QVERIFY(QFile::exists(":/pack/sounds/tone.wav"));
        }
        QVERIFY2(!QFile::exists(":/pack/sounds/tone.wav"), "unregistered when the object is gone");
    }

    void copiesOutOnceAndAgainWhenTheSizeDiffers()
    {
        const QtResourceBundle bundle(m_rcc, "/lib/two");
        const fs::path target = path("out/deep/tone.wav").toStdString();
        QVERIFY(QtResourceBundle::copyOut(":/lib/two/pack/sounds/tone.wav", target));
        QCOMPARE(test::readBytes(target), m_tone);
        // A copy of the same size is taken as done: not rewritten.
        const auto written = fs::last_write_time(target);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QVERIFY(QtResourceBundle::copyOut(":/lib/two/pack/sounds/tone.wav", target));
        QCOMPARE(fs::last_write_time(target), written);
        // A cut-short copy (a kill while an older version wrote it) is replaced.
        fs::resize_file(target, 10);
        QVERIFY(QtResourceBundle::copyOut(":/lib/two/pack/sounds/tone.wav", target));
        QCOMPARE(test::readBytes(target), m_tone);
        // Nothing left beside it under a temporary name.
        int entries = 0;
        for (const auto& e : fs::directory_iterator(target.parent_path()))
            entries += e.is_regular_file();
        QCOMPARE(entries, 1);
        QVERIFY(!QtResourceBundle::copyOut(":/lib/two/pack/sounds/missing.wav", path("out/missing.wav").toStdString()));
        QVERIFY(!fs::exists(path("out/missing.wav").toStdString()));
    }

    void unwritableTargetIsAnErrorNamingIt()
    {
        const QtResourceBundle bundle(m_rcc, "/lib/three");
        QVERIFY(test::writeBytes(path("a-file"), "x"));
        const fs::path target = path("a-file/tone.wav").toStdString();  // its folder is a file
        try {
            QtResourceBundle::copyOut(":/lib/three/pack/sounds/tone.wav", target);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(target.string()) != std::string::npos, e.what());
        }
    }

    void notABundleIsNotOpen()
    {
        QVERIFY(test::writeBytes(path("garbage.rcc"), QByteArray(500, '\x7f')));
        const QtResourceBundle garbage(path("garbage.rcc").toStdString(), "/lib/garbage");
        QVERIFY(!garbage.isOpen());
        QVERIFY(garbage.files().empty());
        const QtResourceBundle missing(path("missing.rcc").toStdString(), "/lib/missing");
        QVERIFY(!missing.isOpen());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestQtResourceBundle)
#include "tst_QtResourceBundle.moc"
