#pragma once
// ProgressPrinter: shows a core job's progress on the terminal, or as JSON lines for scripts and
// the desktop app.
//
//   ProgressPrinter printer(std::cerr, ProgressPrinter::parseMode("bar"));
//   hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
//   ...
//   printer.finish();
//
// "bar": one line redrawn in place (done/total, rate, ETA), at most 10 times a second — on a
//        terminal. Elsewhere (a log file, a pipe) carriage returns would pile up into one huge line,
//        so the same figures go out as plain lines: a stage's first update, then every 10 s, and its end.
// "jsonl": {"stage":..,"done":..,"total":..,"elapsed_s":..,"eta_s":..,"message":..} per update.
// "none": silent. Called from the job's thread only.
#include "base/JobHooks.h"

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace soundframe {

class ProgressPrinter {
public:
    enum class Mode { Bar, JsonLines, None };
    // nullopt for an unknown name.
    static std::optional<Mode> parseMode(const std::string& name);

    // `terminal`: whether `out` shows on a terminal (the commands print to standard error).
    ProgressPrinter(std::ostream& out, Mode mode, bool terminal = standardErrorIsTerminal());
    static bool standardErrorIsTerminal();
    void print(const JobProgress& progress);
    void finish();  // ends the bar's line

private:
    using Clock = std::chrono::steady_clock;
    std::ostream& m_out;
    Mode m_mode;
    bool m_plainLines;            // "bar" away from a terminal
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_lastDraw;
    int64_t m_firstDone = -1;
    std::string m_stage;          // the stage m_start and m_firstDone belong to
    bool m_drawn = false;
};

} // namespace soundframe
