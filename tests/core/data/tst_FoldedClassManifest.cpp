// FoldedClassManifest (the reader ESC-50 and UrbanSound8K share): header columns found in any order
// and case, a missing column named, one skip per malformed row with its reason, --media overriding the
// default audio folder.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/ESC50Manifest.h"
#include "data/UrbanSound8KManifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using test::describe;
using test::hasSkip;

class TestFoldedClassManifest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string file(const QString& name) const { return path(name).toStdString(); }
    std::string clean(const QString& name) const { return QDir::cleanPath(path(name)).toStdString(); }

    FoldedClassOptions inFolder(const QString& folder) const
    {
        FoldedClassOptions o;
        o.audioFolder = file(folder);
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* name : {"flat/a.wav", "flat/b.wav", "flat/c.wav"})
            QVERIFY(test::writeBytes(path(name), {}));
    }

    void columnsInAnyOrderAndCase()
    {
        QVERIFY(test::writeBytes(path("reordered.csv"), "Category,FOLD,filename\r\nvacuum_cleaner,3,a.wav\r\n"));
        const auto c = ESC50Manifest::read(file("reordered.csv"), inFolder("flat"));
        QVERIFY2(c.skipped.empty(), qPrintable(describe(c)));
        QCOMPARE(c.clips.size(), size_t(1));
        QCOMPARE(c.clips[0].labels, std::vector<std::string>{"vacuum cleaner"});
        QCOMPARE(c.clips[0].fold, 3);
        QCOMPARE(c.clips[0].mediaPath, clean("flat/a.wav"));
    }

    void everyMalformedRowIsSkippedWithItsReason()
    {
        QVERIFY(test::writeBytes(path("bad.csv"),
                                 "filename,fold,target,category\n"
                                 "a.wav,1,0,dog\n"         // 2 good
                                 "a.wav,2,0,dog\n"         // 3 duplicate
                                 "b.wav,0,0,dog\n"         // 4 fold 0
                                 "b.wav,x,0,dog\n"         // 5 fold not a number
                                 "b.wav,1.5,0,dog\n"       // 6 fold not whole
                                 "b.wav,1,0,\n"            // 7 no class
                                 ",1,0,dog\n"              // 8 no file name
                                 "b.wav,1,0\n"             // 9 wrong count
                                 "c.wav,4,3,cow"));        // 10 good, no final line end
        const std::string csv = file("bad.csv");
        const auto c = ESC50Manifest::read(csv, inFolder("flat"));
        QCOMPARE(c.clips.size(), size_t(2));
        QCOMPARE(c.clips[1].id, std::string("c.wav"));
        QVERIFY2(hasSkip(c, csv + ":3", "duplicate filename \"a.wav\" (first on line 2)"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":4", "fold \"0\" is not a whole number >= 1"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":5", "fold \"x\" is not a whole number >= 1"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":6", "fold \"1.5\""), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":7", "empty category for \"b.wav\""), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":8", "empty filename"), qPrintable(describe(c)));
        QVERIFY2(hasSkip(c, csv + ":9", "expected 4 fields, found 3"), qPrintable(describe(c)));
        QCOMPARE(c.skipped.size(), size_t(7));
    }

    void aMissingColumnIsNamed_data()
    {
        QTest::addColumn<bool>("urban");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("column");
        QTest::newRow("esc50 fold") << false << QByteArray("filename,target,category\n") << "fold";
        QTest::newRow("esc50 category") << false << QByteArray("filename,fold,target\n") << "category";
        QTest::newRow("us8k class") << true << QByteArray("slice_file_name,fsID,fold,classID\n") << "class";
        QTest::newRow("us8k file") << true << QByteArray("fsID,fold,classID,class\n") << "slice_file_name";
    }
    void aMissingColumnIsNamed()
    {
        QFETCH(bool, urban);
        QFETCH(QByteArray, header);
        QFETCH(QString, column);
        QVERIFY(test::writeBytes(path("header.csv"), header + "a.wav,1,0\n"));
        try {
            urban ? UrbanSound8KManifest::read(file("header.csv"), inFolder("flat"))
                  : ESC50Manifest::read(file("header.csv"), inFolder("flat"));
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), file("header.csv"));
            QVERIFY2(e.reason().find("no column \"" + column.toStdString() + "\"") != std::string::npos, e.what());
        }
    }

    void wholeFileProblemsThrow()
    {
        QVERIFY(test::writeBytes(path("empty.csv"), ""));
        QVERIFY_THROWS_EXCEPTION(Error, ESC50Manifest::read(file("empty.csv"), inFolder("flat")));
        QVERIFY_THROWS_EXCEPTION(Error, ESC50Manifest::read(file("absent.csv"), inFolder("flat")));
        QVERIFY(test::writeBytes(path("ok.csv"), "filename,fold,category\na.wav,1,dog\n"));
        try {
            ESC50Manifest::read(file("ok.csv"), inFolder("no-such-folder"));
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(e.where().find("no-such-folder") != std::string::npos, e.what());
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestFoldedClassManifest)
#include "tst_FoldedClassManifest.moc"
