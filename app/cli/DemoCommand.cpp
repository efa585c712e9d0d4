#include "DemoCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "ShippedConfigs.h"
#include "base/Error.h"
#include "demo/DemoPipeline.h"
#include "demo/DemoRecipe.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#include <filesystem>

namespace soundframe {

QString DemoCommand::guiExecutable()
{
    const QString fromEnv = qEnvironmentVariable("SOUNDFRAME_GUI");
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isExecutable() ? fromEnv : QString();
    // /proc/self/exe: the folder of the running binary even without a QCoreApplication (tests).
    const QDir dir = QFileInfo(QFileInfo("/proc/self/exe").symLinkTarget()).absoluteDir();
    for (const QString& candidate : {dir.filePath("soundframe"), dir.filePath("gui/soundframe")})
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    return {};
}

int DemoCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli demo [--out DIR] [--full] [--seed S] [options]",
                         "Builds the demo world (real sounds and pictures from Debian packages composed into "
                         "videos), trains the stand-in image-text model (stage 0), pretrains the audio encoder on "
                         "the training clips' labels (audio tagging), runs stage 1 with Random, Nearest and "
                         "Multiframe matching, stage 2 from each and from the tagged encoder alone, evaluates every "
                         "run, indexes every sound the packages ship with the stage-2 run that did best on the "
                         "validation split (OUT/index, for `search` and the app's Query view) and writes a "
                         "report folder (summary.md, results.json, alignment, search, charts, clip lists). Re-running continues where an earlier run stopped. On a machine busy with other work, "
                         "--threads 1 (or OMP_NUM_THREADS=1) avoids LibTorch's threads fighting over the cores.", {false, ProgressPrinter::Mode::Bar});
    const QCommandLineOption out("out", "Output folder (default: ./demo-out).", "DIR", "demo-out");
    const QCommandLineOption full("full", "The recipe demo-full: train longer, at two stage-1 lengths, over seeds 1, 2 "
                                          "and 3, and report mean ± std.");
    const QCommandLineOption recipe("recipe", "A recipe: a JSON file, or the name of one shipped "
                                              "(resources/recipes: " + ShippedConfigs::names(ShippedConfigs::DemoRecipe).join(", ")
                                              + "); it overrides only the settings it names.", "NAME|FILE");
    const QCommandLineOption seed("seed", "Train with this seed only (default: the recipe's seeds; the quick demo's is 1).",
                                  "S");
    const QCommandLineOption epochs("epochs", "Epochs of every stage-1 and stage-2 run (overrides the default).",
                                    "N");
    const QCommandLineOption searchEpochs(
        "search-epochs", "The search model: a stage 2 of its own this long (from Multiframe); 0 (default): the "
                         "comparison's stage-2 run with the best validation text->audio R@10.", "N");
    const QCommandLineOption noIndex("no-index", "Build no search index (and no search model).");
    const QCommandLineOption noOpen("no-open", "Do not start the app afterwards.");
    parser.addOptions({out, full, recipe, seed, epochs, searchEpochs, noIndex, noOpen});
    if (auto code = common.parse(arguments, io))
        return *code;

    if (parser.isSet(full) && parser.isSet(recipe))
        return common.usageError("--full is the recipe demo-full: give one of --full and --recipe", io);
    DemoPipelineParams params;
    if (parser.isSet(full) || parser.isSet(recipe)) {
        const QString name = parser.isSet(full) ? QString("demo-full") : parser.value(recipe);
        ShippedConfigs::Text text;
        try {
            text = ShippedConfigs::resolve(ShippedConfigs::DemoRecipe, name);
        } catch (const Error& e) {
            return common.usageError(QString("--recipe: ") + e.what(), io);
        }
        DemoRecipe::apply(params, text.json, text.where);
    }
    params.outDir = argumentPath(parser.value(out));
    if (parser.isSet("threads"))
        params.threads = parser.value("threads").toInt();
    if (parser.isSet(seed)) {
        bool ok = false;
        const int s = parser.value(seed).toInt(&ok);
        if (!ok)
            return common.usageError("--seed takes a whole number", io);
        params.seeds = {s};
    }
    if (parser.isSet(epochs)) {
        bool ok = false;
        const int n = parser.value(epochs).toInt(&ok);
        if (!ok || n < 1)
            return common.usageError("--epochs takes a positive whole number", io);
        params.stage1Epochs = params.stage2Epochs = n;
    }
    if (parser.isSet(searchEpochs)) {
        bool ok = false;
        const int n = parser.value(searchEpochs).toInt(&ok);
        if (!ok || n < 0)
            return common.usageError("--search-epochs takes a whole number, 0 or more", io);
        params.searchEpochs = n;
    }
    if (parser.isSet(noIndex))
        params.searchIndex = false;
    const QString gui = guiExecutable();
    if (!gui.isEmpty())
        params.renderCharts = [gui](const std::filesystem::path& reportDir) -> std::string {
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert("QT_QPA_PLATFORM", "offscreen");
            process.setProcessEnvironment(env);
            process.start(gui, {"--render-charts", QString::fromStdString(reportDir.string())});
            if (!process.waitForFinished(120000)) {
                process.kill();
                process.waitForFinished(5000);
                return "charts not drawn: " + gui.toStdString() + " --render-charts did not finish";
            }
            if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
                return "charts not drawn: " + gui.toStdString() + " --render-charts failed: "
                       + QString::fromLocal8Bit(process.readAllStandardError()).trimmed().toStdString();
            return {};
        };

    InterruptFlag interrupt;
    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    DemoPipelineResult result;
    try {
        result = DemoPipeline(params).run(hooks);
    } catch (const Error&) {
        printer.finish();
        throw;
    }
    printer.finish();
    if (!result.completed) {
        io.err << "interrupted: finished steps are kept in " << params.outDir.string()
               << "; run the same command again to continue\n";
        return ExitFailure;
    }
    io.out << result.summaryMarkdown << "\n"
           << "pipeline: " << result.stepsRun.size() << " steps run, " << result.stepsSkipped.size()
           << " found done; " << result.seconds << " s wall, peak memory " << result.peakRssKb / 1024 << " MiB\n"
           << "report: " << std::filesystem::absolute(result.reportDir).string() << "\n";

    const bool display = !qEnvironmentVariable("DISPLAY").isEmpty() || !qEnvironmentVariable("WAYLAND_DISPLAY").isEmpty();
    if (display && !parser.isSet(noOpen)) {
        if (gui.isEmpty())
            io.out << "the app (soundframe) was not found next to soundframe-cli; open the report above\n";
        else if (QProcess::startDetached(gui, {"--project", QString::fromStdString(std::filesystem::absolute(params.outDir).string())}))
            io.out << "opened the app on " << params.outDir.string() << "\n";
        else
            io.out << "could not start " << gui.toStdString() << "; open the report above\n";
    }
    return ExitSuccess;
}

} // namespace soundframe
