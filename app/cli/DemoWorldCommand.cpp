#include "DemoWorldCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "base/Error.h"
#include "demo/DemoSourceCatalog.h"
#include "demo/DemoWorldBuilder.h"

#include <filesystem>
#include <iomanip>

namespace soundframe {
namespace {
std::string commaSeparated(const std::vector<std::string>& items)
{
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ",") + item;
    return text;
}
} // namespace

int DemoWorldCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli demo-world --out DIR [--seed S]",
                         "Compose the demo world from the recordings and pictures of Debian's gcompris-qt-data, "
                         "wesnoth-1.16-data, sound-theme-freedesktop and tuxpaint-stamps-default: short videos with 1-4 sound events each, "
                         "captions, and ground truth (event times, frames showing each source).", {false, ProgressPrinter::Mode::Bar});
    const DemoWorldParams defaults;
    const QCommandLineOption out("out", "Folder of the world (created if missing).", "DIR");
    const QCommandLineOption seed("seed", "Seed: the same seed and options give the same world.", "S", "1");
    const QCommandLineOption clipsTrain("clips-train", "Clips in the train split.", "N",
                                        QString::number(defaults.clipsTrain));
    const QCommandLineOption clipsVal("clips-val", "Clips in the val split.", "N", QString::number(defaults.clipsVal));
    const QCommandLineOption clipsTest("clips-test", "Clips in the test split.", "N",
                                       QString::number(defaults.clipsTest));
    const QCommandLineOption clipSeconds("clip-seconds", "Length of each clip in seconds.", "S",
                                         QString::number(defaults.clipSeconds));
    const QCommandLineOption workers("workers", "Clips rendered in parallel.", "N", QString::number(defaults.threads));
    const QCommandLineOption packages("packages", "The Debian packages to compose from, comma-separated.", "LIST",
                                      QString::fromStdString(commaSeparated(defaults.packages)));
    const QCommandLineOption splitBy("split-by",
                                     "What the splits are disjoint by: 'recording' (no recording sounds in two splits) "
                                     "or 'clip' (splits share recordings, each clip is a new scene).",
                                     "KIND", QString::fromStdString(demoSplitByName(defaults.splitBy)));
    parser.addOptions({out, seed, clipsTrain, clipsVal, clipsTest, clipSeconds, workers, packages, splitBy});
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return common.usageError("demo-world takes no positional arguments", io);
    if (!parser.isSet(out) || parser.value(out).isEmpty())
        return common.usageError("--out DIR is required", io);

    DemoWorldParams params;
    bool ok[6];
    params.seed = parser.value(seed).toULongLong(&ok[0]);
    params.clipsTrain = parser.value(clipsTrain).toInt(&ok[1]);
    params.clipsVal = parser.value(clipsVal).toInt(&ok[2]);
    params.clipsTest = parser.value(clipsTest).toInt(&ok[3]);
    params.clipSeconds = parser.value(clipSeconds).toDouble(&ok[4]);
    params.threads = parser.value(workers).toInt(&ok[5]);
    for (bool b : ok)
        if (!b)
            return common.usageError("numeric options take numbers", io);
    if (params.clipsTrain < 1 || params.clipsVal < 0 || params.clipsTest < 0)
        return common.usageError("--clips-train takes a number >= 1, --clips-val and --clips-test >= 0", io);
    if (!(params.clipSeconds >= 1.0 && params.clipSeconds <= 60.0))
        return common.usageError("--clip-seconds takes 1 to 60", io);
    if (params.threads < 1)
        return common.usageError("--workers takes a number >= 1", io);
    params.packages.clear();
    for (const QString& package : parser.value(packages).split(',', Qt::SkipEmptyParts))
        params.packages.push_back(package.trimmed().toStdString());
    try {
        params.splitBy = parseDemoSplitBy(parser.value(splitBy).toStdString(), "demo-world options");
        params.validate("demo-world options");
    } catch (const Error& e) {
        return common.usageError(e.what(), io);
    }

    const std::filesystem::path folder = argumentPath(parser.value(out));
    const DemoSourceCatalog catalog = DemoSourceCatalog::discover({}, folder / "sources", params.packages);
    for (const auto& missing : catalog.missingPackages())
        io.err << "warning: " << missing << " is not installed; its sounds are left out "
               << "(apt-get install " << missing << ")\n";
    if (catalog.sources().empty()) {
        io.err << "error: none of " << commaSeparated(params.packages) << " is installed\n";
        return ExitFailure;
    }

    InterruptFlag interrupt;
    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    const DemoWorldSummary summary = DemoWorldBuilder(catalog, params).build(folder, hooks);
    printer.finish();

    io.out << "sources by package:\n";
    for (const auto& [package, count] : catalog.countsByPackage())
        io.out << "  " << package << ": " << count.classes << " classes, " << count.recordings << " recordings, "
               << count.pictures << " pictures\n";
    io.out << "classes: " << catalog.sources().size() << " (" << summary.classesPictured << " with pictures, "
           << summary.classesSharedTrainTest << " with recordings in both train and test); " << summary.recordingsUsed
           << " recordings and " << summary.picturesUsed << " pictures used, " << summary.skipped.size()
           << " left out\n";
    for (const auto& skipped : summary.skipped)
        io.err << "left out: " << skipped << "\n";
    if (summary.cancelled) {
        io.err << "interrupted: finished videos are kept; run the same command again to resume\n";
        return ExitFailure;
    }
    io.out << "clips: train " << summary.clipsPerSplit.at("train") << ", val " << summary.clipsPerSplit.at("val")
           << ", test " << summary.clipsPerSplit.at("test") << " (" << summary.videosWritten << " rendered, "
           << summary.videosSkipped << " already there), " << summary.videoCodec << " + aac, "
           << std::fixed << std::setprecision(1) << double(summary.videoBytes) / (1024.0 * 1024.0) << " MiB\n";
    io.out << "time: " << summary.seconds << " s\n";
    io.out << "world: " << (folder / "world.json").string() << ", manifests "
           << (folder / "manifest-{train,val,test}.jsonl").string() << "\n";
    return ExitSuccess;
}

} // namespace soundframe
