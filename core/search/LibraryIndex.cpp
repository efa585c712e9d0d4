#include "LibraryIndex.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "search/AudioWindowEmbedder.h"
#include "search/FileScanner.h"
#include "search/IndexCatalog.h"
#include "model/AudioEncoderConfig.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
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

// What add remembered: a JSON array of paths in the catalog's "roots" meta.
std::vector<fs::path> rootsOf(const IndexCatalog& catalog)
{
    std::vector<fs::path> out;
    for (const auto& r : nlohmann::json::parse(catalog.meta("roots").value_or("[]")))
        out.push_back(fs::u8path(r.get<std::string>()));
    return out;
}
} // namespace

fs::path LibraryIndex::rootPath(const fs::path& path)
{
    fs::path absolute = fs::absolute(path).lexically_normal();
    if (!absolute.has_filename())
        absolute = absolute.parent_path();
    return absolute;
}

fs::path LibraryIndex::vectorFile(const fs::path& dir, int64_t generation)
{
    return dir / ("vectors-" + std::to_string(generation) + ".faiss");
}

std::optional<std::string> LibraryIndex::recordedModel(const fs::path& dir)
{
    if (!fs::is_regular_file(dir / kDatabaseName))
        return std::nullopt;
    return IndexCatalog(dir / kDatabaseName, IndexCatalog::Mode::ReadOnly).meta("model_fingerprint");
}

std::optional<ModelIdentity> LibraryIndex::recordedModelIdentity(const fs::path& dir)
{
    if (!fs::is_regular_file(dir / kDatabaseName))
        return std::nullopt;
    const IndexCatalog catalog(dir / kDatabaseName, IndexCatalog::Mode::ReadOnly);
    return ModelIdentity::resolve(fs::u8path(catalog.meta("encoder_dir").value_or("")),
                                  fs::u8path(catalog.meta("clip_dir").value_or("")));
}

std::vector<fs::path> LibraryIndex::recordedRoots(const fs::path& dir)
{
    if (!fs::is_regular_file(dir / kDatabaseName))
        return {};
    return rootsOf(IndexCatalog(dir / kDatabaseName, IndexCatalog::Mode::ReadOnly));
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
    removeStaleTemporaries(m_dir);  // a FAISS file being written when an earlier writer was killed
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
    return rootsOf(*m_catalog);
}

void LibraryIndex::setRoots(const std::vector<fs::path>& roots)
{
    auto json = nlohmann::json::array();
    for (const auto& r : roots)
        json.push_back(r.string());
    m_catalog->setMeta("roots", json.dump());
}

IndexUpdateSummary LibraryIndex::add(const std::vector<fs::path>& paths, const JobHooks& hooks)
{
    std::vector<fs::path> absolute;
    std::vector<fs::path> remembered = roots();
    for (const auto& p : paths) {
        absolute.push_back(rootPath(p));
        if (std::find(remembered.begin(), remembered.end(), absolute.back()) == remembered.end())
            remembered.push_back(absolute.back());
    }
    setRoots(remembered);
    return update(absolute, hooks);
}

IndexUpdateSummary LibraryIndex::remove(const std::vector<fs::path>& paths)
{
    const auto started = Clock::now();
    std::vector<fs::path> remembered = roots();
    std::vector<fs::path> removed;
    for (const auto& p : paths) {
        const fs::path root = rootPath(p);
        const auto it = std::find(remembered.begin(), remembered.end(), root);
        if (it == remembered.end()) {
            std::string known;
            for (const auto& r : roots())
                known += (known.empty() ? "" : ", ") + r.string();
            throw Error(root, "not a folder or file the index at " + m_dir.string()
                                  + " was given (it remembers: " + (known.empty() ? "none" : known) + ")");
        }
        remembered.erase(it);
        removed.push_back(root);
    }
    IndexUpdateSummary summary;
    const int64_t generation = m_catalog->publishedGeneration() + 1;
    {
        IndexCatalog::Transaction transaction(*m_catalog);
        for (const auto& [path, row] : m_catalog->currentFiles()) {
            const auto under = [&path = path](const fs::path& root) { return isUnder(path, root); };
            if (std::any_of(removed.begin(), removed.end(), under) && std::none_of(remembered.begin(), remembered.end(), under)) {
                m_catalog->removeFile(row.id, generation);
                ++summary.removed;
            }
        }
        setRoots(remembered);
        transaction.commit();
    }
    if (m_catalog->pendingChanges(generation) > 0)
        publish(generation, summary);
    summary.generation = m_catalog->publishedGeneration();
    summary.indexType = m_catalog->meta("published_index_type").value_or("");
    summary.elapsedSeconds = secondsSince(started);
    return summary;
}

IndexUpdateSummary LibraryIndex::sync(const JobHooks& hooks) { return update(roots(), hooks); }

IndexUpdateSummary LibraryIndex::update(const std::vector<fs::path>& roots, const JobHooks& hooks)
{
    const auto started = Clock::now();
    IndexUpdateSummary summary;
    int64_t generation = m_catalog->publishedGeneration() + 1;
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
    summary.scanSeconds = secondsSince(started);

    // Batches of files: decoded one by one, their windows embedded in shared forward passes, then
    // committed in one transaction.
    auto lastPublish = Clock::now();
    const int64_t total = int64_t(work.size());
    const size_t batchFiles = size_t(std::max(1, m_options.commitFiles));
    const size_t batchWindows = size_t(4 * std::max(1, m_options.batchWindows));
    int64_t next = 0;
    while (next < total) {
        if (hooks.cancelled()) {
            summary.cancelled = true;
            break;
        }
        std::vector<IndexedFile> records;
        std::vector<AudioWindowEmbedder::Decoded> decoded;
        std::vector<size_t> decodedOf;  // per record: index into decoded, or npos for a failure
        size_t windows = 0;
        auto t = Clock::now();
        while (next < total && records.size() < batchFiles && windows < batchWindows) {
            const Work& w = work[size_t(next++)];
            IndexedFile record;
            record.path = w.file.path.string();
            record.size = w.file.size;
            record.mtimeNs = w.file.mtimeNs;
            record.hash = w.hash;
            record.id = w.replaces;  // remembered until the commit below
            try {
                decoded.push_back(embedder().decode(w.file.path));
                decodedOf.push_back(decoded.size() - 1);
                record.durationSeconds = double(decoded.back().samples.size()) / decoded.back().rate;
                windows += embedder().windowStarts(record.durationSeconds).size();
            } catch (const Error& e) {
                record.failed = true;
                record.reason = e.reason();
                decodedOf.push_back(std::string::npos);
            }
            records.push_back(record);
        }
        summary.decodeSeconds += secondsSince(t);
        t = Clock::now();
        std::vector<const AudioWindowEmbedder::Decoded*> inputs;
        for (const auto& d : decoded)
            inputs.push_back(&d);
        std::vector<AudioWindowEmbedder::Result> embedded;
        try {
            embedded = embedder().embedDecoded(inputs);
        } catch (const Error& e) {
            // One bad file must not sink its batch: embed the batch's files one at a time.
            embedded.assign(decoded.size(), {});
            for (size_t r = 0; r < records.size(); ++r) {
                if (decodedOf[r] == std::string::npos)
                    continue;
                try {
                    embedded[decodedOf[r]] = std::move(embedder().embedDecoded({inputs[decodedOf[r]]}).front());
                } catch (const Error& one) {
                    records[r].failed = true;
                    records[r].reason = one.reason();
                    decodedOf[r] = std::string::npos;
                }
            }
        }
        decoded.clear();
        summary.embedSeconds += secondsSince(t);
        t = Clock::now();
        {
            IndexCatalog::Transaction transaction(*m_catalog);
            for (size_t r = 0; r < records.size(); ++r) {
                IndexedFile& record = records[r];
                const int64_t replaces = record.id;
                record.id = 0;
                if (replaces)
                    m_catalog->removeFile(replaces, generation);
                static const AudioWindowEmbedder::Result none;
                const auto& e = decodedOf[r] == std::string::npos ? none : embedded[decodedOf[r]];
                m_catalog->addFile(record, e.windows, e.vectors, dim, generation);
                if (record.failed) {
                    summary.failures.push_back({record.path, record.reason});
                    ++summary.failed;
                } else {
                    ++(replaces ? summary.updated : summary.added);
                    summary.windows += int64_t(e.windows.size());
                    summary.audioSeconds += record.durationSeconds;
                }
            }
            transaction.commit();
        }
        summary.commitSeconds += secondsSince(t);
        hooks.report({"index", next, total, (records.back().failed ? "failed " : "") + records.back().path});
        if (m_options.publishEverySeconds > 0 && next < total && secondsSince(lastPublish) > m_options.publishEverySeconds) {
            publish(generation, summary);
            lastPublish = Clock::now();
            ++generation;  // later work goes into the next generation
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
    const auto started = Clock::now();
    const int dim = std::stoi(m_catalog->meta("dim").value_or("0"));
    const int64_t previous = m_catalog->publishedGeneration();
    if (previous > 0 && m_storeGeneration != previous) {
        // The first publish of this process starts from the published file.
        m_store.reset();
        try {
            m_store = std::make_unique<VectorStore>(VectorStore::load(vectorFile(m_dir, previous), m_options.vectors));
            m_storeGeneration = previous;
        } catch (const Error&) {
            m_storeGeneration = -1;
        }
    }
    bool updated = false;
    if (m_store && m_storeGeneration == previous && previous > 0 && m_store->dim() == dim) {
        auto changes = m_catalog->vectorChanges(previous, generation, dim);
        const int64_t count = m_store->size() + int64_t(changes.addedIds.size()) - int64_t(changes.removedIds.size());
        const int64_t trainedAt = std::stoll(m_catalog->meta("vectors_at_build").value_or("0"));
        const bool outgrown = m_store->type() == VectorIndexType::IvfPq && count > 2 * std::max<int64_t>(trainedAt, 1);
        if (VectorStore::resolvedType(count, m_options.vectors) == m_store->type() && !outgrown
            && (changes.removedIds.empty() || m_store->canRemove())) {
            m_store->remove(changes.removedIds);
            m_store->add(changes.addedVectors.data(), changes.addedIds.data(), int64_t(changes.addedIds.size()));
            updated = true;
        }
    }
    if (!updated) {
        const auto [ids, data] = m_catalog->vectorsAt(generation, dim);
        m_store = std::make_unique<VectorStore>(
            VectorStore::build(data.data(), ids.data(), int64_t(ids.size()), dim, m_options.vectors));
        m_catalog->setMeta("vectors_at_build", std::to_string(ids.size()));
        ++summary.rebuilds;
    }
    m_storeGeneration = -1;  // until the file and the catalog agree
    m_store->save(vectorFile(m_dir, generation));
    m_catalog->setMeta("published_index_type", vectorIndexTypeName(m_store->type()));
    m_catalog->publish(generation);
    m_storeGeneration = generation;
    summary.generation = generation;
    summary.indexType = vectorIndexTypeName(m_store->type());
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
    summary.publishSeconds += secondsSince(started);
}

} // namespace soundframe
