// MediaFolderIndex: every YouTube naming variant datasets use, start-time matching, lookup by
// file name with odd characters, and that lookups never touch the disk after indexing.
#include "TestSupport.h"
#include "base/Error.h"
#include "data/MediaFolderIndex.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <fstream>

using namespace soundframe;

class TestMediaFolderIndex : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string touch(const QString& relative)
    {
        const QString path = m_dir.filePath(relative);
        if (!test::writeBytes(path, {}))
            qFatal("cannot create %s", qPrintable(path));
        return QDir::cleanPath(path).toStdString();
    }

    void expectYoutube(const MediaFolderIndex& index, const char* id, double start, const std::string& path,
                       bool segment)
    {
        const auto m = index.findYoutube(id, start);
        QVERIFY2(m.has_value(), id);
        QCOMPARE(m->path, path);
        QCOMPARE(m->namedAsSegment, segment);
    }

private Q_SLOTS:
    void findsEveryNamingVariant()
    {
        const auto plain = touch("a1b2c3d4e5f.flac");
        const auto yPrefixed = touch("Y--PJHxphWEs.wav");
        const auto withStart = touch("x_y-z_1234A_30.mp4");
        const auto startEnd = touch("Qw3rTy_uI0p_10_20.mkv");
        const auto decimals = touch("zz-zz-zz-zz_30.000_40.000.WAV");
        const auto millis = touch("mmmmmmmmmmm_30000_40000.webm");
        const auto yTimes = touch("YYyYyYyYyYyY_5.500_15.500.ogg");  // the id itself starts with Y
        const auto nested = touch("sub/deeper/-0RWZT-miFs.m4a");
        const auto idWithDigits = touch("abc_def_123.opus");
        const auto yMillis = touch("Ykkkkkkkkkkk_0_10000.mov");
        touch("ttttttttttt.txt");            // not media
        touch(".hidden/hhhhhhhhhhh.wav");    // hidden folder
        touch(".ggggggggggg.wav");           // hidden file

        const MediaFolderIndex index(m_dir.path().toStdString());
        QCOMPARE(index.fileCount(), size_t(10));
        expectYoutube(index, "a1b2c3d4e5f", 30, plain, false);
        expectYoutube(index, "--PJHxphWEs", 0, yPrefixed, false);
        expectYoutube(index, "x_y-z_1234A", 30, withStart, true);
        expectYoutube(index, "Qw3rTy_uI0p", 10, startEnd, true);
        expectYoutube(index, "zz-zz-zz-zz", 30, decimals, true);
        expectYoutube(index, "mmmmmmmmmmm", 30, millis, true);
        expectYoutube(index, "YyYyYyYyYyY", 5.5, yTimes, true);
        expectYoutube(index, "-0RWZT-miFs", 120, nested, false);
        expectYoutube(index, "abc_def_123", 0, idWithDigits, false);
        expectYoutube(index, "kkkkkkkkkkk", 0, yMillis, true);

        // A name that carries a start matches that start only.
        QVERIFY(!index.findYoutube("x_y-z_1234A", 40).has_value());
        QVERIFY(!index.findYoutube("zz-zz-zz-zz", 30.001).has_value());
        QVERIFY(!index.findYoutube("mmmmmmmmmmm", 31).has_value());
        QVERIFY(!index.findYoutube("ttttttttttt", 0).has_value());
        QVERIFY(!index.findYoutube("hhhhhhhhhhh", 0).has_value());
        QVERIFY(!index.findYoutube("ggggggggggg", 0).has_value());
        QVERIFY(!index.findYoutube("a1b2c3d4e5", 0).has_value());  // a prefix of an id is no match
    }

    void segmentNamedFileWinsOverTheFullVideo()
    {
        QTemporaryDir dir;
        const auto full = QDir::cleanPath(dir.filePath("pppppppppp1.mp4")).toStdString();
        const auto cut = QDir::cleanPath(dir.filePath("cut/pppppppppp1_20.wav")).toStdString();
        QVERIFY(test::writeBytes(QString::fromStdString(full), {}));
        QVERIFY(test::writeBytes(QString::fromStdString(cut), {}));
        const MediaFolderIndex index(dir.path().toStdString());
        expectYoutube(index, "pppppppppp1", 20, cut, true);
        expectYoutube(index, "pppppppppp1", 50, full, false);
    }

    void findsFilesByExactNameWithOddCharacters()
    {
        QTemporaryDir dir;
        auto make = [&](const QString& relative) {
            const QString path = dir.filePath(relative);
            if (!test::writeBytes(path, {}))
                qFatal("cannot create %s", qPrintable(path));
            return QDir::cleanPath(path).toStdString();
        };
        const auto spaced = make("Santa Motor.wav");
        const auto quotes = make("a \"quoted\" name's.wav");
        const auto comma = make("rain, heavy.flac");
        const auto unicode = make(QString::fromUtf8("\xC3\xBCn\xC3\xAF \xE9\x9B\xA8.wav"));
        const auto top = make("dup.wav");
        const auto deep = make("sub/dup.wav");
        const MediaFolderIndex index(dir.path().toStdString());
        QCOMPARE(index.findFile("Santa Motor.wav").value_or(""), spaced);
        QCOMPARE(index.findFile("a \"quoted\" name's.wav").value_or(""), quotes);
        QCOMPARE(index.findFile("rain, heavy.flac").value_or(""), comma);
        QCOMPARE(index.findFile("\xC3\xBCn\xC3\xAF \xE9\x9B\xA8.wav").value_or(""), unicode);
        QCOMPARE(index.findFile("dup.wav").value_or(""), top);        // the shallowest
        QCOMPARE(index.findFile("sub/dup.wav").value_or(""), deep);   // a sub-folder given
        QVERIFY(!index.findFile("ub/dup.wav").has_value());           // only at a folder boundary
        QVERIFY(!index.findFile("santa motor.wav").has_value());      // case matters on Linux
        QVERIFY(!index.findFile("Santa Motor").has_value());
    }

    void namesThatAreNotUtf8AreFoundByTheirBytes()
    {
        // Linux names are bytes; a Latin-1 folder or file name must not stop the index.
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::filesystem::create_directories(root / "m\xE9dia");
        std::ofstream(root / "m\xE9dia" / "nnnnnnnnnnn.wav").put('x');
        std::ofstream(root / "caf\xE9.wav").put('x');
        const MediaFolderIndex index(root);
        QCOMPARE(index.fileCount(), size_t(2));
        QCOMPARE(index.findYoutube("nnnnnnnnnnn", 0).value().path, (root / "m\xE9dia" / "nnnnnnnnnnn.wav").string());
        QCOMPARE(index.findFile("caf\xE9.wav").value_or(""), (root / "caf\xE9.wav").string());
    }

    void lookupsNeverTouchTheDisk()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeBytes(dir.filePath("ddddddddddd_30_40.wav"), {}));
        QVERIFY(test::writeBytes(dir.filePath("clotho name.wav"), {}));
        const MediaFolderIndex index(dir.path().toStdString());
        QVERIFY(QDir(dir.path()).removeRecursively());
        QVERIFY(index.findYoutube("ddddddddddd", 30).has_value());
        QVERIFY(index.findFile("clotho name.wav").has_value());
    }

    void relativeAndTrailingSlashFoldersGiveAbsolutePaths()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeBytes(dir.filePath("media/eeeeeeeeeee.wav"), {}));
        const QString saved = QDir::currentPath();
        QDir::setCurrent(dir.path());
        const MediaFolderIndex relative(std::string("./media/"));
        QDir::setCurrent(saved);
        const auto m = relative.findYoutube("eeeeeeeeeee", 0);
        QVERIFY(m.has_value());
        QCOMPARE(m->path, QDir::cleanPath(dir.filePath("media/eeeeeeeeeee.wav")).toStdString());
        QCOMPARE(relative.folder().string(), QDir::cleanPath(dir.filePath("media")).toStdString());
    }

    void missingFolderThrows()
    {
        const std::string missing = m_dir.filePath("no such folder").toStdString();
        try {
            MediaFolderIndex index(missing);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), missing);
            QVERIFY2(e.reason().find("does not exist") != std::string::npos, e.what());
        }
        const auto file = touch("plainfile.wav");
        QVERIFY_THROWS_EXCEPTION(Error, MediaFolderIndex(std::filesystem::path(file)));
    }

    void extensions()
    {
        for (const char* e : {".wav", ".FLAC", ".Mp4", ".mkv", ".webm", ".ogg", ".m4a", ".mp3", ".opus", ".avi", ".mov"})
            QVERIFY2(MediaFolderIndex::isMediaExtension(e), e);
        for (const char* e : {".txt", ".csv", ".json", "", ".wav.part", "wav"})
            QVERIFY2(!MediaFolderIndex::isMediaExtension(e), e);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestMediaFolderIndex)
#include "tst_MediaFolderIndex.moc"
