#include "IndexCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "InterruptFlag.h"
#include "ProgressPrinter.h"
#include "base/Error.h"
#include "search/IndexCatalog.h"
#include "search/LibraryIndex.h"

#include <nlohmann/json.hpp>

#include <iomanip>

namespace soundframe {

namespace {
namespace fs = std::filesystem;


nlohmann::json fileJson(const IndexedFile& f)
{
    nlohmann::json j = {{"path", f.path}, {"duration_s", f.durationSeconds}, {"windows", f.windows}, {"size", f.size},
                        {"hash", f.hash}};
    if (f.failed)
        j["error"] = f.reason;
    return j;
}
} // namespace

int IndexCommand::run(const QStringList& arguments, CliStreams& io)
{
    const QString sub = arguments.value(0);
    if (sub == "add" || sub == "sync")
        return update(sub, arguments.mid(1), io);
    if (sub == "remove")
        return remove(arguments.mid(1), io);
    if (sub == "list" || sub == "status")
        return inspect(sub, arguments.mid(1), io);
    if (sub == "--help" || sub == "-h") {
        io.out << "Usage: soundframe-cli index (add|sync|remove|list|status) [options]\n"
                  "  add     index the files under the given folders (and remember the folders)\n"
                  "  sync    re-embed changed files, skip unchanged ones, drop deleted ones\n"
                  "  remove  forget folders given to add, and drop their files from the index\n"
                  "  list    the indexed files\n"
                  "  status  the model, counts and unreadable files\n"
                  "Run 'soundframe-cli index SUBCOMMAND --help' for its options.\n";
        return ExitSuccess;
    }
    io.err << "error: 'index' needs a sub-command: add, sync, remove, list or status\n";
    return ExitUsage;
}

int IndexCommand::update(const QString& sub, const QStringList& arguments, CliStreams& io)
{
    const bool add = sub == "add";
    QCommandLineParser parser;
    CommonOptions common(parser,
                         add ? "soundframe-cli index add --index DIR [--model RUN_OR_DIR [--clip DIR]] PATH..."
                             : "soundframe-cli index sync --index DIR",
                         add ? "Embed the sound and video files under PATHs (folders, walked recursively through "
                               "links to folders, each real file once; or files) in windows of the model's clip length "
                               "and add them to the index at DIR, created if needed. Files are recognised by extension: "
                               "wav flac ogg oga opus mp3 m4a aac wma aif aiff au caf mp4 m4v mkv webm mov avi mpg mpeg "
                               "flv 3gp ts. Unchanged files are skipped; unreadable ones are listed with the reason. "
                               "Exits with 1 when nothing under PATHs could be indexed."
                             : "Bring the index up to date with its folders: re-embed changed files, skip unchanged "
                               "ones, drop deleted ones.", {true, ProgressPrinter::Mode::Bar});
    const QCommandLineOption indexOpt("index", "Index folder.", "DIR");
    const QCommandLineOption modelOpt("model", "Training run folder (audio-encoder/, config.json) or audio encoder "
                                               "folder. Default: the model the index was built with.", "RUN_OR_DIR");
    const QCommandLineOption clipOpt("clip", "CLIP folder of the joint space (default: the run's clip_dir).", "DIR");
    const QCommandLineOption hopOpt("hop", "Window hop for a new index, seconds (default: half the clip length).", "S");
    const QCommandLineOption typeOpt("index-type", "auto (exact up to 100k windows, IVF-PQ above), flat, hnsw or ivfpq.",
                                     "TYPE");
    const QCommandLineOption batchOpt("batch", "Windows per forward pass (default 16).", "N", "16");
    const QCommandLineOption commitOpt("commit-files", "Files embedded together and committed at once; a kill "
                                                       "loses at most these (default 32).", "N", "32");
    const QCommandLineOption publishOpt("publish-every", "Publish intermediate states every S seconds (default 300).",
                                        "S", "300");
    for (const auto& o : {indexOpt, modelOpt, clipOpt, hopOpt, typeOpt, batchOpt, commitOpt, publishOpt})
        parser.addOption(o);
    if (add)
        parser.addPositionalArgument("PATH", "Folders or files to index.", "PATH...");
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.isSet(indexOpt))
        return common.usageError("--index DIR is required", io);
    const QStringList paths = parser.positionalArguments();
    if (add && paths.isEmpty())
        return common.usageError("give at least one folder or file to index", io);
    if (!add && !paths.isEmpty())
        return common.usageError("sync takes no paths; it rescans the folders the index was given", io);

    LibraryIndexOptions options;
    options.device = common.device();
    bool ok = false;
    options.batchWindows = parser.value(batchOpt).toInt(&ok);
    if (!ok || options.batchWindows < 1)
        return common.usageError("--batch takes a whole number >= 1", io);
    options.commitFiles = parser.value(commitOpt).toInt(&ok);
    if (!ok || options.commitFiles < 1)
        return common.usageError("--commit-files takes a whole number >= 1", io);
    options.publishEverySeconds = parser.value(publishOpt).toDouble(&ok);
    if (!ok)
        return common.usageError("--publish-every takes seconds", io);
    if (parser.isSet(hopOpt)) {
        options.hopSeconds = parser.value(hopOpt).toDouble(&ok);
        if (!ok || options.hopSeconds <= 0)
            return common.usageError("--hop takes seconds > 0", io);
    }
    if (parser.isSet(typeOpt)) {
        try {
            options.vectors.type = parseVectorIndexType(parser.value(typeOpt).toStdString());
        } catch (const Error& e) {
            return common.usageError(QString::fromStdString(e.reason()), io);
        }
        options.overrideIndexType = true;
    }

    const fs::path dir = argumentPath(parser.value(indexOpt));
    ModelIdentity model;
    if (parser.isSet(modelOpt)) {
        model = ModelIdentity::resolve(argumentPath(parser.value(modelOpt)), argumentPath(parser.value(clipOpt)));
    } else if (const auto recorded = LibraryIndex::recordedModelIdentity(dir)) {
        model = *recorded;
    } else {
        return common.usageError("a new index needs --model RUN_OR_DIR", io);
    }

    LibraryIndex index(dir, model, options);
    InterruptFlag interrupt;
    ProgressPrinter printer(io.err, common.progress());
    JobHooks hooks;
    hooks.cancel = interrupt.flag();
    hooks.onProgress = [&](const JobProgress& p) { printer.print(p); };
    std::vector<fs::path> roots;
    for (const auto& p : paths)
        roots.push_back(argumentPath(p));
    const IndexUpdateSummary s = add ? index.add(roots, hooks) : index.sync(hooks);
    printer.finish();
    for (const auto& f : s.failures)
        io.err << "unreadable " << f.path << ": " << f.reason << "\n";
    if (s.cancelled)
        io.err << "interrupted; what was done is kept: run again to finish\n";
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : s.failures)
        failures.push_back({{"path", f.path}, {"reason", f.reason}});
    const double hours = s.audioSeconds / 3600.0;
    const nlohmann::json summary = {{"index", fs::absolute(dir).lexically_normal().string()},
        {"added", s.added}, {"updated", s.updated}, {"unchanged", s.unchanged}, {"removed", s.removed},
        {"failed", s.failed}, {"windows", s.windows}, {"audio_hours", hours}, {"elapsed_s", s.elapsedSeconds},
        {"files_per_s", s.elapsedSeconds > 0 ? double(s.added + s.updated) / s.elapsedSeconds : 0.0},
        {"audio_hours_per_hour", s.elapsedSeconds > 0 ? s.audioSeconds / s.elapsedSeconds : 0.0},
        {"generation", s.generation}, {"index_type", s.indexType}, {"cancelled", s.cancelled},
        {"seconds", {{"scan", s.scanSeconds}, {"decode", s.decodeSeconds}, {"embed", s.embedSeconds},
                     {"commit", s.commitSeconds}, {"publish", s.publishSeconds}}},
        {"index_rebuilds", s.rebuilds}, {"failures", failures}};
    io.out << summary.dump() << "\n";
    if (s.cancelled)
        return ExitFailure;
    // An add that leaves nothing searchable is a mistake worth a word (a wrong folder, or files of
    // another kind), not a success.
    if (add && s.added + s.updated + s.unchanged == 0) {
        std::string where;
        for (const auto& r : roots)
            where += (where.empty() ? "" : ", ") + r.string();
        io.err << "error: nothing to index in " << where << ": "
               << (s.failed == 1  ? std::string("the one sound or video file found could not be read")
                   : s.failed > 1 ? "none of the " + std::to_string(s.failed) + " sound or video files found could be read"
                                  : std::string("no sound or video file found (the extensions looked for are in "
                                                "'soundframe-cli index add --help')"))
               << "\n";
        return ExitFailure;
    }
    return ExitSuccess;
}

int IndexCommand::remove(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli index remove --index DIR PATH...",
                         "Forget folders (or files) given to 'index add' and drop their files from the index, except "
                         "files another remembered folder holds. Nothing on disk is touched. A PATH the index was not "
                         "given is an error, and nothing changes.");
    const QCommandLineOption indexOpt("index", "Index folder.", "DIR");
    parser.addOption(indexOpt);
    parser.addPositionalArgument("PATH", "Folders or files as given to 'index add'.", "PATH...");
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.isSet(indexOpt))
        return common.usageError("--index DIR is required", io);
    if (parser.positionalArguments().isEmpty())
        return common.usageError("give at least one folder or file to remove", io);
    const fs::path dir = argumentPath(parser.value(indexOpt));
    const auto model = LibraryIndex::recordedModelIdentity(dir);
    if (!model)
        throw Error(dir, "not a library index (no index.sqlite)");
    std::vector<fs::path> paths;
    for (const auto& p : parser.positionalArguments())
        paths.push_back(argumentPath(p));
    LibraryIndex index(dir, *model);
    const IndexUpdateSummary s = index.remove(paths);
    nlohmann::json roots = nlohmann::json::array();
    for (const auto& r : index.roots())
        roots.push_back(r.string());
    io.out << nlohmann::json({{"index", fs::absolute(dir).lexically_normal().string()}, {"removed", s.removed},
                              {"generation", s.generation}, {"roots", roots}})
                  .dump()
           << "\n";
    return ExitSuccess;
}

int IndexCommand::inspect(const QString& sub, const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli index " + sub + " --index DIR [--json]",
                         sub == "list" ? "List the indexed files (as searches see them) with duration and windows."
                                       : "Show the index's model, counts and the files that could not be read.");
    const QCommandLineOption indexOpt("index", "Index folder.", "DIR");
    const QCommandLineOption jsonOpt("json", "Print JSON.");
    parser.addOption(indexOpt);
    parser.addOption(jsonOpt);
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.isSet(indexOpt))
        return common.usageError("--index DIR is required", io);
    const fs::path dir = argumentPath(parser.value(indexOpt));
    if (!fs::is_regular_file(dir / LibraryIndex::kDatabaseName))
        throw Error(dir, "not a library index (no index.sqlite)");
    const IndexCatalog catalog(dir / LibraryIndex::kDatabaseName, IndexCatalog::Mode::ReadOnly);
    std::vector<IndexedFile> files;
    int64_t generation = 0;
    {
        IndexCatalog::ReadSnapshot snapshot(catalog);
        generation = catalog.publishedGeneration();
        files = catalog.filesAt(generation);
    }
    const bool json = parser.isSet(jsonOpt);
    if (sub == "list") {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& f : files) {
            if (json)
                list.push_back(fileJson(f));
            else if (f.failed)
                io.out << "unreadable  " << f.path << "  (" << f.reason << ")\n";
            else
                io.out << std::fixed << std::setprecision(2) << std::setw(9) << f.durationSeconds << " s  "
                       << std::setw(5) << f.windows << " w  " << f.path << "\n";
        }
        if (json)
            io.out << list.dump(1) << "\n";
        return ExitSuccess;
    }
    int64_t ok = 0, windows = 0;
    double seconds = 0;
    nlohmann::json failed = nlohmann::json::array();
    for (const auto& f : files) {
        if (f.failed) {
            failed.push_back({{"path", f.path}, {"reason", f.reason}});
            continue;
        }
        ++ok;
        windows += f.windows;
        seconds += f.durationSeconds;
    }
    const nlohmann::json status = {{"index", fs::absolute(dir).lexically_normal().string()},
        {"model", catalog.meta("model_fingerprint").value_or("")}, {"encoder_dir", catalog.meta("encoder_dir").value_or("")},
        {"clip_dir", catalog.meta("clip_dir").value_or("")}, {"generation", generation},
        {"index_type", catalog.meta("published_index_type").value_or("")},
        {"hop_seconds", std::stod(catalog.meta("hop_seconds").value_or("0"))},
        {"roots", nlohmann::json::parse(catalog.meta("roots").value_or("[]"))}, {"files", ok}, {"windows", windows},
        {"audio_hours", seconds / 3600.0}, {"pending_changes", catalog.pendingChanges(generation + 1)},
        {"unreadable", failed}};
    if (json) {
        io.out << status.dump(1) << "\n";
        return ExitSuccess;
    }
    io.out << "index       " << status["index"].get<std::string>() << "\nmodel       " << status["model"].get<std::string>()
           << "\nencoder     " << status["encoder_dir"].get<std::string>() << "\nclip        "
           << status["clip_dir"].get<std::string>() << "\ngeneration  " << generation << " (" << status["index_type"].get<std::string>()
           << ")\nfiles       " << ok << " (" << windows << " windows, " << std::fixed << std::setprecision(2)
           << seconds / 3600.0 << " h)\nunreadable  " << failed.size() << "\n";
    for (const auto& f : failed)
        io.out << "  " << f["path"].get<std::string>() << ": " << f["reason"].get<std::string>() << "\n";
    return ExitSuccess;
}

} // namespace soundframe
