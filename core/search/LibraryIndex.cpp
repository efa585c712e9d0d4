#include "LibraryIndex.h"

#include "base/Error.h"
#include "search/AudioWindowEmbedder.h"
#include "search/FileScanner.h"
#include "search/IndexCatalog.h"
#include "model/AudioEncoderConfig.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <set>

namespace soundframe {

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool isUnder(const std::string& path, const fs::path& root)
{
    const std::string r = root.string();
    if (path == r)
        return true;
    return path.size() > r.size() && path.compare(0, r.size(), r) == 0 && (r.back() == '/' || path[r.size()] == '/');
}

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
} // namespace

fs::path LibraryIndex::vectorFile(const fs::path& dir, int64_t generation)
{
    return dir / ("vectors-" + std::to_string(generation) + ".faiss");
}

LibraryIndex::LibraryIndex(const fs::path& dir, const ModelIdentity& model, const LibraryIndexOptions& options)
    : m_dir(fs::absolute(dir).lexically_normal()), m_model(model), m_options(options)
{
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec)
        throw Error(m_dir, "cannot create the index folder: " + ec.message());
    const fs::path lock = m_dir / "writer.lock";
    m_lockFd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lockFd < 0)
        throw Error(lock, std::string("cannot open: ") + std::strerror(errno));
    if (::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_lockFd);
        throw Error(m_dir, "another soundframe-cli is updating this index; wait for it to finish");
    }
    try {
        m_catalog = std::make_unique<IndexCatalog>(m_dir / kDatabaseName);
        const auto recorded = m_catalog->meta("model_fingerprint");
        if (recorded && *recorded != m_model.fingerprint)
            throw Error(m_dir, "the index was built with model '" + *recorded + "' (" + m_catalog->meta("encoder_dir").value_or("?")
                                   + "); this model is '" + m_model.fingerprint + "' (" + m_model.encoderDir.string()
                                   + "). Use the index's model or another --index folder.");
        if (!recorded) {
            const AudioEncoderConfig config = readAudioEncoderConfig(m_model.encoderDir / "config.json");
            m_catalog->setMeta("format", "soundframe-library-index/1");
            m_catalog->setMeta("model_fingerprint", m_model.fingerprint);
            m_catalog->setMeta("encoder_dir", m_model.encoderDir.string());
            m_catalog->setMeta("clip_dir", m_model.clipDir.string());
            m_catalog->setMeta("dim", std::to_string(config.embedDim));
            m_catalog->setMeta("clip_seconds", std::to_string(config.clipSeconds));
            m_catalog->setMeta("hop_seconds",
                               std::to_string(m_options.hopSeconds > 0 ? m_options.hopSeconds : config.clipSeconds / 2));
            m_catalog->setMeta("index_type", vectorIndexTypeName(m_options.vectors.type));
            m_catalog->setMeta("roots", "[]");
        } else if (m_options.overrideIndexType) {
            m_catalog->setMeta("index_type", vectorIndexTypeName(m_options.vectors.type));
        }
        m_options.hopSeconds = std::stod(m_catalog->meta("hop_seconds").value_or("-1"));
        m_options.vectors.type = parseVectorIndexType(m_catalog->meta("index_type").value_or("auto"));
    } catch (...) {
        m_catalog.reset();
        ::close(m_lockFd);
        throw;
    }
}

LibraryIndex::~LibraryIndex()
{
    m_catalog.reset();
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

const AudioWindowEmbedder& LibraryIndex::embedder()
{
    if (!m_embedder)
        m_embedder = std::make_unique<AudioWindowEmbedder>(m_model.encoderDir, m_options.device, m_options.hopSeconds,
                                                           m_options.batchWindows);
    return *m_embedder;
}

std::vector<fs::path> LibraryIndex::roots() const
{
    std::vector<fs::path> out;
    for (const auto& r : nlohmann::json::parse(m_catalog->meta("roots").value_or("[]")))
        out.push_back(fs::u8path(r.get<std::string>()));
    return out;
}

IndexUpdateSummary LibraryIndex::add(const std::vector<fs::path>& paths, const JobHooks& hooks)
{
    std::vector<fs::path> absolute;
    std::set<std::string> known;
    for (const auto& r : roots())
        known.insert(r.string());
    auto json = nlohmann::json::parse(m_catalog->meta("roots").value_or("[]"));
    for (const auto& p : paths) {
        absolute.push_back(fs::absolute(p).lexically_normal());
        if (absolute.back().has_filename() == false)
            absolute.back() = absolute.back().parent_path();
        if (known.insert(absolute.back().string()).second)
            json.push_back(absolute.back().string());
    }
    m_catalog->setMeta("roots", json.dump());
    return update(absolute, hooks);
}

IndexUpdateSummary LibraryIndex::sync(const JobHooks& hooks) { return update(roots(), hooks); }

IndexUpdateSummary LibraryIndex::update(const std::vector<fs::path>& roots, const JobHooks& hooks)
{
    const auto started = Clock::now();
    IndexUpdateSummary summary;
    const int64_t generation = m_catalog->publishedGeneration() + 1;
    const int dim = std::stoi(m_catalog->meta("dim").value_or("0"));

    hooks.report({"scan", 0, 0, "listing files"});
    std::vector<FileScanner::Problem> problems;
    const auto files = FileScanner::scan(roots, problems);
    for (const auto& p : problems)
        summary.failures.push_back({p.path, p.reason});
    auto current = m_catalog->currentFiles();

    // What changed: new files, files whose content differs, files that vanished.
    struct Work {
        FileScanner::File file;
        std::string hash;
        int64_t replaces = 0;  // catalog id of the older version, 0 if new
    };
    std::vector<Work> work;
    std::set<std::string> present;
    for (const auto& f : files) {
        present.insert(f.path.string());
        const auto it = current.find(f.path.string());
        if (it != current.end() && it->second.size == f.size && it->second.mtimeNs == f.mtimeNs) {
            ++summary.unchanged;
            continue;
        }
        std::string hash;
        try {
            hash = FileScanner::contentHash(f.path);
        } catch (const Error& e) {
            summary.failures.push_back({f.path.string(), e.reason()});
            ++summary.failed;
            continue;
        }
        if (it != current.end() && it->second.hash == hash) {
            m_catalog->touchFile(it->second.id, f.size, f.mtimeNs);
            ++summary.unchanged;
            continue;
        }
        work.push_back({f, hash, it != current.end() ? it->second.id : 0});
    }
    for (const auto& [path, row] : current) {
        if (present.count(path))
            continue;
        bool covered = false;
        for (const auto& root : roots)
            covered = covered || isUnder(path, root);
        if (covered) {
            m_catalog->removeFile(row.id, generation);
            ++summary.removed;
        }
    }

    auto lastPublish = Clock::now();
    const int64_t total = int64_t(work.size());
    for (int64_t i = 0; i < total; ++i) {
        if (hooks.cancelled()) {
            summary.cancelled = true;
            break;
        }
        const Work& w = work[size_t(i)];
        IndexedFile record;
        record.path = w.file.path.string();
        record.size = w.file.size;
        record.mtimeNs = w.file.mtimeNs;
        record.hash = w.hash;
        AudioWindowEmbedder::Result embedded;
        try {
            embedded = embedder().embedFile(w.file.path);
            record.durationSeconds = embedded.durationSeconds;
        } catch (const Error& e) {
            record.failed = true;
            record.reason = e.reason();
            summary.failures.push_back({record.path, e.reason()});
            ++summary.failed;
            embedded = {};
        }
        if (w.replaces)
            m_catalog->removeFile(w.replaces, generation);
        m_catalog->addFile(record, embedded.windows, embedded.vectors, dim, generation);
        if (!record.failed) {
            ++(w.replaces ? summary.updated : summary.added);
            summary.windows += int64_t(embedded.windows.size());
            summary.audioSeconds += embedded.durationSeconds;
        }
        hooks.report({"index", i + 1, total, (record.failed ? "failed " : "") + record.path});
        if (m_options.publishEverySeconds > 0 && secondsSince(lastPublish) > m_options.publishEverySeconds) {
            publish(generation, summary);
            lastPublish = Clock::now();
            // Later work goes into the next generation.
            return [&]() {
                IndexUpdateSummary rest = update(roots, hooks);
                rest.added += summary.added;
                rest.updated += summary.updated;
                rest.removed += summary.removed;
                rest.failed += summary.failed;
                rest.windows += summary.windows;
                rest.audioSeconds += summary.audioSeconds;
                rest.failures.insert(rest.failures.begin(), summary.failures.begin(), summary.failures.end());
                rest.unchanged -= summary.added + summary.updated + summary.failed;
                rest.elapsedSeconds = secondsSince(started);
                return rest;
            }();
        }
    }
    if (m_catalog->pendingChanges(generation) > 0 || m_catalog->publishedGeneration() == 0)
        publish(generation, summary);
    summary.generation = m_catalog->publishedGeneration();
    if (summary.indexType.empty())
        summary.indexType = m_catalog->meta("published_index_type").value_or("");
    summary.elapsedSeconds = secondsSince(started);
    return summary;
}

void LibraryIndex::publish(int64_t generation, IndexUpdateSummary& summary)
{
    const int dim = std::stoi(m_catalog->meta("dim").value_or("0"));
    const auto [ids, data] = m_catalog->vectorsAt(generation, dim);
    const VectorStore store = VectorStore::build(data.data(), ids.data(), int64_t(ids.size()), dim, m_options.vectors);
    store.save(vectorFile(m_dir, generation));
    m_catalog->setMeta("published_index_type", vectorIndexTypeName(store.type()));
    m_catalog->publish(generation);
    summary.generation = generation;
    summary.indexType = vectorIndexTypeName(store.type());
    // Readers of generation - 1 may still open its file; older ones are unreachable.
    for (const auto& entry : fs::directory_iterator(m_dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("vectors-", 0) != 0 || entry.path().extension() != ".faiss")
            continue;
        try {
            const int64_t g = std::stoll(name.substr(8));
            if (g < generation - 1) {
                std::error_code ec;
                fs::remove(entry.path(), ec);
            }
        } catch (const std::exception&) {
        }
    }
}

} // namespace soundframe
