// Torch-facing headers first: Qt's `slots` macro breaks LibTorch's headers.
#include "base/Error.h"
#include "search/IndexCatalog.h"
#include "search/LibraryIndex.h"
#include "search/LibrarySearcher.h"

#include "QueryWorker.h"

#include <QDir>
#include <QFileInfo>

namespace soundframe::gui {

namespace fs = std::filesystem;

struct QueryWorker::Open {
    QString folder;
    std::unique_ptr<LibrarySearcher> searcher;
    qint64 indexedFiles = 0;  // at the generation the searcher opened (it is reopened after a build)
};

QueryWorker::QueryWorker(QObject* parent) : QObject(parent), m_open(std::make_unique<Open>()) {}

QueryWorker::~QueryWorker() = default;

void QueryWorker::search(const QueryRequest& request)
{
    Q_EMIT searched(runSearch(request));
}

void QueryWorker::buildIndex(const IndexRequest& request)
{
    QString summary;
    const QString error = runIndex(request, summary);
    Q_EMIT indexBuilt(error, summary);
}

QueryResults QueryWorker::runSearch(const QueryRequest& request)
{
    QueryResults out;
    out.requestId = request.id;
    out.kind = !request.text.isEmpty() ? "text" : !request.imageFile.isEmpty() ? "image" : "audio";
    try {
        if (!QFileInfo(request.indexFolder + "/" + LibraryIndex::kDatabaseName).isFile())
            throw Error(request.indexFolder.toStdString(), "no library index here yet");
        if (!m_open->searcher || m_open->folder != request.indexFolder) {
            m_open->searcher.reset();
            m_open->searcher = std::make_unique<LibrarySearcher>(fs::u8path(request.indexFolder.toStdString()));
            m_open->folder = request.indexFolder;
            IndexCatalog& catalog = m_open->searcher->catalog();
            m_open->indexedFiles = qint64(catalog.filesAt(catalog.publishedGeneration()).size());
        }
        out.indexFolder = request.indexFolder;
        out.indexedFiles = m_open->indexedFiles;
        out.encoderFolder = QString::fromStdString(m_open->searcher->model().encoderDir.string());
        out.clipModelFolder = QString::fromStdString(m_open->searcher->model().clipDir.string());
        SearchQuery q;
        q.text = request.text.toStdString();
        q.audioFile = fs::u8path(request.audioFile.toStdString());
        q.imageFile = fs::u8path(request.imageFile.toStdString());
        q.k = request.k;
        for (const SearchResult& r : m_open->searcher->search(q))
            out.hits.push_back({QString::fromStdString(r.path), r.score, r.windowStart, r.windowEnd, r.durationSeconds});
    } catch (const std::exception& e) {
        out.hits.clear();
        out.error = QString::fromLocal8Bit(e.what()).section('\n', 0, 2);
    }
    return out;
}

QString QueryWorker::runIndex(const IndexRequest& request, QString& summary)
{
    m_cancel = false;
    m_open->searcher.reset();  // the next search reopens at the new generation
    try {
        if (!QDir().mkpath(request.indexFolder))
            throw Error(request.indexFolder.toStdString(), "cannot create the index folder");
        const fs::path indexFolder = fs::u8path(request.indexFolder.toStdString());
        std::optional<ModelIdentity> model;
        if (!request.modelFolder.isEmpty())
            model = ModelIdentity::resolve(fs::u8path(request.modelFolder.toStdString()),
                                           fs::u8path(request.clipModelFolder.toStdString()));
        else if (!(model = LibraryIndex::recordedModelIdentity(indexFolder)))
            throw Error(indexFolder, "no library index here yet, and no model to build one with");
        LibraryIndex index(indexFolder, *model);
        if (!request.forget.isEmpty()) {
            std::vector<fs::path> forget;
            for (const QString& f : request.forget)
                forget.push_back(fs::u8path(f.toStdString()));
            const IndexUpdateSummary s = index.remove(forget);
            summary = tr("%n file(s) removed from the index (nothing on disk was touched)", nullptr, int(s.removed));
            return {};
        }
        std::vector<fs::path> files;
        for (const QString& f : request.files)
            files.push_back(fs::u8path(f.toStdString()));
        JobHooks hooks;
        hooks.cancel = &m_cancel;
        hooks.onProgress = [this](const JobProgress& p) {
            Q_EMIT indexProgress(p.done, p.total, QString::fromStdString(p.message));
        };
        const IndexUpdateSummary s = index.add(files, hooks);
        const int indexed = int(s.added + s.updated);
        summary = (s.cancelled ? tr("cancelled after %n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)",
                                    nullptr, indexed)
                               : tr("%n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)", nullptr, indexed))
                      .arg(s.windows)
                      .arg(s.unchanged)
                      .arg(s.failed);
        return {};
    } catch (const std::exception& e) {
        return QString::fromLocal8Bit(e.what()).section('\n', 0, 2);
    }
}

} // namespace soundframe::gui
