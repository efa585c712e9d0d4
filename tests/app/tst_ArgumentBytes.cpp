// decodeArgument / argumentBytes: every byte string survives the round trip; well-formed UTF-8 is
// ordinary text; an escaped byte is never confused with half of a real character.
#include "cli/ArgumentBytes.h"

#include <QRandomGenerator>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestArgumentBytes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wellFormedUtf8IsText()
    {
        for (const char* text : {"", "clip.wav", "/data/été/ünï.mp4", "音声.flac", "\xF0\x9F\x93\xA9 mail.wav"}) {
            QCOMPARE(decodeArgument(text), QString::fromUtf8(text));
            QCOMPARE(argumentBytes(QString::fromUtf8(text)), std::string(text));
        }
    }

    void strayBytesAreKept()
    {
        const std::string latin1 = "lat\xe9.wav";
        const auto text = decodeArgument(latin1);
        QCOMPARE(text.size(), 8);
        QCOMPARE(text.at(3).unicode(), char16_t(0xDCE9));
        QCOMPARE(argumentBytes(text), latin1);
        // U+1F4E9 is the surrogate pair D83D DCE9: its low half looks like the escape of 0xE9.
        const auto mixed = QString::fromUtf8("\xF0\x9F\x93\xA9") + decodeArgument("\xe9");
        QCOMPARE(argumentBytes(mixed), std::string("\xF0\x9F\x93\xA9\xe9"));
        // The UTF-8 form of a surrogate is not well-formed: its three bytes are kept one by one.
        QCOMPARE(decodeArgument("\xED\xB3\xA9").size(), 3);
        QCOMPARE(argumentBytes(decodeArgument("\xED\xB3\xA9")), std::string("\xED\xB3\xA9"));
        // A truncated sequence followed by ASCII.
        QCOMPARE(argumentBytes(decodeArgument("a\xE2\x82z")), std::string("a\xE2\x82z"));
    }

    void randomBytesRoundTrip()
    {
        QRandomGenerator rng(7);
        for (int round = 0; round < 20000; ++round) {
            std::string bytes(rng.bounded(1, 12), '\0');
            for (auto& b : bytes)  // mostly high bytes, so that well-formed sequences occur too
                b = char(rng.bounded(4) == 0 ? rng.bounded(1, 0x80) : rng.bounded(0x80, 0x100));
            QCOMPARE(argumentBytes(decodeArgument(bytes)), bytes);
        }
    }

    void decodesArgv()
    {
        const char* argv[] = {"soundframe-cli", "probe", "x\xff.wav"};
        const auto arguments = decodeArguments(3, argv);
        QCOMPARE(arguments.size(), 3);
        QCOMPARE(arguments.at(1), QString("probe"));
        QCOMPARE(argumentPath(arguments.at(2)).native(), std::string("x\xff.wav"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestArgumentBytes)
#include "tst_ArgumentBytes.moc"
