#include "ProgressPrinter.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include <unistd.h>

namespace soundframe {

std::optional<ProgressPrinter::Mode> ProgressPrinter::parseMode(const std::string& name)
{
    if (name == "bar")
        return Mode::Bar;
    if (name == "jsonl")
        return Mode::JsonLines;
    if (name == "none")
        return Mode::None;
    return std::nullopt;
}

ProgressPrinter::ProgressPrinter(std::ostream& out, Mode mode, bool terminal)
    : m_out(out), m_mode(mode), m_plainLines(mode == Mode::Bar && !terminal)
{
}

bool ProgressPrinter::standardErrorIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

void ProgressPrinter::print(const JobProgress& p)
{
    if (m_mode == Mode::None)
        return;
    const auto now = Clock::now();
    // A new stage (the demo runs several jobs through one printer): its own clock, rate and bar.
    if (p.stage != m_stage) {
        if (m_mode == Mode::Bar && m_drawn && !m_plainLines)
            m_out << "\n";
        m_stage = p.stage;
        m_start = now;
        m_firstDone = -1;
        m_drawn = false;
    }
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    // Items resumed from an earlier run finish instantly; the rate counts only this run's work.
    if (m_firstDone < 0)
        m_firstDone = p.done > 0 ? p.done - 1 : 0;
    const double rate = elapsed > 0 ? double(p.done - m_firstDone) / elapsed : 0.0;
    const double eta = (rate > 0 && p.total > p.done) ? double(p.total - p.done) / rate : 0.0;

    if (m_mode == Mode::JsonLines) {
        m_out << nlohmann::json{{"stage", p.stage}, {"done", p.done}, {"total", p.total},
                                {"elapsed_s", elapsed}, {"eta_s", eta}, {"message", p.message}}.dump()
              << "\n" << std::flush;
        return;
    }
    const bool last = p.total > 0 && p.done >= p.total;
    if (m_plainLines) {
        if (m_drawn && !last && now - m_lastDraw < std::chrono::seconds(10))
            return;
        m_lastDraw = now;
        m_drawn = true;
        char line[160];
        std::snprintf(line, sizeof line, "%s %lld/%lld  %.1f/s  ETA %ds\n", p.stage.c_str(), (long long)p.done,
                      (long long)p.total, rate, int(eta));
        m_out << line << std::flush;
        return;
    }
    if (m_drawn && !last && now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = now;
    m_drawn = true;
    constexpr int kWidth = 30;
    const int filled = p.total > 0 ? int(kWidth * double(p.done) / double(p.total)) : 0;
    char line[160];
    std::snprintf(line, sizeof line, "\r%s [%-*s] %lld/%lld  %.1f/s  ETA %ds   ", p.stage.c_str(), kWidth,
                  std::string(size_t(std::min(filled, kWidth)), '#').c_str(), (long long)p.done,
                  (long long)p.total, rate, int(eta));
    m_out << line << std::flush;
}

void ProgressPrinter::finish()
{
    if (m_mode == Mode::Bar && m_drawn && !m_plainLines)
        m_out << "\n";
    m_drawn = false;
}

} // namespace soundframe
