#include "SearchCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "base/Error.h"
#include "search/LibrarySearcher.h"

#include <nlohmann/json.hpp>

#include <iomanip>

namespace soundframe {

namespace {
namespace fs = std::filesystem;
} // namespace

int SearchCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser, "soundframe-cli search --index DIR (--text \"...\" | --audio FILE | --image FILE) [-k N] [--json]",
                         "Rank the indexed files by cosine similarity of their best window to the query, embedded "
                         "with the index's model: text and pictures by its CLIP towers, sounds by its audio encoder.", {true, std::nullopt});
    const QCommandLineOption indexOpt("index", "Index folder.", "DIR");
    const QCommandLineOption textOpt("text", "Text query.", "TEXT");
    const QCommandLineOption audioOpt("audio", "Sound or video file: its window at --audio-start is the query.", "FILE");
    const QCommandLineOption audioStartOpt("audio-start", "Start of the query window in --audio, seconds (default 0).",
                                           "S", "0");
    const QCommandLineOption imageOpt("image", "Picture query.", "FILE");
    const QCommandLineOption kOpt(QStringList{"k", "top"}, "Files to return (default 10).", "N", "10");
    const QCommandLineOption jsonOpt("json", "Print a JSON array.");
    const QCommandLineOption globOpt("glob", "Keep files whose path or name matches this glob.", "GLOB");
    const QCommandLineOption minOpt("min-duration", "Keep files at least this long, seconds.", "S");
    const QCommandLineOption maxOpt("max-duration", "Keep files at most this long, seconds.", "S");
    const QCommandLineOption modelOpt("model", "Check that the index was built with this run or encoder folder.",
                                      "RUN_OR_DIR");
    const QCommandLineOption clipOpt("clip", "CLIP folder for --model (default: the run's clip_dir).", "DIR");
    const QCommandLineOption efOpt("ef-search", "HNSW search beam width (default 128).", "N", "128");
    const QCommandLineOption probeOpt("nprobe", "IVF lists visited per query (default 32).", "N", "32");
    const QCommandLineOption refineOpt("refine", "IVF-PQ candidates per result re-ranked with the exact vectors "
                                                 "(default 10; 0: quantised scores only).", "N", "10");
    for (const auto& o : {indexOpt, textOpt, audioOpt, audioStartOpt, imageOpt, kOpt, jsonOpt, globOpt, minOpt, maxOpt,
                          modelOpt, clipOpt, efOpt, probeOpt, refineOpt})
        parser.addOption(o);
    if (auto code = common.parse(arguments, io))
        return *code;
    if (!parser.isSet(indexOpt))
        return common.usageError("--index DIR is required", io);
    if (int(parser.isSet(textOpt)) + int(parser.isSet(audioOpt)) + int(parser.isSet(imageOpt)) != 1)
        return common.usageError("give exactly one of --text, --audio and --image", io);
    SearchQuery query;
    bool ok = false;
    query.k = parser.value(kOpt).toInt(&ok);
    if (!ok || query.k < 1)
        return common.usageError("-k takes a whole number >= 1", io);
    query.text = parser.value(textOpt).toStdString();
    if (parser.isSet(textOpt) && query.text.empty())
        return common.usageError("--text is empty", io);
    query.audioFile = argumentPath(parser.value(audioOpt));
    query.imageFile = argumentPath(parser.value(imageOpt));
    query.audioStartSeconds = parser.value(audioStartOpt).toDouble(&ok);
    if (!ok || query.audioStartSeconds < 0)
        return common.usageError("--audio-start takes seconds >= 0", io);
    query.pathGlob = argumentBytes(parser.value(globOpt));
    if (parser.isSet(minOpt)) {
        query.minDurationSeconds = parser.value(minOpt).toDouble(&ok);
        if (!ok || query.minDurationSeconds < 0)
            return common.usageError("--min-duration takes seconds >= 0", io);
    }
    if (parser.isSet(maxOpt)) {
        query.maxDurationSeconds = parser.value(maxOpt).toDouble(&ok);
        if (!ok || query.maxDurationSeconds < 0)
            return common.usageError("--max-duration takes seconds >= 0", io);
    }
    VectorIndexOptions searchOptions;
    searchOptions.hnswEfSearch = parser.value(efOpt).toInt(&ok);
    if (!ok || searchOptions.hnswEfSearch < 1)
        return common.usageError("--ef-search takes a whole number >= 1", io);
    searchOptions.ivfProbe = parser.value(probeOpt).toInt(&ok);
    if (!ok || searchOptions.ivfProbe < 1)
        return common.usageError("--nprobe takes a whole number >= 1", io);
    searchOptions.ivfRefine = parser.value(refineOpt).toInt(&ok);
    if (!ok || searchOptions.ivfRefine < 0)
        return common.usageError("--refine takes a whole number >= 0", io);

    std::optional<ModelIdentity> model;
    if (parser.isSet(modelOpt))
        model = ModelIdentity::resolve(argumentPath(parser.value(modelOpt)), argumentPath(parser.value(clipOpt)));
    LibrarySearcher searcher(argumentPath(parser.value(indexOpt)), model, common.device(), searchOptions);
    const auto results = searcher.search(query);
    if (parser.isSet(jsonOpt)) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& r : results)
            list.push_back({{"path", r.path}, {"score", r.score}, {"start_s", r.windowStart}, {"end_s", r.windowEnd},
                            {"duration_s", r.durationSeconds}});
        io.out << list.dump(1) << "\n";
        return ExitSuccess;
    }
    int rank = 0;
    for (const auto& r : results)
        io.out << std::setw(3) << ++rank << "  " << std::fixed << std::setprecision(4) << r.score << "  "
               << std::setprecision(1) << std::setw(7) << r.windowStart << " s  " << r.path << "\n";
    if (results.empty())
        io.err << "no files match\n";
    return ExitSuccess;
}

} // namespace soundframe
