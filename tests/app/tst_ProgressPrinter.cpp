// ProgressPrinter: JSON lines carry the stage, counts, elapsed time and ETA; each stage (the demo
// sends several jobs through one printer) restarts the clock and the rate; None prints nothing.
#include "cli/ProgressPrinter.h"

#include <nlohmann/json.hpp>

#include <QtTest>

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

    void noneModePrintsNothing()
    {
        std::ostringstream out;
        ProgressPrinter printer(out, ProgressPrinter::Mode::None);
        printer.print({"stage", 1, 2, ""});
        printer.finish();
        QVERIFY(out.str().empty());
    }
};

QTEST_GUILESS_MAIN(TestProgressPrinter)
#include "tst_ProgressPrinter.moc"
