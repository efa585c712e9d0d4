// utf8::firstInvalid against Python's strict UTF-8 decoder, on hand-picked edge cases and on
// random byte strings biased towards multi-byte sequences.
#include "TestSupport.h"
#include "base/Utf8.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestUtf8 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void agreesWithPythonsDecoder()
    {
        std::vector<std::string> cases = {
            "", "plain ascii", "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xBF\xBF",
            "\xF4\x8F\xBF\xBF",          // U+10FFFF, the last code point
            "\xF4\x90\x80\x80",          // above U+10FFFF
            "\xC0\xAF", "\xC1\xBF",      // overlong two-byte forms
            "\xE0\x80\xAF", "\xF0\x80\x80\xAF",  // overlong three and four bytes
            "\xED\xA0\x80", "\xED\xBF\xBF",      // UTF-16 surrogates
            "\xED\x9F\xBF",              // just below the surrogates
            "ok\x80", "\xBF", "\xFE", "\xFF", "abc\xE2\x82", "\xE2\x28\xA1", "\xF0\x9F\x98",
            "x\xC3", "\xC3\xA9\xC3",
        };
        QRandomGenerator rng(1234);
        const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2,
                                             0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
        for (int i = 0; i < 2000; ++i) {
            std::string s;
            const int n = int(rng.bounded(1, 7));
            for (int k = 0; k < n; ++k)
                s += char(rng.bounded(2) ? interesting[rng.bounded(int(sizeof interesting))] : rng.bounded(256));
            cases.push_back(s);
        }
        QByteArray input;
        for (const auto& c : cases)
            input += (c.empty() ? QByteArray("-") : QByteArray::fromStdString(c).toHex()) + "\n";
        QTemporaryDir dir;
        QVERIFY(test::writeBytes(dir.filePath("in.txt"), input));
        // The script reads stdin; run it through a shell redirection to keep TestSupport unchanged.
        const auto r = test::runTool("/bin/sh", {"-c", QString("'%1' '%2/utf8_reference.py' < '%3'")
                                                           .arg(SOUNDFRAME_PYTHON3, test::scriptsDir(),
                                                                dir.filePath("in.txt"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        const auto lines = r.stdoutBytes.trimmed().split('\n');
        QCOMPARE(lines.size(), qsizetype(cases.size()));
        int invalid = 0;
        for (size_t i = 0; i < cases.size(); ++i) {
            const long long want = lines[qsizetype(i)].trimmed().toLongLong();
            const size_t got = utf8::firstInvalid(cases[i]);
            const long long gotSigned = got == std::string_view::npos ? -1 : (long long)got;
            QVERIFY2(gotSigned == want, qPrintable(QString("case %1 (%2): ours %3, Python %4")
                                                       .arg(i)
                                                       .arg(QString(QByteArray::fromStdString(cases[i]).toHex()))
                                                       .arg(gotSigned)
                                                       .arg(want)));
            invalid += want >= 0;
            QCOMPARE(utf8::isValid(cases[i]), want < 0);
        }
        QVERIFY(invalid > 100 && invalid < int(cases.size()) - 100);  // both kinds well represented
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestUtf8)
#include "tst_Utf8.moc"
