// DemoSourceCatalog on the Debian packages themselves (gcompris-qt-data, wesnoth-1.16-data,
// sound-theme-freedesktop, tuxpaint-stamps-default), then a small world built from them checked
// with ffprobe; those tests skip when the packages are not installed (scripts/demo installs them).
// Package selection and Tux Paint's stamp layout run on small trees made here.
#include "TestSupport.h"
#include "base/Error.h"
#include "data/JsonlManifest.h"
#include "demo/DemoSourceCatalog.h"
#include "demo/DemoWorldBuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>
#include <set>

using namespace soundframe;
namespace fs = std::filesystem;

class TestDemoSourceCatalog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static const DemoSource* find(const DemoSourceCatalog& catalog, const std::string& name)
    {
        for (const auto& s : catalog.sources())
            if (s.name == name)
                return &s;
        return nullptr;
    }

    static bool packagesInstalled()
    {
        const DemoPackageRoots roots;
        return fs::exists(roots.gcomprisRcc / "explore_farm_animals.rcc") && fs::is_directory(roots.wesnothData)
               && fs::is_directory(roots.freedesktopSounds);
    }
    static constexpr const char* kNeedsPackages
        = "needs gcompris-qt-data, wesnoth-1.16-data and sound-theme-freedesktop "
          "(apt-get install -y gcompris-qt-data wesnoth-1.16-data sound-theme-freedesktop)";
    // tuxpaint-stamps-default is not in the default world: checked only where it is installed.
    static bool tuxPaintInstalled() { return fs::is_directory(DemoPackageRoots().tuxpaintStamps); }

    static void touch(const fs::path& file, const QByteArray& content = "x")
    {
        fs::create_directories(file.parent_path());
        QFile f(QString::fromStdString(file.string()));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }

    // A packages root where nothing is installed, but `stamps`.
    DemoPackageRoots onlyStamps(const fs::path& stamps) const
    {
        DemoPackageRoots roots;
        const fs::path none = m_dir.filePath("none").toStdString();
        roots.gcomprisRcc = roots.wesnothData = roots.freedesktopSounds = roots.wesnothTree = none;
        roots.tuxpaintStamps = stamps;
        return roots;
    }

private Q_SLOTS:
    // Tux Paint's layout: STAMP.ogg with STAMP.png (or .svg) and STAMP.txt, whose first line is the
    // English description; stamps the table names but the folder lacks add nothing.
    void tuxPaintStampsJoinTheirClasses()
    {
        const fs::path stamps = m_dir.filePath("stamps").toStdString();
        touch(stamps / "animals/mammals/pig.ogg");
        touch(stamps / "animals/mammals/pig.png");
        touch(stamps / "animals/mammals/pig.txt", "A pig.\r\nfr.utf8=Un cochon.\r\n");
        touch(stamps / "animals/mammals/pig_desc.ogg");  // a spoken description, never a recording
        touch(stamps / "animals/mammals/bovines/goat.ogg");
        touch(stamps / "animals/mammals/bovines/goat.svg");
        touch(stamps / "seasonal/halloween/blackcat.ogg");
        const auto catalog = DemoSourceCatalog::discover(onlyStamps(stamps), m_dir.filePath("x").toStdString(),
                                                         {"tuxpaint-stamps-default"});
        QVERIFY(catalog.missingPackages().empty());
        QCOMPARE(int(catalog.sources().size()), 3);
        const DemoSource* pig = find(catalog, "pig");
        QVERIFY(pig);
        QCOMPARE(pig->recordings, std::vector<fs::path>{stamps / "animals/mammals/pig.ogg"});
        QCOMPARE(pig->pictures, std::vector<fs::path>{stamps / "animals/mammals/pig.png"});
        QCOMPARE(pig->descriptions, std::vector<std::string>{"a pig"});
        QCOMPARE(pig->phrases.front(), std::string("a pig oinks"));
        QCOMPARE(pig->packages, std::vector<std::string>{"tuxpaint-stamps-default"});
        const DemoSource* goat = find(catalog, "goat");
        QVERIFY(goat);
        QCOMPARE(goat->pictures, std::vector<fs::path>{stamps / "animals/mammals/bovines/goat.svg"});
        QVERIFY(goat->descriptions.empty());
        const DemoSource* cat = find(catalog, "cat");
        QVERIFY(cat && cat->recordings.size() == 1 && cat->pictures.empty());
        const auto& count = catalog.countsByPackage().at("tuxpaint-stamps-default");
        QCOMPARE(count.classes, 3);
        QCOMPARE(count.recordings, 3);
        QCOMPARE(count.pictures, 2);
    }

    // Only the named packages are read; a named one that is not installed is reported missing,
    // one not named is not; an unknown name is an error naming it.
    void drawsOnlyTheNamedPackages()
    {
        const fs::path stamps = m_dir.filePath("stamps-only").toStdString();
        touch(stamps / "animals/mammals/pig.ogg");
        const fs::path extract = m_dir.filePath("x").toStdString();
        const auto none = DemoSourceCatalog::discover(onlyStamps(stamps), extract, {"sound-theme-freedesktop"});
        QVERIFY(none.sources().empty());
        QCOMPARE(none.missingPackages(), std::vector<std::string>{"sound-theme-freedesktop"});
        const auto all = DemoSourceCatalog::discover(onlyStamps(stamps), extract);
        QCOMPARE(int(all.sources().size()), 1);
        QCOMPARE(all.missingPackages(),
                 (std::vector<std::string>{"gcompris-qt-data", "wesnoth-1.16-data", "sound-theme-freedesktop"}));
        try {
            DemoSourceCatalog::discover(onlyStamps(stamps), extract, {"tuxpaint"});
            QFAIL("accepted an unknown package");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.reason()).contains("'tuxpaint'"), e.what());
        }
    }

    void findsTheKnownSourcesOfEachPackage()
    {
        if (!packagesInstalled())
            QSKIP(kNeedsPackages);
        const fs::path extract = m_dir.filePath("sources").toStdString();
        const auto catalog = DemoSourceCatalog::discover({}, extract);
        QCOMPARE(catalog.missingPackages().empty(), tuxPaintInstalled());
        const auto& counts = catalog.countsByPackage();
        QVERIFY(counts.at("gcompris-qt-data").recordings >= 9 + 26 + 9);
        QVERIFY(counts.at("gcompris-qt-data").pictures >= 2 * 9 + 26 + 9);
        QVERIFY(counts.at("wesnoth-1.16-data").recordings >= 150);
        QVERIFY(counts.at("wesnoth-1.16-data").pictures >= 20);
        QVERIFY(counts.at("sound-theme-freedesktop").recordings >= 20);
        const int stamps = tuxPaintInstalled() ? 1 : 0;
        if (stamps) {
            QVERIFY(counts.at("tuxpaint-stamps-default").recordings >= 25);
            QCOMPARE(counts.at("tuxpaint-stamps-default").pictures, counts.at("tuxpaint-stamps-default").recordings);
            // Tux Paint's three pigs join gcompris' one: the class is heard in more than one split.
            const DemoSource* pig = find(catalog, "pig");
            QVERIFY(pig && pig->recordings.size() == 4 && pig->packages.size() == 2);
        }

        // The cow: a recording and a photo out of the bundle, and the board's description.
        const DemoSource* cow = find(catalog, "cow");
        QVERIFY(cow);
        QCOMPARE(int(cow->recordings.size()), 1 + 3 * stamps);  // gcompris' first, then Tux Paint's three
        QVERIFY(fs::file_size(cow->recordings[0]) > 10000);
        QVERIFY(fs::path(cow->recordings[0]).string().find(extract.string()) == 0);
        QCOMPARE(cow->phrases.front(), std::string("a cow moos"));
        QVERIFY(std::find(cow->phrases.begin(), cow->phrases.end(), "the cow goes 'moo'") != cow->phrases.end());
        QVERIFY(!cow->descriptions.empty());
        // Classes merged across packages: gcompris' horse and dog with wesnoth's horse,
        // memory-sound's barks and Tux Paint's stamps.
        const DemoSource* horse = find(catalog, "horse");
        QVERIFY(horse && int(horse->packages.size()) == 2 + stamps && horse->recordings.size() >= 4
                && horse->pictures.size() >= 3);
        const DemoSource* dog = find(catalog, "dog");
        QVERIFY(dog && dog->recordings.size() >= 3);
        const DemoSource* wolf = find(catalog, "wolf");
        QVERIFY(wolf && wolf->recordings.size() >= 8 && !wolf->pictures.empty());
        QVERIFY(find(catalog, "violin") && !find(catalog, "violin")->pictures.empty());
        QVERIFY(find(catalog, "phone") && find(catalog, "phone")->pictures.empty());
        for (const auto& s : catalog.sources()) {
            QVERIFY2(!s.phrases.empty(), s.name.c_str());
            for (const auto& r : s.recordings)
                QVERIFY2(fs::exists(r), r.c_str());
            for (const auto& p : s.pictures)
                QVERIFY2(fs::exists(p), p.c_str());
        }
        // A second discovery reuses the extracted files.
        const auto before = fs::last_write_time(cow->recordings[0]);
        const auto again = DemoSourceCatalog::discover({}, extract);
        QCOMPARE(again.recordingCount(), catalog.recordingCount());
        QVERIFY(fs::last_write_time(cow->recordings[0]) == before);
    }

    // freedesktop's aliases: a link to a file of the same class is left out (the file's own name is
    // kept), so one sound is never two recordings in two splits; a link to a file outside stays.
    void linkedAliasesCountOnce()
    {
        if (!packagesInstalled())
            QSKIP(kNeedsPackages);
        const fs::path folder = m_dir.filePath("aliases/stereo").toStdString();
        const fs::path elsewhere = m_dir.filePath("aliases/elsewhere").toStdString();
        fs::create_directories(folder);
        fs::create_directories(elsewhere);
        for (const fs::path& file : {folder / "camera-shutter.oga", folder / "dialog-warning.oga",
                                     folder / "device-added.oga", elsewhere / "ding.oga"})
            QVERIFY(QFile(QString::fromStdString(file.string())).open(QIODevice::WriteOnly));
        fs::create_symlink("camera-shutter.oga", folder / "screen-capture.oga");
        fs::create_symlink("dialog-warning.oga", folder / "window-attention.oga");
        fs::create_symlink("dialog-warning.oga", folder / "dialog-error.oga");
        fs::create_symlink("device-added.oga", folder / "power-plug.oga");
        fs::create_symlink("../elsewhere/ding.oga", folder / "bell.oga");
        DemoPackageRoots roots;
        roots.gcomprisRcc = m_dir.filePath("none").toStdString();
        roots.wesnothData = m_dir.filePath("none").toStdString();
        roots.freedesktopSounds = folder;
        roots.tuxpaintStamps = m_dir.filePath("none").toStdString();
        const auto catalog = DemoSourceCatalog::discover(roots, m_dir.filePath("aliases/extract").toStdString());
        const DemoSource* camera = find(catalog, "camera");
        QVERIFY(camera);
        QCOMPARE(camera->recordings, std::vector<fs::path>{folder / "camera-shutter.oga"});
        const DemoSource* chime = find(catalog, "computer chime");
        QVERIFY(chime);
        QCOMPARE(chime->recordings, (std::vector<fs::path>{folder / "device-added.oga", folder / "dialog-warning.oga"}));
        const DemoSource* bell = find(catalog, "bell");
        QVERIFY(bell);
        QCOMPARE(bell->recordings, std::vector<fs::path>{folder / "bell.oga"});

        // The real packages: no two recordings are one file.
        std::set<fs::path> files;
        const auto real = DemoSourceCatalog::discover({}, m_dir.filePath("sources").toStdString());
        for (const auto& s : real.sources())
            for (const auto& r : s.recordings) {
                std::error_code error;
                const fs::path file = fs::canonical(r, error);
                QVERIFY2(!error, qPrintable(QString::fromStdString(r.string() + ": " + error.message())));
                QVERIFY2(files.insert(file).second, r.c_str());
            }
    }

    void buildsASmallWorldFromThem()
    {
        if (!packagesInstalled())
            QSKIP(kNeedsPackages);
        const fs::path folder = m_dir.filePath("world").toStdString();
        DemoWorldParams params;
        params.clipsTrain = 12;
        params.clipsVal = 3;
        params.clipsTest = 3;
        const auto summary
            = DemoWorldBuilder(DemoSourceCatalog::discover({}, folder / "sources", params.packages), params).build(folder);
        QCOMPARE(summary.videosWritten, 18);
        QVERIFY(summary.classesSharedTrainTest >= 20);
        const auto clips = JsonlManifest::read(folder / "manifest-test.jsonl").clips;
        QCOMPARE(int(clips.size()), 3);
        const auto r = test::runTool(SOUNDFRAME_FFPROBE, {"-v", "error", "-count_frames", "-show_streams", "-of",
                                                          "json", QString::fromStdString(clips[0].mediaPath)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const QJsonArray streams = QJsonDocument::fromJson(r.stdoutBytes).object()["streams"].toArray();
        QCOMPARE(streams.size(), 2);
        QCOMPARE(streams[0].toObject()["codec_name"].toString(), QString("h264"));
        QCOMPARE(streams[0].toObject()["width"].toInt(), 128);
        QCOMPARE(streams[0].toObject()["nb_read_frames"].toString(), QString("40"));
        QCOMPARE(streams[1].toObject()["codec_name"].toString(), QString("aac"));
        QFile world(QString::fromStdString((folder / "world.json").string()));
        QVERIFY(world.open(QIODevice::ReadOnly));
        const QJsonObject w = QJsonDocument::fromJson(world.readAll()).object();
        QCOMPARE(w["packages"].toObject().size(), 3);
        QVERIFY(w["classes"].toArray().size() > 80);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDemoSourceCatalog)
#include "tst_DemoSourceCatalog.moc"
