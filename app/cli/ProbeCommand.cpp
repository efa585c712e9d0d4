#include "ProbeCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "media/MediaProbe.h"

namespace soundframe {

int ProbeCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli probe FILE",
                         "Print a media file's container format, duration and streams as JSON.");
    parser.addPositionalArgument("FILE", "The media file (video, audio or image).");
    if (auto code = common.parse(arguments, io))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return common.usageError("expected exactly one FILE", io);
    io.out << mediaInfoToJson(probeMedia(argumentPath(parser.positionalArguments().first())));
    return ExitSuccess;
}

} // namespace soundframe
