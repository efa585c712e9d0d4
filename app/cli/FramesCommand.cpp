#include "FramesCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "base/Error.h"
#include "media/ImageFile.h"
#include "media/VideoFrameReader.h"

#include <cmath>
#include <filesystem>
#include <system_error>

namespace soundframe {

QString FramesCommand::fileName(int index, double seconds)
{
    return QString("frame_%1_%2.png").arg(index, 3, 10, QChar('0')).arg(seconds, 0, 'f', 3);
}

int FramesCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli frames VIDEO (--times T1,T2,... | --fps F) --out DIR",
                         "Write the frames of VIDEO at the given times (seconds from the start of the file) "
                         "as PNG files, each the frame `ffmpeg -ss T -i VIDEO -frames:v 1` shows.");
    parser.addPositionalArgument("VIDEO", "The video file.");
    const QCommandLineOption timesOption("times", "Comma-separated times in seconds, e.g. 0.5,1.5.", "T1,T2,...");
    const QCommandLineOption fpsOption("fps", "Instead of --times: F frames per second, at S + k/F.", "F");
    const QCommandLineOption startOption("start", "With --fps: first time S in seconds (default 0).", "S", "0");
    const QCommandLineOption endOption("end", "With --fps: times stay below E seconds (default: the duration).", "E");
    const QCommandLineOption sizeOption("size", "Square frames of N x N pixels (shorter side to N, centre crop); "
                                                "0 keeps the video's size (default).", "N", "0");
    const QCommandLineOption outOption("out", "Folder for the PNG files (created if missing).", "DIR");
    const QCommandLineOption decoderThreadsOption("decoder-threads", "FFmpeg decoder threads (default 1; 0 = auto).",
                                                  "N", "1");
    parser.addOptions({timesOption, fpsOption, startOption, endOption, sizeOption, outOption, decoderThreadsOption});
    if (auto code = common.parse(arguments, io))
        return *code;

    if (parser.positionalArguments().size() != 1)
        return common.usageError("expected exactly one VIDEO", io);
    if (parser.isSet(timesOption) == parser.isSet(fpsOption))
        return common.usageError("give either --times or --fps", io);
    if (!parser.isSet(outOption) || parser.value(outOption).isEmpty())
        return common.usageError("--out DIR is required", io);
    bool ok = false;
    const int size = parser.value(sizeOption).toInt(&ok);
    if (!ok || size < 0)
        return common.usageError("--size takes a whole number >= 0", io);
    VideoFrameReaderOptions options;
    options.decoderThreads = parser.value(decoderThreadsOption).toInt(&ok);
    if (!ok || options.decoderThreads < 0)
        return common.usageError("--decoder-threads takes a whole number >= 0", io);

    std::vector<double> times;
    if (parser.isSet(timesOption)) {
        for (const QString& item : parser.value(timesOption).split(',', Qt::SkipEmptyParts)) {
            const double t = item.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(t) || t < 0)
                return common.usageError("--times takes seconds >= 0, got '" + item + "'", io);
            times.push_back(t);
        }
        if (times.empty())
            return common.usageError("--times lists no time", io);
    }
    double fps = 0, start = 0, end = -1;
    if (parser.isSet(fpsOption)) {
        fps = parser.value(fpsOption).toDouble(&ok);
        if (!ok || !(fps > 0) || !std::isfinite(fps))
            return common.usageError("--fps takes a number > 0", io);
        start = parser.value(startOption).toDouble(&ok);
        if (!ok || !(start >= 0))
            return common.usageError("--start takes seconds >= 0", io);
        if (parser.isSet(endOption)) {
            end = parser.value(endOption).toDouble(&ok);
            if (!ok || !(end > start))
                return common.usageError("--end takes seconds greater than --start", io);
        }
    } else if (parser.isSet(startOption) || parser.isSet(endOption)) {
        return common.usageError("--start and --end go with --fps", io);
    }

    const std::filesystem::path video = argumentPath(parser.positionalArguments().first());
    VideoFrameReader reader(video, options);
    if (fps > 0) {
        if (end < 0)
            end = reader.durationSeconds();
        if (end <= 0)
            throw Error(video, "duration unknown: give --end");
        // k/F from an integer k: no drift from adding 1/F repeatedly.
        for (long k = 0;; ++k) {
            const double t = start + double(k) / fps;
            if (t >= end)
                break;
            times.push_back(t);
        }
        if (times.empty())
            return common.usageError("--start lies past the end of the video", io);
    }

    const std::filesystem::path folder = argumentPath(parser.value(outOption));
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(folder, "cannot create the folder: " + error.message());
    const auto frames = reader.framesAt(times, size);
    for (size_t i = 0; i < frames.size(); ++i) {
        const auto file = folder / fileName(int(i), times[i]).toStdString();
        writePng(frames[i], file);
        io.out << file.string() << "\n";
    }
    return ExitSuccess;
}

} // namespace soundframe
