// ProgressPrinter: JSON lines carry the stage, counts, elapsed time and ETA; each stage (the demo
// sends several jobs through one printer) restarts the clock and the rate; None prints nothing; the
// bar redraws one line with carriage returns on a terminal and prints plain lines elsewhere.
#include "cli/ProgressPrinter.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include "TestRegistry.h"

#include <sstream>
#include <thread>

using namespace soundframe;

namespace {
std::vector<nlohmann::json> lines(const std::string& text)
{
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        out.push_back(nlohmann::json::parse(line));
    return out;
}
} // namespace

class TestProgressPrinter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonLinesRestartTheClockForEachStage()
    {
        std::ostringstream out;
        ProgressPrinter printer(out, ProgressPrinter::Mode::JsonLines);
        printer.print({"first", 1, 4, "a"});
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        printer.print({"first", 2, 4, "b"});
        printer.print({"second", 1, 10, ""});
        const auto j = lines(out.str());
        QCOMPARE(int(j.size()), 3);
        QCOMPARE(j[1]["stage"].get<std::string>(), std::string("first"));
        QCOMPARE(j[1]["done"].get<int>(), 2);
        QCOMPARE(j[1]["total"].get<int>(), 4);
        QCOMPARE(j[1]["message"].get<std::string>(), std::string("b"));
        QVERIFY(j[1]["elapsed_s"].get<double>() >= 0.29);
        // Two items left at about one per 0.3 s.
        QVERIFY(j[1]["eta_s"].get<double>() > 0.2 && j[1]["eta_s"].get<double>() < 5.0);
        // The second stage did not inherit the first one's 0.3 s.
        QVERIFY(j[2]["elapsed_s"].get<double>() < 0.25);
    }

    void barIsPlainLinesAwayFromATerminal()
    {
        std::ostringstream file;
        ProgressPrinter plain(file, ProgressPrinter::Mode::Bar, /*terminal=*/false);
        for (int done = 1; done <= 50; ++done)
            plain.print({"train", done, 50, ""});
        plain.print({"eval", 1, 1, ""});
        plain.finish();
        // The first update and the last of each stage (the 10-s interval never passed), each a line.
        QCOMPARE(QString::fromStdString(file.str()).count('\n'), 3);
        QVERIFY(file.str().find('\r') == std::string::npos);
        QVERIFY(file.str().rfind("train 1/50", 0) == 0);
        QVERIFY(file.str().find("train 50/50") != std::string::npos);

        std::ostringstream terminal;
        ProgressPrinter bar(terminal, ProgressPrinter::Mode::Bar, /*terminal=*/true);
        bar.print({"train", 1, 2, ""});
        bar.print({"train", 2, 2, ""});
        bar.finish();
        QVERIFY(terminal.str().find('\r') != std::string::npos);
        QCOMPARE(QString::fromStdString(terminal.str()).count('\n'), 1);  // finish ends the bar's line
    }

    void noneModePrintsNothing()
    {
        std::ostringstream out;
        ProgressPrinter printer(out, ProgressPrinter::Mode::None);
        printer.print({"stage", 1, 2, ""});
        printer.finish();
        QVERIFY(out.str().empty());
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestProgressPrinter)
#include "tst_ProgressPrinter.moc"
