// AlignmentExport against hand-written expected text: the Audacity label track (events as regions,
// frames and the pick as points, sorted, 6 decimals, tabs), the three Sonic Visualiser layers
// (no header, columns as its importer guesses them), file names from awkward ids, the numbers
// staying '.'-separated under a decimal-comma locale, and bad input as errors naming the clip.
#include "base/Error.h"
#include "eval/AlignmentExport.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <clocale>
#include <fstream>
#include <sstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestAlignmentExport : public QObject {
    Q_OBJECT

    static AlignmentExportClip sample()
    {
        AlignmentExportClip c;
        c.clipId = "test-7";
        c.frameSeconds = {0.5, 1.5, 2.5};
        c.audioToFrame = {0.125, -0.03125, 0.4};
        c.argmaxFrame = 2;
        c.events = {{"dog\tbark", 1.25, 2.75, {1, 2}}, {"rain", 0.0, 3.0, {}}};
        return c;
    }

    static std::string readText(const fs::path& file)
    {
        std::ifstream in(file, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private Q_SLOTS:
    void audacityLabelTrack()
    {
        // Sorted by start; at equal starts events come first, then frames, then the pick.
        const std::string expected = "0.000000\t3.000000\train\n"
                                     "0.500000\t0.500000\tframe 0: cos 0.125000\n"
                                     "1.250000\t2.750000\tdog bark\n"
                                     "1.500000\t1.500000\tframe 1: cos -0.031250\n"
                                     "2.500000\t2.500000\tframe 2: cos 0.400000\n"
                                     "2.500000\t2.500000\tNearest pick: frame 2\n";
        QCOMPARE(AlignmentExport(sample()).audacityLabels(), expected);
    }

    void sonicVisualiserLayers()
    {
        const AlignmentExport e(sample());
        QCOMPARE(e.cosineLayer(), std::string("0.500000,0.125000,frame 0\n"
                                              "1.500000,-0.031250,frame 1\n"
                                              "2.500000,0.400000,frame 2\n"));
        QCOMPARE(e.frameLayer(), std::string("0.500000,frame 0\n1.500000,frame 1\n2.500000,frame 2\n"));
        QCOMPARE(e.pickLayer(), std::string("2.500000,Nearest pick frame 2\n"));

        auto noPick = sample();
        noPick.argmaxFrame = -1;
        noPick.events.clear();
        QCOMPARE(AlignmentExport(noPick).pickLayer(), std::string());
        QVERIFY(AlignmentExport(noPick).audacityLabels().find("Nearest") == std::string::npos);
    }

    void writesFourFiles()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "new" / "folder";
        auto clip = sample();
        clip.clipId = "../a b/c";
        const auto files = AlignmentExport(clip).write(dir);
        QCOMPARE(files.size(), size_t(4));
        QCOMPARE(files[0], dir / "_._a_b_c.labels.txt");
        QCOMPARE(readText(dir / "_._a_b_c.labels.txt"), AlignmentExport(clip).audacityLabels());
        QCOMPARE(readText(dir / "_._a_b_c.cosine.csv"), AlignmentExport(clip).cosineLayer());
        QCOMPARE(readText(dir / "_._a_b_c.frames.csv"), AlignmentExport(clip).frameLayer());
        QCOMPARE(readText(dir / "_._a_b_c.pick.csv"), AlignmentExport(clip).pickLayer());
        AlignmentExport(clip).write(dir, "chosen");
        QVERIFY(fs::exists(dir / "chosen.pick.csv"));
    }

    void fileStems()
    {
        QCOMPARE(AlignmentExport::fileStem("audiocaps-97151"), std::string("audiocaps-97151"));
        QCOMPARE(AlignmentExport::fileStem("YT:abc/10.0"), std::string("YT_abc_10.0"));
        QCOMPARE(AlignmentExport::fileStem(".hidden"), std::string("_hidden"));
        QCOMPARE(AlignmentExport::fileStem(""), std::string("clip"));
    }

    void numbersIgnoreTheLocale()
    {
        const std::string before = std::setlocale(LC_ALL, nullptr);
        // Any installed decimal-comma locale; the test still checks "C" when none is.
        for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8"})
            if (std::setlocale(LC_ALL, name))
                break;
        const std::string text = AlignmentExport::formatFixed(2.15);
        std::setlocale(LC_ALL, before.c_str());
        QCOMPARE(text, std::string("2.150000"));
        QCOMPARE(AlignmentExport::formatFixed(-0.0000004), std::string("-0.000000"));
        QCOMPARE(AlignmentExport::formatFixed(12345.6789), std::string("12345.678900"));
    }

    void badInputIsAnError()
    {
        auto c = sample();
        c.audioToFrame.pop_back();
        try {
            AlignmentExport e(c);
            QFAIL("expected an Error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("test-7") != std::string::npos, e.what());
        }
        c = sample();
        c.argmaxFrame = 3;
        QVERIFY_THROWS_EXCEPTION(Error, AlignmentExport{c});
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestAlignmentExport)
#include "tst_AlignmentExport.moc"
