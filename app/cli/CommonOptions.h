#pragma once
// Options every command shares (--help, --threads) and those a command opts into (--device,
// --progress), each defined here once with one help text and one rule, added to and read from a
// command's parser.
//
//   QCommandLineParser parser;
//   CommonOptions common(parser, "soundframe-cli index build ...", "Index a folder.",
//                        {/*device=*/true, /*progress=*/ProgressPrinter::Mode::Bar});
//   parser.addPositionalArgument(...);
//   if (auto code = common.parse(arguments, io)) return *code;   // usage error or --help
//   ProgressPrinter printer(io.err, common.progress());             // progress always on stderr
#include "CliCommand.h"
#include "ProgressPrinter.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>
#include <string>

namespace soundframe {

class CommonOptions {
public:
    // What a command takes beyond --help and --threads.
    struct Extras {
        bool device = false;                             // --device cpu|cuda|cuda:N|auto
        std::optional<ProgressPrinter::Mode> progress;   // --progress, with this default
    };

    CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description);
    CommonOptions(QCommandLineParser& parser, const QString& usage, const QString& description, Extras extras);

    // Parses `arguments`; on --help prints help and returns ExitSuccess, on a usage error
    // prints it with the help and returns ExitUsage; otherwise applies --threads and returns
    // nullopt so the command goes on. --device and --progress are checked here too.
    std::optional<int> parse(const QStringList& arguments, CliStreams& io);
    // --device as given, else `fallback` (a run's config keeps its own device unless --device is given).
    std::string device(const std::string& fallback = "cpu") const;
    // --progress as given, else the command's default; printed on standard error by every command.
    ProgressPrinter::Mode progress() const { return m_progressMode; }
    // Prints `message` and the help text, returns ExitUsage: for a command's own checks.
    int usageError(const QString& message, CliStreams& io) const;

private:
    QCommandLineParser& m_parser;
    QString m_usage;
    QCommandLineOption m_help;
    QCommandLineOption m_threads;
    QCommandLineOption m_device;
    QCommandLineOption m_progress;
    Extras m_extras;
    ProgressPrinter::Mode m_progressMode = ProgressPrinter::Mode::None;
};

} // namespace soundframe
