#pragma once
// Options every command shares (--help, --threads), added to and read from a command's parser.
//
//   QCommandLineParser parser;
//   CommonOptions common(parser, "soundframe-cli probe FILE", "Print a media file's streams.");
//   parser.addPositionalArgument(...);
//   if (auto code = common.parse(arguments, io)) return *code;   // usage error or --help
#include "CliCommand.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace soundframe {

class CommonOptions {
public:
    CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description);

    // Parses `arguments`; on --help prints help and returns ExitSuccess, on a usage error
    // prints it with the help and returns ExitUsage; otherwise applies --threads and returns
    // nullopt so the command goes on.
    std::optional<int> parse(const QStringList& arguments, CliStreams& io);
    // Prints `message` and the help text, returns ExitUsage: for a command's own checks.
    int usageError(const QString& message, CliStreams& io) const;

private:
    QCommandLineParser& m_parser;
    QString m_usage;
    QCommandLineOption m_help;
    QCommandLineOption m_threads;
};

} // namespace soundframe
