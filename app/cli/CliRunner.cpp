#include "CliRunner.h"

#include "CliCommand.h"
#include "DemoCommand.h"
#include "DemoWorldCommand.h"
#include "EmbedCommand.h"
#include "EvalCommand.h"
#include "FramesCommand.h"
#include "IndexCommand.h"
#include "PrepareCommand.h"
#include "ProbeCommand.h"
#include "SearchCommand.h"
#include "TrainClipCommand.h"
#include "TrainCommand.h"
#include "base/ComputeThreads.h"
#include "base/Error.h"
#include "media/LibraryVersions.h"

#include <QtGlobal>

extern "C" {
#include <libavutil/log.h>
}

#include <memory>
#include <vector>

namespace soundframe {

namespace {
std::vector<std::unique_ptr<CliCommand>> allCommands()
{
    std::vector<std::unique_ptr<CliCommand>> commands;
    commands.push_back(std::make_unique<ProbeCommand>());
    commands.push_back(std::make_unique<FramesCommand>());
    commands.push_back(std::make_unique<PrepareCommand>());
    commands.push_back(std::make_unique<TrainClipCommand>());
    commands.push_back(std::make_unique<EmbedCommand>());
    commands.push_back(std::make_unique<TrainCommand>(TrainStage::Tag));
    commands.push_back(std::make_unique<TrainCommand>(TrainStage::Pretrain));
    commands.push_back(std::make_unique<TrainCommand>(TrainStage::Finetune));
    commands.push_back(std::make_unique<EvalCommand>());
    commands.push_back(std::make_unique<IndexCommand>());
    commands.push_back(std::make_unique<SearchCommand>());
    commands.push_back(std::make_unique<DemoWorldCommand>());
    commands.push_back(std::make_unique<DemoCommand>());
    return commands;
}

void printOverview(const std::vector<std::unique_ptr<CliCommand>>& commands, std::ostream& out)
{
    out << "Usage: soundframe-cli COMMAND [options]\n\n"
           "SoundFrame: audio-text retrieval learned from video through a frozen image-text model.\n\n"
           "Commands:\n";
    for (const auto& c : commands)
        out << "  " << c->name().leftJustified(12).toStdString() << " " << c->summary().toStdString() << "\n";
    out << "\nRun 'soundframe-cli COMMAND --help' for a command's options.\n"
           "Exit codes: 0 success, 1 failure, 2 usage error.\n";
}
} // namespace

int runCli(const QStringList& arguments, std::ostream& out, std::ostream& err)
{
    const auto commands = allCommands();
    if (arguments.size() < 2) {
        printOverview(commands, err);
        return ExitUsage;
    }
    const QString name = arguments.at(1);
    if (name == "--help" || name == "-h" || name == "help") {
        printOverview(commands, out);
        return ExitSuccess;
    }
    if (name == "--version") {
        out << "soundframe-cli " << SOUNDFRAME_VERSION << "\nQt " << qVersion() << "\n";
        for (const auto& [library, version] : libraryVersions())
            out << library << " " << version << "\n";
        return ExitSuccess;
    }
    for (const auto& command : commands) {
        if (command->name() != name)
            continue;
        // Before any tensor work: all cores unless the command's --threads says otherwise.
        setComputeThreads(0);
        // FFmpeg's own lines (libx264's banner, AAC statistics, decoder warnings about damaged
        // files) would drown the commands' messages; our errors name the file and the problem.
        if (av_log_get_level() > AV_LOG_ERROR)
            av_log_set_level(AV_LOG_ERROR);
        CliStreams io{out, err};
        try {
            return command->run(arguments.mid(2), io);
        } catch (const Error& e) {
            err << "error: " << e.what() << "\n";
            return ExitFailure;
        } catch (const std::exception& e) {
            err << "error: " << e.what() << "\n";
            return ExitFailure;
        }
    }
    err << "error: unknown command '" << name.toStdString() << "'\n\n";
    printOverview(commands, err);
    return ExitUsage;
}

} // namespace soundframe
