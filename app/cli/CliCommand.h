#pragma once
// CliCommand: one `soundframe-cli <name>` command.
//
// A command parses its own arguments (QCommandLineParser over a QStringList, no event loop),
// does its work through the core, writes results to `out` and diagnostics to `err`, and
// returns an ExitCode. Commands never call exit(), so tests run them in-process.
#include <QStringList>

#include <ostream>
#include <string>

namespace soundframe {

enum ExitCode : int { ExitSuccess = 0, ExitFailure = 1, ExitUsage = 2 };

struct CliStreams {
    std::ostream& out;  // results (JSON, tables)
    std::ostream& err;  // progress, warnings, errors
};

class CliCommand {
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;  // one line for `soundframe-cli --help`
    // `arguments` excludes the program and command names.
    virtual int run(const QStringList& arguments, CliStreams& io) = 0;
};

} // namespace soundframe
