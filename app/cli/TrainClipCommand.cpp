#include "TrainClipCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "train/StandInClipTrainer.h"

namespace soundframe {

int TrainClipCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli train-clip --pairs FILE --out DIR [options]",
                         "Trains a small image-text model with CLIP's architecture and loss on the given image-caption "
                         "pairs and saves it in the Hugging Face CLIP layout. It is a stand-in for worlds without a "
                         "real CLIP checkpoint (the demo), not CLIP: it knows only what the pairs show.", {false, ProgressPrinter::Mode::Bar});
    const StandInClipOptions defaults;
    const QCommandLineOption pairs("pairs", "JSONL: {\"path\": IMAGE, \"captions\": [...]} per line.", "FILE");
    const QCommandLineOption out("out", "Output folder (Hugging Face CLIP layout).", "DIR");
    const QCommandLineOption epochs("epochs", "Passes over the images.", "N", QString::number(defaults.epochs));
    const QCommandLineOption batch("batch", "Images per step.", "N", QString::number(defaults.batchSize));
    const QCommandLineOption lr("lr", "Peak learning rate.", "X", QString::number(defaults.learningRate));
    const QCommandLineOption imageSize("image-size", "Square input side, pixels.", "N", QString::number(defaults.imageSize));
    const QCommandLineOption width("width", "Hidden size of both towers.", "N", QString::number(defaults.width));
    const QCommandLineOption layers("layers", "Blocks per tower.", "N", QString::number(defaults.layers));
    const QCommandLineOption heads("heads", "Attention heads per block (divide the width).", "N",
                                   QString::number(defaults.heads));
    const QCommandLineOption patch("patch", "ViT patch side, pixels (divides the image size).", "N",
                                   QString::number(defaults.patchSize));
    const QCommandLineOption context("context", "Text tokens per caption, start and end included.", "N",
                                     QString::number(defaults.contextLength));
    const QCommandLineOption vocab("vocab", "BPE vocabulary size.", "N", QString::number(defaults.vocabSize));
    const QCommandLineOption seed("seed", "Random seed.", "N", QString::number(defaults.seed));
    const QCommandLineOption maskDuplicates("mask-duplicate-captions",
                                            "Leave pairs of a batch with the same caption text out of each other's "
                                            "softmax (by default they are negatives, as in CLIP).");
    parser.addOptions(
        {pairs, out, epochs, batch, lr, imageSize, width, layers, heads, patch, context, vocab, seed, maskDuplicates});
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.isSet(pairs) || !parser.isSet(out))
        return common.usageError("--pairs and --out are required", io);

    StandInClipOptions options;
    options.pairsFile = argumentPath(parser.value(pairs));
    options.outDir = argumentPath(parser.value(out));
    bool ok[11];
    options.epochs = parser.value(epochs).toInt(&ok[0]);
    options.batchSize = parser.value(batch).toInt(&ok[1]);
    options.learningRate = parser.value(lr).toDouble(&ok[2]);
    options.imageSize = parser.value(imageSize).toInt(&ok[3]);
    options.width = parser.value(width).toInt(&ok[4]);
    options.layers = parser.value(layers).toInt(&ok[5]);
    options.vocabSize = parser.value(vocab).toInt(&ok[6]);
    options.seed = parser.value(seed).toInt(&ok[7]);
    options.patchSize = parser.value(patch).toInt(&ok[8]);
    options.contextLength = parser.value(context).toInt(&ok[9]);
    options.heads = parser.value(heads).toInt(&ok[10]);
    options.maskDuplicateCaptions = parser.isSet(maskDuplicates);
    for (bool b : ok)
        if (!b)
            return common.usageError("numeric options take numbers", io);

    InterruptFlag interrupt;
    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    const auto result = StandInClipTrainer(options).run(hooks);
    printer.finish();
    if (!result.completed) {
        io.err << "interrupted: the stand-in was not saved\n";
        return ExitFailure;
    }
    for (const auto& skipped : result.skipped)
        io.err << "warning: left out " << skipped << "\n";
    io.out << "stand-in image-text model (CLIP architecture, not CLIP) saved to " << options.outDir.string() << "\n"
           << result.images << " images (" << result.skippedImages << " unreadable skipped), " << result.steps
           << " steps, final loss " << result.finalLoss << ", image->text R@1 on its own pairs "
           << result.imageToTextRecallAt1 << "%\n";
    return ExitSuccess;
}

} // namespace soundframe
