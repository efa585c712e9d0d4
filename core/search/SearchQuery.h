#pragma once
// SearchQuery / SearchResult: what LibrarySearcher takes and returns.
//
//   SearchQuery q;
//   q.text = "a dog barks";            // or q.audioFile / q.imageFile: exactly one of the three
//   q.k = 5;
//   q.pathGlob = "*.ogg";              // fnmatch on the full path or on the file name
//   for (const SearchResult& r : searcher.search(q)) std::cout << r.path << " " << r.windowStart << "\n";
//
// Results are files, best first, each with its best window; scores are cosine similarities in
// the joint space. Plain value types.
#include <filesystem>
#include <string>

namespace soundframe {

struct SearchQuery {
    std::string text;                 // a caption, embedded by CLIP's text tower
    std::filesystem::path audioFile;  // a sound or video file, embedded by the audio encoder
    double audioStartSeconds = 0;     // which window of audioFile is the query (one clip from here)
    std::filesystem::path imageFile;  // a picture, embedded by CLIP's image tower
    int k = 10;                       // files to return
    std::string pathGlob;             // keep files whose path or name matches; empty: all
    double minDurationSeconds = -1;   // keep files at least this long; < 0: no bound
    double maxDurationSeconds = -1;   // keep files at most this long; < 0: no bound
};

struct SearchResult {
    std::string path;            // absolute path of the file
    double score = 0;            // cosine similarity of its best window
    double windowStart = 0;      // that window's start, seconds
    double windowEnd = 0;        // its end, seconds
    double durationSeconds = 0;  // the file's audio length
};

} // namespace soundframe
