#include "CommonOptions.h"

#include "base/ComputeThreads.h"

#include <QRegularExpression>

namespace soundframe {

namespace {
QString modeName(ProgressPrinter::Mode mode)
{
    switch (mode) {
    case ProgressPrinter::Mode::Bar: return "bar";
    case ProgressPrinter::Mode::JsonLines: return "jsonl";
    case ProgressPrinter::Mode::None: break;
    }
    return "none";
}
} // namespace

CommonOptions::CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description)
    : CommonOptions(parser, usage, description, Extras())
{
}

CommonOptions::CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description, Extras extras)
    : m_parser(parser),
      m_usage(usage),
      m_help(QStringList{"h", "help"}, "Show this help."),
      m_threads("threads", "Compute threads for LibTorch (default: all cores).", "N", "0"),
      m_device("device", "cpu, cuda, cuda:N or auto (CUDA when present, else CPU).", "DEVICE"),
      m_progress("progress", "Progress on standard error: bar (plain periodic lines when standard error is not a "
                             "terminal), jsonl (one JSON object per line) or none (default: " +
                                 modeName(extras.progress.value_or(ProgressPrinter::Mode::None)) + ").",
                 "MODE"),
      m_extras(extras)
{
    m_parser.setApplicationDescription(description);
    m_parser.addOption(m_help);
    m_parser.addOption(m_threads);
    if (m_extras.device)
        m_parser.addOption(m_device);
    if (m_extras.progress)
        m_parser.addOption(m_progress);
}

std::optional<int> CommonOptions::parse(const QStringList& arguments, CliStreams& io)
{
    // QCommandLineParser expects the program name first.
    if (!m_parser.parse(QStringList{m_usage.section(' ', 0, 0)} + arguments))
        return usageError(m_parser.errorText(), io);
    if (m_parser.isSet(m_help)) {
        io.out << "Usage: " << m_usage.toStdString() << "\n"
               << m_parser.helpText().section('\n', 1).toStdString();
        return int(ExitSuccess);
    }
    bool ok = false;
    const int threads = m_parser.value(m_threads).toInt(&ok);
    if (!ok || threads < 0)
        return usageError("--threads takes a whole number >= 0", io);
    setComputeThreads(threads);
    if (m_extras.device && m_parser.isSet(m_device)
        && !QRegularExpression("^(cpu|auto|cuda(:[0-9]+)?)$").match(m_parser.value(m_device)).hasMatch())
        return usageError("--device takes cpu, cuda, cuda:N or auto, not '" + m_parser.value(m_device) + "'", io);
    if (m_extras.progress) {
        m_progressMode = *m_extras.progress;
        if (m_parser.isSet(m_progress)) {
            const auto mode = ProgressPrinter::parseMode(m_parser.value(m_progress).toStdString());
            if (!mode)
                return usageError("--progress takes bar, jsonl or none", io);
            m_progressMode = *mode;
        }
    }
    return std::nullopt;
}

std::string CommonOptions::device(const std::string& fallback) const
{
    return m_extras.device && m_parser.isSet(m_device) ? m_parser.value(m_device).toStdString() : fallback;
}

int CommonOptions::usageError(const QString& message, CliStreams& io) const
{
    io.err << "error: " << message.toStdString() << "\n"
           << "Usage: " << m_usage.toStdString() << "\n"
           << "Run with --help for the options.\n";
    return ExitUsage;
}

} // namespace soundframe
