#pragma once
// DemoSearchCheck: how well text queries find the demo world's own recordings in a library index —
// the ground truth the demo world gives search (which file is which class).
//
//   DemoSearchCheck check("demo-out/world/world.json");
//   LibraryIndex(indexDir, model).add(check.libraryFolders());     // index what the world came from
//   LibrarySearcher searcher(indexDir, model);
//   nlohmann::ordered_json r = check.run(searcher);                // per query style: top-1/5/10, chance
//   std::string md = DemoSearchCheck::markdown(r);
//
// For every class with a recording in the index, three queries (styles): the class's caption phrase
// for a one-event clip ("a dog barks"), its plain name ("dog") and "the sound of a dog". A query hits
// at k when one of the class's own recordings (any split) ranks among the top k files of the whole
// index; other files in the indexed folders are distractors. Figures: ClassRetrievalTally (with
// chance levels and a split by whether the class had a training recording). Files are compared by
// content (soundIdentity): an indexed link to a recording (freedesktop's aliases) or a copy of it
// (gcompris' sounds extracted again by DemoSoundLibrary) is that recording, and counts among the
// files a query should find. Throws Error naming the file when world.json cannot be read.
// One thread.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace soundframe {

class LibrarySearcher;

struct DemoSearchClass {
    std::string name;                    // "dog"
    std::vector<std::string> phrases;    // caption phrases, the plainest first: "a dog barks"
    std::vector<std::filesystem::path> recordingFiles;  // its recordings (comparablePath), any split
    std::set<std::string> recordings;    // what they sound like (soundIdentity): an indexed file is compared by it
    bool heardInTraining = false;        // one of them is in the train split
};

class DemoSearchCheck {
public:
    explicit DemoSearchCheck(const std::filesystem::path& worldJson);

    const std::vector<DemoSearchClass>& classes() const { return m_classes; }
    // The folders holding the world's recordings, outermost only (a folder inside another is left out).
    std::vector<std::filesystem::path> libraryFolders() const;
    // Query styles in report order, and the query text of one for a class.
    static const std::vector<std::string>& queryStyles();
    static std::string queryText(const std::string& style, const DemoSearchClass& c);
    // {"files": N, "styles": {"caption": {ClassRetrievalTally figures..., "per_class": [{"class", "query",
    //  "heard_in_training", "relevant", "first_rank", "top_files": [{"path", "score", "start"}...]}]}, ...}}
    nlohmann::ordered_json run(LibrarySearcher& searcher) const;
    // The figures as Markdown: a table per style, then each class's caption query and its best files.
    static std::string markdown(const nlohmann::ordered_json& result);

    // A file's path made absolute, links resolved (lexically normal when the file is gone).
    static std::string comparablePath(const std::filesystem::path& p);
    // What files are compared by: their content hash (equal for a file, its links and its copies);
    // for a file that cannot be read, its comparablePath.
    static std::string soundIdentity(const std::filesystem::path& p);

private:
    std::vector<DemoSearchClass> m_classes;
};

} // namespace soundframe
