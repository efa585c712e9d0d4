#include "EvalCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "ProgressPrinter.h"
#include "eval/Evaluator.h"

#include <fstream>
#include <sstream>

namespace soundframe {

namespace fs = std::filesystem;

int EvalCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser,
                         "soundframe-cli eval --cache DIR --model RUN_OR_ENCODER_DIR [--clip DIR] --out DIR",
                         "Evaluate a trained audio encoder on a prepared test cache: retrieval in four directions "
                         "(text<->audio needs --clip and captions), zero-shot classification from the clips' labels "
                         "(needs --clip; per fold with mean and std when the clips carry folds, e.g. ESC-50 or "
                         "UrbanSound8K), and per-clip alignment curves. Writes OUT/report.json, report.md, "
                         "clips.txt, files.txt, queries.jsonl (every retrieval query's rank and best items), zero_shot.csv, "
                         "zero_shot_confusion.csv, alignment.json, alignment.csv and alignment_summary.json (the curves' contrast and "
                         "spread over all clips and, when the manifest marks the frames that show a source, how often "
                         "the most similar frame shows one against the base rate); prints the Markdown table. With --export-alignment, also each clip's "
                         "alignment as an Audacity label track and Sonic Visualiser layers, with its audio "
                         "(docs/interop.md).", {true, ProgressPrinter::Mode::None});
    const QCommandLineOption cacheOpt("cache", "Prepared test cache.", "DIR");
    const QCommandLineOption modelOpt("model", "Run folder (uses RUN/audio-encoder) or audio encoder folder.", "DIR");
    const QCommandLineOption clipOpt("clip", "Image-text model folder (text tower + tokenizer).", "DIR");
    const QCommandLineOption outOpt("out", "Output folder.", "DIR");
    const QCommandLineOption promptOpt("prompt", "Zero-shot prompt template, '{}' = label (repeatable; default "
                                                 "\"the sound of a {}\").", "TEMPLATE");
    const QCommandLineOption promptsFileOpt("prompts-file", "Zero-shot prompt templates from a file, one per line, "
                                                            "'{}' = label (with --prompt: the file's first). Several "
                                                            "templates are averaged per class as CLIP does.", "FILE");
    const QCommandLineOption segmentOpt("segment-seconds", "Alignment segment length (default: the run's, else 1).", "S");
    const QCommandLineOption noAlignOpt("no-alignment", "Skip the alignment curves.");
    const QCommandLineOption exportOpt("export-alignment", "Also write, per clip, DIR/CLIP.labels.txt (Audacity label "
                                                           "track), CLIP.cosine.csv, CLIP.frames.csv, CLIP.pick.csv "
                                                           "(Sonic Visualiser layers) and CLIP.wav.", "DIR");
    const QCommandLineOption clipImageOpt("clip-image", "The image of a clip in audio<->image retrieval: middle (its "
                                                        "middle frame), mean (its frames averaged) or best (its most "
                                                        "similar frame).", "MODE", "middle");
    const QCommandLineOption topKOpt("query-top-k", "Best items kept per query in queries.jsonl (default 10).", "K", "10");
    for (const auto& o : {cacheOpt, modelOpt, clipOpt, outOpt, promptOpt, promptsFileOpt, segmentOpt, noAlignOpt,
                          exportOpt, clipImageOpt, topKOpt})
        parser.addOption(o);
    if (auto code = common.parse(arguments, io))
        return *code;
    for (const auto& required : {cacheOpt, modelOpt, outOpt})
        if (!parser.isSet(required))
            return common.usageError("--" + required.names().first() + " is required", io);

    EvaluatorParams p;
    p.cacheDir = argumentPath(parser.value(cacheOpt));
    p.modelDir = argumentPath(parser.value(modelOpt));
    if (parser.isSet(clipOpt))
        p.clipDir = argumentPath(parser.value(clipOpt));
    p.outDir = argumentPath(parser.value(outOpt));
    if (parser.isSet(promptOpt) || parser.isSet(promptsFileOpt)) {
        p.promptTemplates.clear();
        if (parser.isSet(promptsFileOpt))
            p.promptTemplates = Evaluator::readPromptTemplates(argumentPath(parser.value(promptsFileOpt)));
        for (const auto& t : parser.values(promptOpt))
            p.promptTemplates.push_back(t.toStdString());
    }
    if (parser.isSet(segmentOpt)) {
        bool ok = false;
        p.segmentSeconds = parser.value(segmentOpt).toDouble(&ok);
        if (!ok || p.segmentSeconds <= 0)
            return common.usageError("--segment-seconds takes a number > 0", io);
    }
    p.alignment = !parser.isSet(noAlignOpt);
    if (parser.isSet(exportOpt)) {
        if (!p.alignment)
            return common.usageError("--export-alignment needs the alignment curves: drop --no-alignment", io);
        p.exportAlignmentDir = argumentPath(parser.value(exportOpt));
    }
    const auto clipImage = parseClipImage(parser.value(clipImageOpt).toStdString());
    if (!clipImage)
        return common.usageError("--clip-image takes middle, mean or best", io);
    p.clipImage = *clipImage;
    bool topKOk = false;
    p.queryTopK = parser.value(topKOpt).toLongLong(&topKOk);
    if (!topKOk || p.queryTopK < 1)
        return common.usageError("--query-top-k takes a whole number >= 1", io);
    p.device = common.device();

    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.onProgress = [&](const JobProgress& progress) { printer.print(progress); };
    const auto result = Evaluator(p).run(hooks);
    printer.finish();
    std::ifstream markdown(p.outDir / "report.md");
    std::stringstream table;
    table << markdown.rdbuf();
    io.out << table.str();
    if (const auto& a = result.alignmentSummary) {
        io.err << "eval: alignment over " << a->clips << " clips: peak-to-mean contrast " << a->meanContrast
               << ", curve spread " << a->meanSpread;
        if (a->hasGroundTruth())
            io.err << "; the most similar frame shows a source in " << a->pickAccuracy << "% of " << a->truthClips
                   << " clips (base rate " << a->baseRate << "%)";
        io.err << "\n";
    }
    io.err << "eval: " << result.clipIds.size() << " clips; report in " << (p.outDir / "report.json").string() << "\n";
    return ExitSuccess;
}

} // namespace soundframe
