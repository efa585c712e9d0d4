#pragma once
// RetrievalQueries: Evaluator's OUT/queries.jsonl — every retrieval query of an evaluation with the
// rank of its first relevant item and its best-ranked items — built, written and read back in one
// place (the Runs view's retrieval browser reads it). Plain strings and numbers, no LibTorch: the
// queries are built by retrievalQueries (RetrievalEvaluation.h).
//
//   RetrievalQueries q = retrievalQueries(retrievalDirections(embeddings), {clipIds, captions, captionClip}, 10);
//   writeFileAtomically(out / "queries.jsonl", q.toJsonLines());
//   RetrievalQueries again = RetrievalQueries::read(out / "queries.jsonl");
//   for (const RetrievalQuery& query : again.direction("text_to_audio"))
//       if (query.rank > 10) std::cout << query.query.text << " fails\n";
//
// One JSON object per line, the queries of one direction together, in query order:
//   {"direction": "text_to_audio",
//    "query": {"clip": "c7", "text": "a dog barks"},     an item: a clip {"clip"}, or a caption
//    "rank": 3,                                           {"clip" it describes, "text"}
//    "relevant": [{"clip": "c7"}],
//    "top": [{"clip": "c2", "score": 0.41, "relevant": false}, ...]}
// rank: 1-based rank of the first relevant item with RetrievalMetrics' tie rule, so R@k of the report
// is the percent of a direction's lines with rank <= k and medR their median. top: the k best items
// (EvaluatorParams::queryTopK, 10 by default) by descending cosine score, in rank order; "relevant"
// marks the query's relevant ones. read() throws Error naming the file (and line) when it is missing
// or not this layout.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct RetrievalItem {
    std::string clip;  // clip id; for a caption, the clip it describes
    std::string text;  // caption text; empty for a clip
    bool isCaption() const { return !text.empty(); }
    bool operator==(const RetrievalItem& o) const { return clip == o.clip && text == o.text; }
};

struct RetrievalHit {
    RetrievalItem item;
    double score = 0;       // cosine of query and item
    bool relevant = false;  // one of the query's relevant items
};

struct RetrievalQuery {
    std::string direction;               // "text_to_audio", ...
    RetrievalItem query;
    int64_t rank = 0;                    // of the first relevant item; 1 is best
    std::vector<RetrievalItem> relevant; // in gallery order
    std::vector<RetrievalHit> top;       // best first
};

struct RetrievalQueries {
    std::vector<RetrievalQuery> queries;  // direction by direction, in query order

    // Directions present, in file order.
    std::vector<std::string> directions() const;
    // The queries of `name` (empty when absent).
    std::vector<RetrievalQuery> direction(const std::string& name) const;

    std::string toJsonLines() const;  // one line per query, each ending in a newline
    static RetrievalQueries read(const std::filesystem::path& file);
};

} // namespace soundframe
