// DemoSoundLibrary: on bundles made here by Qt's rcc tool and folders standing in for the installed
// packages, then on the Debian packages themselves when they are installed (scripts/demo installs
// them): every sound they ship is in the folders, checked against dpkg's own file lists.
#include "TestSupport.h"
#include "demo/DemoSoundLibrary.h"
#include "demo/DemoSourceCatalog.h"
#include "search/FileScanner.h"

#include <QFile>
#include <QLibraryInfo>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>
#include <set>
#include <thread>

using namespace soundframe;
namespace fs = std::filesystem;

class TestDemoSoundLibrary : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // bundle NAME.rcc in rcc/ from files {path in bundle -> bytes}, with rcc --binary.
    bool makeBundle(const QString& name, const std::map<QString, QByteArray>& files) const
    {
        QString qrc = "<RCC><qresource prefix=\"/gcompris/src\">";
        for (const auto& [file, bytes] : files) {
            if (!test::writeBytes(path("in-" + name + "/" + file), bytes))
                return false;
            qrc += "<file>" + file + "</file>";
        }
        qrc += "</qresource></RCC>\n";
        if (!test::writeBytes(path("in-" + name + "/bundle.qrc"), qrc.toUtf8()))
            return false;
        const QString rcc = QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath) + "/rcc";
        const auto r = test::runTool(rcc, {"--binary", "-o", path("rcc/" + name + ".rcc"), path("in-" + name + "/bundle.qrc")});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.stderrText));
        return r.exitCode == 0;
    }

    // The media files dpkg says `package` installed.
    static std::set<fs::path> dpkgMediaFiles(const QString& package)
    {
        std::set<fs::path> files;
        const auto r = test::runTool("dpkg", {"-L", package});
        for (const QByteArray& line : r.stdoutBytes.split('\n')) {
            const fs::path p = line.trimmed().toStdString();
            if (!p.empty() && FileScanner::hasMediaExtension(p) && fs::is_regular_file(p))
                files.insert(p);
        }
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath("rcc"));
        QVERIFY(makeBundle("animals", {{"activities/farm/cow.ogg", QByteArray(900, 'c')},
                                       {"activities/farm/cow.svg", "<svg/>"},
                                       {"activities/farm/board.qml", "Item {}"}}));
        QVERIFY(makeBundle("core", {{"core/resource/sounds/crash.WAV", QByteArray(400, 'w')}}));
        QVERIFY(makeBundle("words", {{"activities/words/list.json", "[]"}}));
        QVERIFY(test::writeBytes(path("rcc/broken.rcc"), QByteArray(64, '\0')));
        QVERIFY(test::writeBytes(path("rcc/not-a-bundle.txt"), "x"));
        QVERIFY(QDir(m_dir.path()).mkpath("wesnoth/data/core/sounds"));
    }

    void extractsEverySoundOfEveryBundle()
    {
        DemoPackageRoots roots;
        roots.gcomprisRcc = path("rcc").toStdString();
        roots.wesnothTree = path("wesnoth").toStdString();
        roots.freedesktopSounds = path("no-such-folder").toStdString();
        const fs::path extract = path("library").toStdString();
        const auto folders = DemoSoundLibrary::folders(roots, extract);
        const std::vector<fs::path> expected{extract / "gcompris", roots.wesnothTree};
        QCOMPARE(folders, expected);

        std::set<fs::path> extracted;
        for (const auto& e : fs::recursive_directory_iterator(extract))
            if (e.is_regular_file())
                extracted.insert(e.path());
        const fs::path cow = extract / "gcompris/animals/gcompris/src/activities/farm/cow.ogg";
        const fs::path crash = extract / "gcompris/core/gcompris/src/core/resource/sounds/crash.WAV";
        QCOMPARE(extracted, (std::set<fs::path>{cow, crash}));
        QCOMPARE(test::readBytes(cow), QByteArray(900, 'c'));
        QCOMPARE(test::readBytes(crash), QByteArray(400, 'w'));

        // A second call copies nothing.
        const auto written = fs::last_write_time(cow);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QCOMPARE(DemoSoundLibrary::folders(roots, extract), expected);
        QCOMPARE(fs::last_write_time(cow), written);
    }

    void missingPackagesAddNoFolder()
    {
        DemoPackageRoots roots;
        roots.gcomprisRcc = path("no-rcc").toStdString();
        roots.wesnothTree = path("no-wesnoth").toStdString();
        roots.freedesktopSounds = path("wesnoth").toStdString();  // any installed folder
        QCOMPARE(DemoSoundLibrary::folders(roots, path("library2").toStdString()),
                 std::vector<fs::path>{roots.freedesktopSounds});
        QVERIFY(!fs::exists(path("library2").toStdString()));
    }

    // The packages as installed: the folders hold every media file dpkg lists for wesnoth and
    // freedesktop, and a copy of every gcompris recording the demo world uses.
    void everySoundTheDebianPackagesShip()
    {
        const DemoPackageRoots roots;
        if (!fs::exists(roots.gcomprisRcc / "explore_farm_animals.rcc") || !fs::is_directory(roots.wesnothTree)
            || !fs::is_directory(roots.freedesktopSounds))
            QSKIP("needs gcompris-qt-data, wesnoth-1.16-data and sound-theme-freedesktop");
        const fs::path extract = path("debian").toStdString();
        const auto folders = DemoSoundLibrary::folders(roots, extract);
        QCOMPARE(int(folders.size()), 3);
        std::vector<FileScanner::Problem> problems;
        const auto files = FileScanner::scan(folders, problems);
        QVERIFY(problems.empty());
        std::set<fs::path> installed, gcompris;
        for (const auto& f : files)
            (f.path.string().rfind(extract.string(), 0) == 0 ? gcompris : installed).insert(f.path);
        std::set<fs::path> listed = dpkgMediaFiles("wesnoth-1.16-data");
        for (const auto& p : dpkgMediaFiles("sound-theme-freedesktop"))
            listed.insert(p);
        QCOMPARE(installed, listed);
        QVERIFY2(gcompris.size() >= 130, qPrintable(QString::number(gcompris.size())));

        std::set<QByteArray> library;
        for (const auto& p : gcompris)
            library.insert(test::readBytes(p));
        const auto catalog = DemoSourceCatalog::discover(roots, path("sources").toStdString());
        int checked = 0;
        for (const auto& source : catalog.sources())
            for (const auto& r : source.recordings)
                if (r.string().rfind(path("sources").toStdString(), 0) == 0) {
                    QVERIFY2(library.count(test::readBytes(r)), r.c_str());
                    ++checked;
                }
        QVERIFY2(checked >= 9 + 26 + 9, qPrintable(QString::number(checked)));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoSoundLibrary)
#include "tst_DemoSoundLibrary.moc"
