#include "IndexCatalog.h"

#include "base/Error.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstring>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

// A prepared statement that finalises itself.
class Statement {
public:
    Statement(sqlite3* db, const char* sql, const fs::path& where) : m_db(db), m_where(where)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            throw Error(where, std::string("SQLite: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement& bind(int i, int64_t v) { check(sqlite3_bind_int64(m_stmt, i, v)); return *this; }
    Statement& bind(int i, double v) { check(sqlite3_bind_double(m_stmt, i, v)); return *this; }
    Statement& bind(int i, const std::string& v)
    {
        check(sqlite3_bind_text(m_stmt, i, v.data(), int(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bindBlob(int i, const void* data, size_t bytes)
    {
        check(sqlite3_bind_blob64(m_stmt, i, data, bytes, SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bindNull(int i) { check(sqlite3_bind_null(m_stmt, i)); return *this; }
    // true while a row is available.
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        throw Error(m_where, std::string("SQLite: ") + sqlite3_errmsg(m_db));
    }
    void reset() { sqlite3_reset(m_stmt); sqlite3_clear_bindings(m_stmt); }
    int64_t integer(int c) const { return sqlite3_column_int64(m_stmt, c); }
    double real(int c) const { return sqlite3_column_double(m_stmt, c); }
    std::string text(int c) const
    {
        const auto* p = sqlite3_column_text(m_stmt, c);
        return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(m_stmt, c))) : std::string();
    }
    const void* blob(int c) const { return sqlite3_column_blob(m_stmt, c); }
    size_t blobBytes(int c) const { return size_t(sqlite3_column_bytes(m_stmt, c)); }

private:
    void check(int rc) const
    {
        if (rc != SQLITE_OK)
            throw Error(m_where, std::string("SQLite: ") + sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    fs::path m_where;
    sqlite3_stmt* m_stmt = nullptr;
};

const char* kFileColumns = "f.id, f.path, f.size, f.mtime_ns, f.hash, f.duration, f.failed, f.reason, f.windows, f.added_gen";

IndexedFile readFile(const Statement& s, int first)
{
    IndexedFile f;
    f.id = s.integer(first);
    f.path = s.text(first + 1);
    f.size = s.integer(first + 2);
    f.mtimeNs = s.integer(first + 3);
    f.hash = s.text(first + 4);
    f.durationSeconds = s.real(first + 5);
    f.failed = s.integer(first + 6) != 0;
    f.reason = s.text(first + 7);
    f.windows = s.integer(first + 8);
    f.addedGeneration = s.integer(first + 9);
    return f;
}

// Rows of (window id, vector blob) into ids and [n, dim] data.
void readVectorRows(Statement& s, int dim, std::vector<int64_t>& ids, std::vector<float>& data, const fs::path& where)
{
    while (s.step()) {
        if (s.blobBytes(1) != size_t(dim) * sizeof(float))
            throw Error(where, "window " + std::to_string(s.integer(0)) + " holds a vector of the wrong size");
        ids.push_back(s.integer(0));
        const auto* p = static_cast<const float*>(s.blob(1));
        data.insert(data.end(), p, p + dim);
    }
}

const char* kVisible = "(f.added_gen <= ?1 AND (f.removed_gen IS NULL OR f.removed_gen > ?1))";

// An absolute path as the path part of an SQLite URI ('?', '#' and '%' escaped).
std::string uriPath(const fs::path& file)
{
    std::string out;
    for (const char c : fs::absolute(file).lexically_normal().string()) {
        if (c == '?' || c == '#' || c == '%') {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", unsigned(static_cast<unsigned char>(c)));
            out += hex;
        } else {
            out += c;
        }
    }
    return out;
}
} // namespace

IndexCatalog::IndexCatalog(const fs::path& databaseFile, Mode mode) : m_path(databaseFile)
{
    if (mode == Mode::ReadOnly) {
        openReadOnly();
        return;
    }
    if (sqlite3_open_v2(databaseFile.string().c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw Error(databaseFile, "cannot open the index database: " + message);
    }
    try {
        // Readers wait for a writer's short commits rather than failing.
        sqlite3_busy_timeout(m_db, 30000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("PRAGMA foreign_keys=ON");
        exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        exec("CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL,"
             " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL, duration REAL NOT NULL,"
             " failed INTEGER NOT NULL, reason TEXT NOT NULL, windows INTEGER NOT NULL,"
             " added_gen INTEGER NOT NULL, removed_gen INTEGER)");
        exec("CREATE INDEX IF NOT EXISTS files_path ON files(path)");
        exec("CREATE TABLE IF NOT EXISTS windows(id INTEGER PRIMARY KEY AUTOINCREMENT,"
             " file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,"
             " start REAL NOT NULL, end REAL NOT NULL, vector BLOB NOT NULL)");
        exec("CREATE INDEX IF NOT EXISTS windows_file ON windows(file_id)");
    } catch (...) {
        sqlite3_close(m_db);
        throw;
    }
}

void IndexCatalog::openReadOnly()
{
    // Opens with URI parameters `query` and reads the schema: the first read is where a WAL reader
    // sets up its shared memory, so that is where a full disk or a read-only folder shows.
    std::string firstError;
    const auto attempt = [&](const char* query) {
        sqlite3* db = nullptr;
        const std::string uri = "file:" + uriPath(m_path) + query;
        int rc = sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
        if (rc == SQLITE_OK) {
            sqlite3_busy_timeout(db, 30000);
            rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        }
        if (rc == SQLITE_OK) {
            m_db = db;
            return true;
        }
        if (firstError.empty())
            firstError = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return false;
    };
    // 1. A normal WAL reader (creates or maps the -shm file). 2. The -shm exists but cannot be
    // written: SQLite reads the WAL into heap memory. 3. No -wal file with commits: everything is
    // in the database file, which needs no -shm when opened immutable.
    if (attempt("?mode=ro") || attempt("?mode=ro&readonly_shm=1"))
        return;
    std::error_code ec;
    const auto walBytes = fs::file_size(m_path.string() + "-wal", ec);
    if ((ec || walBytes == 0) && attempt("?mode=ro&immutable=1"))
        return;
    throw Error(m_path, "cannot open the index database for reading: " + firstError
                            + (ec || walBytes == 0 ? std::string()
                                                   : "; its -wal file holds commits that SQLite reads only through a "
                                                     "-shm file, which cannot be created here (full disk or read-only "
                                                     "folder?)"));
}

IndexCatalog::~IndexCatalog() { sqlite3_close(m_db); }

void IndexCatalog::exec(const std::string& sql) const
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw Error(m_path, "SQLite: " + text + " (" + sql.substr(0, 60) + ")");
    }
}

void IndexCatalog::fail(const std::string& what) const { throw Error(m_path, what); }

std::optional<std::string> IndexCatalog::meta(const std::string& key) const
{
    Statement s(m_db, "SELECT value FROM meta WHERE key = ?1", m_path);
    s.bind(1, key);
    if (!s.step())
        return std::nullopt;
    return s.text(0);
}

void IndexCatalog::setMeta(const std::string& key, const std::string& value)
{
    Statement s(m_db, "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2", m_path);
    s.bind(1, key).bind(2, value);
    s.step();
}

int64_t IndexCatalog::publishedGeneration() const
{
    const auto value = meta("published_generation");
    return value ? std::stoll(*value) : 0;
}

std::map<std::string, IndexedFile> IndexCatalog::currentFiles() const
{
    std::map<std::string, IndexedFile> files;
    Statement s(m_db, (std::string("SELECT ") + kFileColumns + " FROM files f WHERE f.removed_gen IS NULL").c_str(), m_path);
    while (s.step()) {
        IndexedFile f = readFile(s, 0);
        files[f.path] = f;
    }
    return files;
}

std::vector<IndexedFile> IndexCatalog::filesAt(int64_t generation) const
{
    std::vector<IndexedFile> files;
    Statement s(m_db, (std::string("SELECT ") + kFileColumns + " FROM files f WHERE " + kVisible + " ORDER BY f.path").c_str(),
                m_path);
    s.bind(1, generation);
    while (s.step())
        files.push_back(readFile(s, 0));
    return files;
}

int64_t IndexCatalog::addFile(const IndexedFile& file, const std::vector<IndexedWindow>& windows,
                              const std::vector<float>& vectors, int dim, int64_t generation)
{
    if (vectors.size() != windows.size() * size_t(dim))
        fail("internal: " + std::to_string(windows.size()) + " windows but " + std::to_string(vectors.size()) + " floats");
    const bool own = !m_inTransaction;
    if (own)
        exec("BEGIN IMMEDIATE");
    try {
        Statement f(m_db, "INSERT INTO files(path, size, mtime_ns, hash, duration, failed, reason, windows, added_gen)"
                          " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", m_path);
        f.bind(1, file.path).bind(2, file.size).bind(3, file.mtimeNs).bind(4, file.hash).bind(5, file.durationSeconds);
        f.bind(6, int64_t(file.failed)).bind(7, file.reason).bind(8, int64_t(windows.size())).bind(9, generation);
        f.step();
        const int64_t fileId = sqlite3_last_insert_rowid(m_db);
        Statement w(m_db, "INSERT INTO windows(file_id, start, end, vector) VALUES(?1, ?2, ?3, ?4)", m_path);
        for (size_t i = 0; i < windows.size(); ++i) {
            w.bind(1, fileId).bind(2, windows[i].startSeconds).bind(3, windows[i].endSeconds);
            w.bindBlob(4, vectors.data() + i * size_t(dim), size_t(dim) * sizeof(float));
            w.step();
            w.reset();
        }
        if (own)
            exec("COMMIT");
        return fileId;
    } catch (...) {
        if (own)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void IndexCatalog::removeFile(int64_t fileId, int64_t generation)
{
    Statement d(m_db, "DELETE FROM files WHERE id = ?1 AND added_gen >= ?2", m_path);
    d.bind(1, fileId).bind(2, generation);
    d.step();
    Statement u(m_db, "UPDATE files SET removed_gen = ?2 WHERE id = ?1 AND removed_gen IS NULL", m_path);
    u.bind(1, fileId).bind(2, generation);
    u.step();
}

void IndexCatalog::touchFile(int64_t fileId, int64_t size, int64_t mtimeNs)
{
    Statement u(m_db, "UPDATE files SET size = ?2, mtime_ns = ?3 WHERE id = ?1", m_path);
    u.bind(1, fileId).bind(2, size).bind(3, mtimeNs);
    u.step();
}

std::pair<std::vector<int64_t>, std::vector<float>> IndexCatalog::vectorsAt(int64_t generation, int dim) const
{
    std::pair<std::vector<int64_t>, std::vector<float>> out;
    Statement s(m_db, (std::string("SELECT w.id, w.vector FROM windows w JOIN files f ON f.id = w.file_id WHERE ")
                       + kVisible + " ORDER BY w.id").c_str(), m_path);
    s.bind(1, generation);
    readVectorRows(s, dim, out.first, out.second, m_path);
    return out;
}

std::vector<std::pair<int64_t, std::vector<float>>> IndexCatalog::vectorsById(const std::vector<int64_t>& ids) const
{
    std::vector<std::pair<int64_t, std::vector<float>>> out;
    Statement s(m_db, "SELECT vector FROM windows WHERE id = ?1", m_path);
    for (int64_t id : ids) {
        s.bind(1, id);
        if (s.step()) {
            const auto* p = static_cast<const float*>(s.blob(0));
            out.emplace_back(id, std::vector<float>(p, p + s.blobBytes(0) / sizeof(float)));
        }
        s.reset();
    }
    return out;
}

IndexCatalog::VectorChanges IndexCatalog::vectorChanges(int64_t from, int64_t to, int dim) const
{
    VectorChanges out;
    Statement a(m_db, "SELECT w.id, w.vector FROM windows w JOIN files f ON f.id = w.file_id WHERE f.added_gen > ?1"
                      " AND f.added_gen <= ?2 AND (f.removed_gen IS NULL OR f.removed_gen > ?2) ORDER BY w.id", m_path);
    a.bind(1, from).bind(2, to);
    readVectorRows(a, dim, out.addedIds, out.addedVectors, m_path);
    Statement r(m_db, "SELECT w.id FROM windows w JOIN files f ON f.id = w.file_id WHERE f.added_gen <= ?1"
                      " AND f.removed_gen > ?1 AND f.removed_gen <= ?2 ORDER BY w.id", m_path);
    r.bind(1, from).bind(2, to);
    while (r.step())
        out.removedIds.push_back(r.integer(0));
    return out;
}

int64_t IndexCatalog::pendingChanges(int64_t generation) const
{
    Statement s(m_db, "SELECT COUNT(*) FROM files WHERE added_gen >= ?1 OR removed_gen >= ?1", m_path);
    s.bind(1, generation);
    s.step();
    return s.integer(0);
}

void IndexCatalog::publish(int64_t generation)
{
    exec("BEGIN IMMEDIATE");
    try {
        setMeta("published_generation", std::to_string(generation));
        // Readers may still hold generation - 1: keep what it sees.
        Statement d(m_db, "DELETE FROM files WHERE removed_gen IS NOT NULL AND removed_gen <= ?1", m_path);
        d.bind(1, generation - 1);
        d.step();
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::map<int64_t, IndexCatalog::WindowHit> IndexCatalog::resolve(const std::vector<int64_t>& ids, int64_t generation) const
{
    std::map<int64_t, WindowHit> hits;
    Statement s(m_db, (std::string("SELECT w.id, w.start, w.end, ") + kFileColumns
                       + " FROM windows w JOIN files f ON f.id = w.file_id WHERE w.id = ?2 AND " + kVisible).c_str(),
                m_path);
    for (int64_t id : ids) {
        if (hits.count(id))
            continue;
        s.bind(1, generation).bind(2, id);
        if (s.step()) {
            WindowHit hit;
            hit.window.id = s.integer(0);
            hit.window.startSeconds = s.real(1);
            hit.window.endSeconds = s.real(2);
            hit.file = readFile(s, 3);
            hits[id] = hit;
        }
        s.reset();
    }
    return hits;
}

IndexCatalog::Transaction::Transaction(IndexCatalog& catalog) : m_catalog(catalog)
{
    if (m_catalog.m_inTransaction)
        m_catalog.fail("internal: nested write transaction");
    m_catalog.exec("BEGIN IMMEDIATE");
    m_catalog.m_inTransaction = true;
}

IndexCatalog::Transaction::~Transaction()
{
    if (m_open)
        sqlite3_exec(m_catalog.m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    m_catalog.m_inTransaction = false;
}

void IndexCatalog::Transaction::commit()
{
    m_catalog.exec("COMMIT");
    m_open = false;
    m_catalog.m_inTransaction = false;
}

IndexCatalog::ReadSnapshot::ReadSnapshot(const IndexCatalog& catalog) : m_catalog(catalog)
{
    m_catalog.exec("BEGIN");
    // A deferred transaction takes its snapshot at the first read: read now.
    m_catalog.publishedGeneration();
}

IndexCatalog::ReadSnapshot::~ReadSnapshot() { sqlite3_exec(m_catalog.m_db, "COMMIT", nullptr, nullptr, nullptr); }

} // namespace soundframe
