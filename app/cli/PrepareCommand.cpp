#include "PrepareCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "data/ManifestLoader.h"
#include "data/PrepareJob.h"
#include "model/ClipImageEmbedder.h"
#include "model/ComputeDevice.h"

#include <memory>

namespace soundframe {

int PrepareCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli prepare --manifest FILE --cache DIR (--clip DIR | --audio-only) [options]",
                         "Decodes each clip's frames and audio once, embeds the frames with a frozen image tower, and "
                         "stores everything in a sharded cache that training reads without touching video again.\n"
                         "Re-running resumes: finished clips are skipped. Unusable clips are listed with their reason "
                         "in CACHE/skipped.jsonl; the job goes on without them.\n"
                         "ESC-50 (meta/esc50.csv) and UrbanSound8K (metadata/UrbanSound8K.csv) are read as distributed, "
                         "audio from the audio/ folder beside the CSV's folder, each clip keeping its fold and class; "
                         "they have no video, so they are stored audio only (no --clip needed).", {true, ProgressPrinter::Mode::Bar});
    const QCommandLineOption manifest("manifest", "Manifest: SoundFrame JSONL, AudioCaps, Clotho, AudioSet, ESC-50 or "
                                                  "UrbanSound8K CSV.", "FILE");
    const QCommandLineOption format("format", "Manifest format: auto, jsonl, audiocaps, clotho, audioset, esc50, "
                                              "urbansound8k.", "NAME", "auto");
    const QCommandLineOption media("media", "Folder holding the CSV formats' media (default: the manifest's folder; "
                                            "ESC-50, UrbanSound8K: the audio/ folder beside it).", "DIR");
    const QCommandLineOption fullVideos("full-videos", "AudioCaps/AudioSet media are full videos, not pre-cut segments.");
    const QCommandLineOption split("split", "Split name given to every clip.", "NAME");
    const QCommandLineOption classLabels("class-labels", "AudioSet class_labels_indices.csv to name labels.", "CSV");
    const QCommandLineOption cache("cache", "Cache folder to create or extend.", "DIR");
    const QCommandLineOption clip("clip", "Image-text model folder (Hugging Face CLIP layout) whose image tower embeds frames.", "DIR");
    const QCommandLineOption audioOnly("audio-only", "Store audio only (captioned sets without video).");
    const QCommandLineOption fps("fps", "Frames per second of clip (L = round(duration * fps)).", "F", "1");
    const QCommandLineOption frames("frames", "Exactly L frames per clip instead of --fps.", "L", "0");
    const QCommandLineOption audioRate("audio-rate", "Rate of the stored mono audio, Hz.", "HZ", "16000");
    const QCommandLineOption workers("workers", "Parallel decoders (default: one per core).", "N", "0");
    const QCommandLineOption shardSize("shard-size", "Clips per shard file.", "N", "32");
    const QCommandLineOption batch("batch", "Frames per image-tower forward pass.", "N", "64");
    parser.addOptions({manifest, format, media, fullVideos, split, classLabels, cache, clip, audioOnly, fps, frames,
                       audioRate, workers, shardSize, batch});
    if (auto code = common.parse(arguments, io))
        return *code;

    if (!parser.isSet(manifest) || !parser.isSet(cache))
        return common.usageError("--manifest and --cache are required", io);
    if (parser.isSet(clip) && parser.isSet(audioOnly))
        return common.usageError("give either --clip DIR (frames embedded) or --audio-only, not both", io);
    bool ok[7];
    PrepareOptions options;
    options.cacheDir = argumentPath(parser.value(cache));
    options.framesPerSecond = parser.value(fps).toDouble(&ok[0]);
    options.framesPerClip = parser.value(frames).toInt(&ok[1]);
    options.audioRate = parser.value(audioRate).toInt(&ok[2]);
    options.decodeThreads = parser.value(workers).toInt(&ok[3]);
    options.shardSize = parser.value(shardSize).toInt(&ok[4]);
    options.embedBatchFrames = parser.value(batch).toInt(&ok[5]);
    ok[6] = true;
    for (bool b : ok)
        if (!b)
            return common.usageError("numeric options take numbers", io);

    ManifestOptions manifestOptions;
    manifestOptions.format = manifestFormatFromName(parser.value(format).toStdString());
    manifestOptions.mediaFolder = argumentPath(parser.value(media));
    manifestOptions.mediaIsPreCut = !parser.isSet(fullVideos);
    manifestOptions.split = parser.value(split).toStdString();
    manifestOptions.classLabels = argumentPath(parser.value(classLabels));
    const auto contents = loadManifest(argumentPath(parser.value(manifest)), manifestOptions);
    io.err << "manifest: " << contents.clips.size() << " clips, " << contents.skipped.size() << " lines skipped\n";
    // Audio-only datasets (ESC-50, UrbanSound8K) need no image tower: there are no frames to embed.
    if (contents.audioOnly) {
        if (parser.isSet(clip))
            io.err << "note: this dataset has no video; storing audio only (--clip is not used)\n";
        options.withFrames = false;
    } else if (!parser.isSet(clip) && !parser.isSet(audioOnly)) {
        return common.usageError("give either --clip DIR (frames embedded) or --audio-only", io);
    } else {
        options.withFrames = !parser.isSet(audioOnly);
    }

    std::unique_ptr<ClipImageEmbedder> embedder;
    if (options.withFrames)
        embedder = std::make_unique<ClipImageEmbedder>(argumentPath(parser.value(clip)),
                                                       parseComputeDevice(common.device()));

    InterruptFlag interrupt;
    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    const auto summary = PrepareJob(options, embedder.get()).run(contents.clips, hooks, contents.skipped);
    printer.finish();

    io.out << summary.cached << " cached, " << summary.alreadyCached << " already cached, " << summary.skipped.size()
           << " skipped";
    const double rate = summary.seconds > 0 ? double(summary.cached) / summary.seconds : 0.0;
    io.out << " in " << summary.seconds << " s (" << rate << " clips/s, " << summary.framesDecoded << " frames)\n";
    for (const auto& [reason, count] : summary.skippedByReason())
        io.out << "  skipped " << count << ": " << reason << "\n";
    const size_t shown = std::min<size_t>(summary.skipped.size(), 20);
    for (size_t i = 0; i < shown; ++i)
        io.err << "skipped " << summary.skipped[i].where << ": " << summary.skipped[i].reason << "\n";
    if (summary.skipped.size() > shown)
        io.err << "... and " << summary.skipped.size() - shown << " more, all in " << options.cacheDir.string()
               << "/skipped.jsonl\n";
    if (summary.cancelled) {
        io.err << "interrupted: finished clips are kept; run the same command again to resume\n";
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace soundframe
