#include "CommonOptions.h"

#include "base/ComputeThreads.h"

namespace soundframe {

CommonOptions::CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description)
    : m_parser(parser),
      m_usage(usage),
      m_help(QStringList{"h", "help"}, "Show this help."),
      m_threads("threads", "Compute threads for LibTorch (default: all cores).", "N", "0")
{
    m_parser.setApplicationDescription(description);
    m_parser.addOption(m_help);
    m_parser.addOption(m_threads);
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
    return std::nullopt;
}

int CommonOptions::usageError(const QString& message, CliStreams& io) const
{
    io.err << "error: " << message.toStdString() << "\n"
           << "Usage: " << m_usage.toStdString() << "\n"
           << "Run with --help for the options.\n";
    return ExitUsage;
}

} // namespace soundframe
