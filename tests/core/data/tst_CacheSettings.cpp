// CacheSettings: cache.json round trip and the difference message that protects a cache from mixing.
#include "base/Error.h"
#include "data/CacheSettings.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestCacheSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsThroughAFile()
    {
        QTemporaryDir dir;
        CacheSettings s;
        s.encoderIdentity = "clip:test 0123456789abcdef";
        s.embeddingDim = 40;
        s.frameSize = 32;
        s.framesPerClip = 5;
        s.audioRate = 22050;
        const auto file = dir.filePath("cache.json").toStdString();
        s.write(file);
        const auto back = CacheSettings::read(file);
        QVERIFY(!back.differenceFrom(s));
        QCOMPARE(back.encoderIdentity, s.encoderIdentity);
        QCOMPARE(back.audioRate, 22050);
    }

    void differenceNamesTheField()
    {
        CacheSettings a, b;
        b.framesPerSecond = 2.0;
        const auto why = a.differenceFrom(b);
        QVERIFY(why);
        QVERIFY2(why->find("frames_per_second") != std::string::npos, why->c_str());
    }

    void malformedFilesAreErrorsNamingTheFile()
    {
        QVERIFY_THROWS_EXCEPTION(Error, CacheSettings::fromJson("{", "x/cache.json"));
        QVERIFY_THROWS_EXCEPTION(Error, CacheSettings::fromJson(R"({"format":"other"})", "x/cache.json"));
        QVERIFY_THROWS_EXCEPTION(Error, CacheSettings::fromJson(
            R"({"format":"soundframe-cache","format_version":9})", "x/cache.json"));
        try {
            CacheSettings::fromJson(R"({"format":"soundframe-cache","format_version":1})", "x/cache.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).startsWith("x/cache.json"));
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestCacheSettings)
#include "tst_CacheSettings.moc"
