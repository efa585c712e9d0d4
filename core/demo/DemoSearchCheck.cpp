#include "demo/DemoSearchCheck.h"

#include "base/Error.h"
#include "demo/DemoCaptions.h"
#include "eval/ClassRetrievalTally.h"
#include "search/FileScanner.h"
#include "search/LibrarySearcher.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

namespace soundframe {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

constexpr int kTopFilesKept = 3;  // per class in the report: enough to see what a query confuses

std::string oneDecimal(double v)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(1) << v;
    return s.str();
}

} // namespace

std::string DemoSearchCheck::comparablePath(const fs::path& p)
{
    std::error_code error;
    const fs::path resolved = fs::weakly_canonical(fs::absolute(p), error);
    return (error ? fs::absolute(p).lexically_normal() : resolved).string();
}

std::string DemoSearchCheck::soundIdentity(const fs::path& p)
{
    try {
        return "content " + FileScanner::contentHash(p);
    } catch (const Error&) {
        return "path " + comparablePath(p);
    }
}

DemoSearchCheck::DemoSearchCheck(const fs::path& worldJson)
{
    std::ifstream in(worldJson);
    if (!in)
        throw Error(worldJson, "cannot read the demo world description");
    const auto world = nlohmann::json::parse(in, nullptr, false);
    if (world.is_discarded() || !world.contains("classes"))
        throw Error(worldJson, "not a demo world description (no \"classes\")");
    for (const auto& c : world.at("classes")) {
        DemoSearchClass d;
        d.name = c.at("name").get<std::string>();
        d.phrases = c.at("phrases").get<std::vector<std::string>>();
        for (const auto& [split, paths] : c.at("recordings").items())
            for (const auto& p : paths) {
                d.recordingFiles.push_back(comparablePath(p.get<std::string>()));
                d.recordings.insert(soundIdentity(d.recordingFiles.back()));
                d.heardInTraining |= split == "train";
            }
        m_classes.push_back(std::move(d));
    }
}

std::vector<fs::path> DemoSearchCheck::libraryFolders() const
{
    std::set<std::string> parents;
    for (const auto& c : m_classes)
        for (const auto& r : c.recordingFiles)
            parents.insert(r.parent_path().string());
    // Sorted, a folder comes right after the folders it may be inside of.
    std::vector<fs::path> outermost;
    for (const auto& p : parents) {
        const bool inside = std::any_of(outermost.begin(), outermost.end(), [&](const fs::path& o) {
            const std::string prefix = o.string() + "/";
            return p.compare(0, prefix.size(), prefix) == 0;
        });
        if (!inside)
            outermost.push_back(p);
    }
    return outermost;
}

const std::vector<std::string>& DemoSearchCheck::queryStyles()
{
    static const std::vector<std::string> styles{"caption", "name", "sound of"};
    return styles;
}

std::string DemoSearchCheck::queryText(const std::string& style, const DemoSearchClass& c)
{
    if (style == "caption")
        return c.phrases.empty() ? c.name : c.phrases.front();
    if (style == "name")
        return c.name;
    return "the sound of " + DemoCaptions::withArticle(c.name);
}

ordered_json DemoSearchCheck::run(LibrarySearcher& searcher) const
{
    SearchQuery everything;
    everything.k = 1 << 30;
    // Any query ranks every indexed file: these are the files the figures rank among. Several may
    // be one sound (links, copies), so a class's relevant files are those that sound like one of its
    // recordings. Each file's content is hashed once here.
    SearchQuery probe = everything;
    probe.text = "a sound";
    std::map<std::string, std::string> soundOf;  // indexed path -> soundIdentity
    std::vector<std::string> indexed;            // soundIdentity of every indexed file
    for (const auto& r : searcher.search(probe)) {
        soundOf[r.path] = soundIdentity(r.path);
        indexed.push_back(soundOf[r.path]);
    }
    const int64_t files = int64_t(indexed.size());
    const auto isOwn = [&](const DemoSearchClass& c, const std::string& path) {
        const auto it = soundOf.find(path);
        return c.recordings.count(it != soundOf.end() ? it->second : soundIdentity(path)) > 0;
    };

    ordered_json result{{"files", files}, {"styles", ordered_json::object()}};
    for (const auto& style : queryStyles()) {
        ClassRetrievalTally tally;
        ordered_json perClass = ordered_json::array();
        for (const auto& c : m_classes) {
            const int64_t relevant = std::count_if(indexed.begin(), indexed.end(),
                                                   [&](const std::string& f) { return c.recordings.count(f) > 0; });
            if (relevant == 0)
                continue;
            SearchQuery q = everything;
            q.text = queryText(style, c);
            const auto results = searcher.search(q);
            int64_t rank = files + 1;
            for (size_t i = 0; i < results.size(); ++i)
                if (isOwn(c, results[i].path)) {
                    rank = int64_t(i) + 1;
                    break;
                }
            tally.add(rank, files, relevant, c.heardInTraining,
                      results.empty() ? std::string() : results.front().path);
            ordered_json top = ordered_json::array();
            for (size_t i = 0; i < results.size() && i < size_t(kTopFilesKept); ++i)
                top.push_back({{"path", results[i].path},
                               {"score", results[i].score},
                               {"start", results[i].windowStart},
                               {"own", isOwn(c, results[i].path)}});
            perClass.push_back({{"class", c.name},
                                {"query", q.text},
                                {"heard_in_training", c.heardInTraining},
                                {"relevant", relevant},
                                {"first_rank", rank},
                                {"top_files", top}});
        }
        ordered_json figures = tally.toJson();
        figures["per_class"] = perClass;
        result["styles"][style] = figures;
    }
    return result;
}

std::string DemoSearchCheck::markdown(const ordered_json& result)
{
    std::ostringstream md;
    const int64_t files = result.value("files", int64_t(0));
    md << "| query | classes | top-1 | top-5 | top-10 | top-10, heard in training | top-10, never heard | "
          "median rank of its own recording | chance top-1 / 5 / 10 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    const auto& styles = result.at("styles");
    for (const auto& style : queryStyles()) {
        if (!styles.contains(style))
            continue;
        const auto& s = styles[style];
        const std::string example = style == "caption" ? "caption (\"a dog barks\")"
                                    : style == "name"  ? "name (\"dog\")"
                                                       : "\"the sound of a dog\"";
        md << "| " << example << " | " << s.value("classes", 0) << " (" << s.value("classes_heard_in_training", 0)
           << " heard) | " << oneDecimal(s.value("top1", 0.0)) << " | " << oneDecimal(s.value("top5", 0.0)) << " | "
           << oneDecimal(s.value("top10", 0.0)) << " | " << oneDecimal(s.value("top10_heard_classes", 0.0)) << " | "
           << oneDecimal(s.value("top10_unheard_classes", 0.0)) << " | " << s.value("median_first_rank", 0.0)
           << " of " << files << " | " << oneDecimal(s.value("chance_top1", 0.0)) << " / "
           << oneDecimal(s.value("chance_top5", 0.0)) << " / " << oneDecimal(s.value("chance_top10", 0.0)) << " |\n";
    }
    if (!styles.contains("caption"))
        return md.str();
    md << "\nEach class's caption query, the rank of its first own recording and the three best files "
          "(* marks the class's own):\n\n| class | query | heard | rank | best files (score) |\n|---|---|---|---:|---|\n";
    for (const auto& c : styles["caption"].at("per_class")) {
        md << "| " << c.value("class", "") << " | " << c.value("query", "") << " | "
           << (c.value("heard_in_training", false) ? "yes" : "no") << " | " << c.value("first_rank", 0) << " | ";
        bool first = true;
        for (const auto& f : c.at("top_files")) {
            md << (first ? "" : ", ") << (f.value("own", false) ? "*" : "")
               << fs::path(f.value("path", "")).filename().string() << " (" << std::fixed << std::setprecision(2)
               << f.value("score", 0.0) << ")";
            first = false;
        }
        md << " |\n";
    }
    return md.str();
}

} // namespace soundframe
