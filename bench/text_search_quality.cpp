// Benchmark: how well text queries find the sounds Debian's packages ship, with the demo's trained
// audio encoders, measured against the demo world's own class labels.
//
//   build/bench/soundframe-bench text_search_quality --demo DEMO_OUT [--seed-run seed-1] [--runs stage2-multiframe,...]
//                                                    [--work DIR] [--threads 1] [--json FILE] [--diagnose] [FOLDER...]
//
// FOLDER... default to the folders the demo indexed (DEMO_OUT/report/results.json: every sound the
// packages ship, DemoSoundLibrary). For every run (default: every
// stage2-* and search-* run of the seed) it builds or updates a library index in WORK/<run> with
// LibraryIndex::add (what `soundframe-cli index add` runs; incremental), then runs DemoSearchCheck —
// what the demo's report/search.md shows: one query per class and style (caption "a dog barks", name
// "dog", "the sound of a dog"), a hit at k when one of the class's own recordings ranks in the top k
// files, with chance levels (ClassRetrievalTally).
// --diagnose adds: the same ranking computed directly with the encoder under input variants (raw,
// as the index; peak-normalised; with a noise floor; short files repeated; 1 s hop), the same class
// retrieval on the demo's prepared test and train clips (the model's own domain) and the evaluator's
// text->audio R@1/R@10 on the test clips, two hub corrections of the scores (a bank of the training
// captions: centred queries, CSLS), a check that the search path embeds each test video as the
// evaluator embeds its cached clip, a text-only check (does the class name's embedding find the
// class's caption?) and an audio-only check (is a file's nearest other file of its class?).
// RUN may also be a run folder path (a run trained elsewhere). Figures, not a pass/fail test;
// see bench/README.md.
#include "Benchmarks.h"

#include "base/ComputeThreads.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "demo/DemoSearchCheck.h"
#include "eval/ClassRetrievalTally.h"
#include "eval/CacheEmbedding.h"
#include "model/AudioEncoder.h"
#include "model/ClipTextEmbedder.h"
#include "search/AudioWindowEmbedder.h"
#include "search/LibraryIndex.h"
#include "search/LibrarySearcher.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace soundframe::bench::text_search_quality {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

torch::Tensor unitRows(const torch::Tensor& t) { return t / t.norm(2, 1, true).clamp_min(1e-12); }

// Rank of the first relevant path when `paths` are ordered by descending `scores`.
int64_t firstRank(const std::vector<std::string>& paths, const std::vector<float>& scores,
                  const std::set<std::string>& relevant)
{
    float best = -2;
    for (size_t i = 0; i < paths.size(); ++i)
        if (relevant.count(paths[i]))
            best = std::max(best, scores[i]);
    int64_t rank = 1;
    for (float s : scores)
        rank += s > best;
    return rank;
}

// Files embedded directly (no index): per file its unit window vectors, under an input variant.
struct FileVectors {
    std::vector<std::string> paths;
    std::vector<std::string> sounds;     // DemoSearchCheck::soundIdentity per file: what relevance compares
    std::vector<torch::Tensor> windows;  // [w, D] unit rows per file
};

FileVectors embedFiles(const AudioWindowEmbedder& embedder, const std::vector<std::string>& paths,
                       const std::string& variant)
{
    FileVectors out;
    std::mt19937 noise(7);
    for (const auto& path : paths) {
        AudioWindowEmbedder::Decoded d;
        try {
            d = embedder.decode(path);
        } catch (const Error&) {
            continue;
        }
        auto& s = d.samples;
        if (variant == "peak" || variant == "peak+noise") {
            float peak = 0;
            for (float v : s)
                peak = std::max(peak, std::fabs(v));
            if (peak > 0)
                for (float& v : s)
                    v *= 0.5f / peak;
        }
        if (variant == "noise" || variant == "peak+noise") {
            std::normal_distribution<float> g(0.f, 0.005f);
            for (float& v : s)
                v += g(noise);
        }
        if (variant == "repeat") {
            const size_t clip = size_t(std::llround(embedder.clipSeconds() * d.rate));
            const size_t n = s.size();
            for (size_t i = n; i < clip; ++i)
                s.push_back(s[i % n]);
        }
        const auto r = embedder.embedDecoded({&d}).front();
        const int64_t dim = embedder.dim();
        out.paths.push_back(path);
        out.sounds.push_back(DemoSearchCheck::soundIdentity(path));
        out.windows.push_back(
            torch::from_blob(const_cast<float*>(r.vectors.data()), {int64_t(r.windows.size()), dim}, torch::kFloat32)
                .clone());
    }
    return out;
}

// How a query meets a window: plain cosine (the product), or corrected for hubs with a bank of
// captions (the model's training captions, never the queries): "centred" subtracts the bank's mean
// from the query; "csls" subtracts each window's mean cosine to its 10 nearest bank captions.
struct Scoring {
    std::string mode = "cosine";
    torch::Tensor bank;  // [M, D] unit rows
    torch::Tensor scores(const torch::Tensor& windows, const torch::Tensor& query) const
    {
        if (mode == "centred")
            return windows.matmul(unitRows((query - bank.mean(0)).unsqueeze(0))[0]);
        if (mode == "csls")
            return 2 * windows.matmul(query) - std::get<0>(windows.matmul(bank.t()).topk(10, 1)).mean(1);
        return windows.matmul(query);
    }
};

ClassRetrievalTally rankDirect(const FileVectors& files, const std::vector<DemoSearchClass>& classes, const torch::Tensor& queries,
                 const Scoring& scoring = {})
{
    ClassRetrievalTally t;
    const int64_t n = int64_t(files.paths.size());
    for (size_t c = 0; c < classes.size(); ++c) {
        // Files that are the class's recordings (several when links or copies hold one recording twice).
        const auto& own = classes[c].recordings;
        const int64_t relevant
            = std::count_if(files.sounds.begin(), files.sounds.end(), [&](const std::string& f) { return own.count(f) > 0; });
        if (relevant == 0)
            continue;
        std::vector<float> scores;
        for (const auto& w : files.windows)
            scores.push_back(scoring.scores(w, queries[int64_t(c)]).max().item<float>());
        t.add(firstRank(files.sounds, scores, own), n, relevant, classes[c].heardInTraining,
              files.paths[size_t(std::max_element(scores.begin(), scores.end()) - scores.begin())]);
    }
    return t;
}

// Class retrieval on prepared demo clips (the model's own domain): query each class's caption,
// relevant = clips with that label; `singleOnly` keeps clips of one event class.
ClassRetrievalTally rankCache(const FrameCacheReader& cache, const torch::Tensor& audio, const std::vector<DemoSearchClass>& classes,
                const torch::Tensor& queries, bool singleOnly, const Scoring& scoring = {})
{
    std::vector<int64_t> keep;
    for (size_t i = 0; i < cache.size(); ++i)
        if (!singleOnly || std::set<std::string>(cache.record(i).labels.begin(), cache.record(i).labels.end()).size() == 1)
            keep.push_back(int64_t(i));
    const auto a = unitRows(audio.index_select(0, torch::tensor(keep)));
    ClassRetrievalTally t;
    for (size_t c = 0; c < classes.size(); ++c) {
        std::vector<std::string> ids;
        std::set<std::string> relevant;
        for (int64_t i : keep) {
            const auto& r = cache.record(size_t(i));
            ids.push_back(r.id);
            if (std::find(r.labels.begin(), r.labels.end(), classes[c].name) != r.labels.end())
                relevant.insert(r.id);
        }
        if (relevant.empty())
            continue;
        const auto s = scoring.scores(a, queries[int64_t(c)]).contiguous();
        const std::vector<float> scores(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
        t.add(firstRank(ids, scores, relevant), int64_t(ids.size()), int64_t(relevant.size()),
              classes[c].heardInTraining, ids[size_t(std::max_element(scores.begin(), scores.end()) - scores.begin())]);
    }
    return t;
}

void printRow(const std::string& model, const std::string& what, const ordered_json& j)
{
    std::printf("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f / %.1f | %.1f |\n", model.c_str(),
                what.c_str(), j["classes"].get<int>(), j["top1"].get<double>(), j["top5"].get<double>(),
                j["top10"].get<double>(), j["mean_first_rank"].get<double>(), j["chance_top1"].get<double>(),
                j["chance_top5"].get<double>(), j["chance_top10"].get<double>(), j["chance_mean_first_rank"].get<double>());
    std::fflush(stdout);
}

int run(int argc, char** argv)
{
    fs::path demo, work, jsonOut;
    std::string seedRun = "seed-1";
    std::vector<std::string> runs;
    std::vector<fs::path> folders;
    int threads = 1;
    bool diagnose = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--demo" && i + 1 < argc)
            demo = argv[++i];
        else if (a == "--work" && i + 1 < argc)
            work = argv[++i];
        else if (a == "--json" && i + 1 < argc)
            jsonOut = argv[++i];
        else if (a == "--seed-run" && i + 1 < argc)
            seedRun = argv[++i];
        else if (a == "--runs" && i + 1 < argc) {
            std::stringstream list(argv[++i]);
            for (std::string r; std::getline(list, r, ',');)
                runs.push_back(r);
        } else if (a == "--threads" && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (a == "--diagnose")
            diagnose = true;
        else if (!a.empty() && a[0] != '-')
            folders.push_back(a);
        else {
            std::cerr << "usage: soundframe-bench text_search_quality --demo DEMO_OUT [--seed-run seed-1] [--runs a,b] [--work DIR]"
                         " [--threads N] [--json FILE] [--diagnose] [FOLDER...]\n";
            return 2;
        }
    }
    if (demo.empty()) {
        std::cerr << "text_search_quality: --demo DEMO_OUT is required\n";
        return 2;
    }
    setComputeThreads(threads);
    try {
        if (work.empty())
            work = demo / "text-search";
        const DemoSearchCheck check(demo / "world" / "world.json");
        if (folders.empty()) {
            std::ifstream in(demo / "report" / "results.json");
            const auto results = nlohmann::json::parse(in, nullptr, false);
            if (results.is_discarded() || !results.contains("search"))
                throw Error(demo / "report" / "results.json",
                            "no search library recorded (a demo run with --search-epochs 0?): give the FOLDERs to index");
            for (const auto& f : results["search"]["folders"])
                folders.push_back(f.get<std::string>());
        }
        const fs::path runRoot = demo / "runs" / seedRun;
        if (runs.empty()) {
            for (const auto& e : fs::directory_iterator(runRoot)) {
                const std::string name = e.path().filename().string();
                if (name.rfind("stage2-", 0) == 0 || name.rfind("search-", 0) == 0)
                    runs.push_back(name);
            }
            std::sort(runs.begin(), runs.end());
        }
        const std::vector<DemoSearchClass>& classes = check.classes();

        ordered_json report{{"demo", demo.string()}, {"folders", ordered_json::array()}, {"models", ordered_json::object()}};
        for (const auto& f : folders)
            report["folders"].push_back(f.string());
        std::printf("| model | queries | classes | top-1 | top-5 | top-10 | mean first rank | chance top-1/5/10 | chance rank |\n"
                    "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (const auto& run : runs) {
            const fs::path runDir = run.find('/') == std::string::npos ? runRoot / run : fs::path(run);
            const ModelIdentity model = ModelIdentity::resolve(runDir, "");
            const std::string label = fs::path(run).filename().string();
            ordered_json& m = report["models"][label];
            {
                LibraryIndex index(work / label, model);
                const auto s = index.add(folders);
                m["index"] = {{"added", s.added}, {"unchanged", s.unchanged}, {"failed", s.failed},
                              {"windows", s.windows}};
            }
            LibrarySearcher searcher(work / label, model);
            ClipTextEmbedder text(model.clipDir, torch::kCPU);

            // One query per class and style over every indexed file (what the demo's search.md shows).
            const ordered_json found = check.run(searcher);
            m["files"] = found["files"];
            std::map<std::string, torch::Tensor> queryRows;
            for (const auto& style : DemoSearchCheck::queryStyles()) {
                m["search"][style] = found["styles"][style];
                printRow(label, "index, " + style, m["search"][style]);
                std::vector<std::string> texts;
                for (const auto& c : classes)
                    texts.push_back(DemoSearchCheck::queryText(style, c));
                queryRows[style] = unitRows(text.embed(texts));
            }
            if (!diagnose)
                continue;

            // Every indexed file (any query ranks them all).
            SearchQuery probe;
            probe.text = "a sound";
            probe.k = 1 << 30;
            std::vector<std::string> indexedPaths;
            for (const auto& r : searcher.search(probe))
                indexedPaths.push_back(r.path);

            // Input variants, ranked directly with the encoder (brute force, best window per file).
            const std::vector<std::pair<std::string, double>> variants{
                {"raw", -1}, {"peak", -1}, {"noise", -1}, {"peak+noise", -1}, {"repeat", -1}, {"raw", 1.0}};
            FileVectors raw;
            for (const auto& [variant, hop] : variants) {
                const AudioWindowEmbedder embedder(model.encoderDir, "cpu", hop);
                const FileVectors files = embedFiles(embedder, indexedPaths, variant);
                if (variant == "raw" && hop < 0)
                    raw = files;
                const std::string name = variant + (hop > 0 ? ", hop 1 s" : "");
                m["variants"][name] = rankDirect(files, classes, queryRows["caption"]).toJson();
                printRow(label, "direct " + name + ", caption", m["variants"][name]);
            }

            // Hub corrections with a bank of the model's training captions (not the queries).
            Scoring centred{"centred", {}}, csls{"csls", {}};
            {
                const FrameCacheReader train(demo / "cache" / "train");
                centred.bank = csls.bank = unitRows(text.embed(cacheCaptions(train).first));
            }
            for (const Scoring* scoring : {&centred, &csls})
                for (const auto& style : DemoSearchCheck::queryStyles()) {
                    const std::string name = "raw, " + scoring->mode + ", " + style;
                    m["variants"][name] = rankDirect(raw, classes, queryRows[style], *scoring).toJson();
                    printRow(label, "direct " + name, m["variants"][name]);
                }

            // The model's own domain: prepared demo clips.
            Scoring plain;
            AudioEncoder encoder = loadAudioEncoder(model.encoderDir, torch::kCPU);
            for (const char* split : {"test", "train"}) {
                const FrameCacheReader cache(demo / "cache" / split);
                const auto audio = embedCachedAudio(encoder, cache, torch::kCPU);
                if (std::string(split) == "test") {
                    // The search path must embed a test video as the evaluator embeds its cached clip.
                    const AudioWindowEmbedder embedder(model.encoderDir, "cpu");
                    double worst = 0;
                    for (size_t i = 0; i < cache.size(); ++i) {
                        fs::path video = cache.record(i).mediaPath;
                        if (video.is_relative())
                            video = demo / "world" / video;
                        const auto r = embedder.embedFile(video);
                        const auto viaIndex = torch::from_blob(const_cast<float*>(r.vectors.data()), {embedder.dim()});
                        const auto viaEval = unitRows(audio[int64_t(i)].unsqueeze(0))[0];
                        worst = std::max(worst, (viaIndex - viaEval).abs().max().item<double>());
                    }
                    m["test_clip_search_vs_evaluator_max_abs_diff"] = worst;
                    std::printf("test clips, search path vs evaluator path: max |difference| %.3g\n", worst);
                }
                for (bool single : {true, false})
                    for (const Scoring* scoring : {&plain, &centred, &csls}) {
                        const std::string name = std::string(split) + (single ? " clips, one class, " : " clips, all, ")
                                                 + scoring->mode;
                        m["demo_clips"][name]
                            = rankCache(cache, audio, classes, queryRows["caption"], single, *scoring).toJson();
                        printRow(label, name + ", caption", m["demo_clips"][name]);
                    }
                if (std::string(split) == "test") {
                    // The evaluator's text->audio R@1 / R@10 (each caption finds its clip), per scoring.
                    const auto [texts, owner] = cacheCaptions(cache);
                    const auto t = unitRows(text.embed(texts));
                    const auto a = unitRows(audio);
                    for (const Scoring* scoring : {&plain, &centred, &csls}) {
                        double r1 = 0, r10 = 0;
                        for (int64_t i = 0; i < t.size(0); ++i) {
                            const auto s = scoring->scores(a, t[i]);
                            const int64_t rank = 1 + (s > s[owner[size_t(i)]]).sum().item<int64_t>();
                            r1 += rank <= 1;
                            r10 += rank <= 10;
                        }
                        const double nq = double(t.size(0));
                        m["test_text_to_audio"][scoring->mode] = {{"R@1", 100 * r1 / nq}, {"R@10", 100 * r10 / nq}};
                        std::printf("test text->audio (%s, %s): R@1 %.1f R@10 %.1f\n", label.c_str(),
                                    scoring->mode.c_str(), 100 * r1 / nq, 100 * r10 / nq);
                    }
                }
            }

            // Text alone: does the name (or the second phrase) find the class's first phrase?
            {
                const auto& caption = queryRows["caption"];
                auto top1 = [&](const torch::Tensor& q) {
                    const auto best = q.matmul(caption.t()).argmax(1);
                    return 100.0 * (best == torch::arange(int64_t(classes.size()))).to(torch::kFloat).mean().item<double>();
                };
                std::vector<std::string> second;
                for (const auto& c : classes)
                    second.push_back(c.phrases.size() > 1 ? c.phrases[1] : c.name);
                m["text_only"] = {{"name_finds_caption_top1", top1(queryRows["name"])},
                                  {"second_phrase_finds_caption_top1", top1(unitRows(text.embed(second)))},
                                  {"chance", 100.0 / double(classes.size())},
                                  {"mean_cosine_between_class_captions",
                                   ((caption.matmul(caption.t()).sum() - double(classes.size()))
                                    / double(classes.size() * (classes.size() - 1)))
                                       .item<double>()}};
                std::printf("text only (%s): %s\n", label.c_str(), m["text_only"].dump().c_str());
            }
            // Audio alone: is the nearest other file (mean of window vectors) of the same class?
            {
                std::vector<torch::Tensor> rows;
                for (const auto& w : raw.windows)
                    rows.push_back(w.mean(0));
                const auto v = unitRows(torch::stack(rows));
                auto sim = v.matmul(v.t());
                sim.fill_diagonal_(-2);
                const auto nearest = sim.argmax(1);
                std::map<std::string, int> classOf;
                for (size_t c = 0; c < classes.size(); ++c)
                    for (const auto& p : classes[c].recordings)
                        classOf.emplace(p, int(c));
                std::map<int, int> sizes;
                for (const auto& p : raw.sounds)
                    if (classOf.count(p))
                        ++sizes[classOf[p]];
                double hits = 0, chance = 0, queries = 0;
                for (size_t i = 0; i < raw.paths.size(); ++i) {
                    const auto it = classOf.find(raw.sounds[i]);
                    if (it == classOf.end() || sizes[it->second] < 2)
                        continue;
                    ++queries;
                    const auto other = classOf.find(raw.sounds[size_t(nearest[int64_t(i)].item<int64_t>())]);
                    hits += other != classOf.end() && other->second == it->second;
                    chance += double(sizes[it->second] - 1) / double(raw.paths.size() - 1);
                }
                m["audio_only"] = {{"files", queries},
                                   {"nearest_same_class", queries ? 100 * hits / queries : 0.0},
                                   {"chance", queries ? 100 * chance / queries : 0.0}};
                std::printf("audio only (%s): %s\n", label.c_str(), m["audio_only"].dump().c_str());
            }
        }
        if (!jsonOut.empty()) {
            std::ofstream out(jsonOut);
            out << report.dump(2) << "\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "text_search_quality: " << e.what() << "\n";
        return 1;
    }
    return 0;
}

} // namespace soundframe::bench::text_search_quality
