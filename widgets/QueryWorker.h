#pragma once
// QueryWorker: library searches and index builds (core/search) off the GUI thread.
//
//   auto* worker = new QueryWorker;                 // no parent: moved to the view's QThread
//   worker->moveToThread(&m_thread);
//   connect(this, &View::searchRequested, worker, &QueryWorker::search);          // queued
//   connect(worker, &QueryWorker::searched, this, &View::showResults);             // queued
//   worker->cancel();                               // any thread: stops a running index build
//
// search() and buildIndex() run on the worker's thread and always answer (searched /
// indexBuilt), errors included; an IndexRequest with `forget` removes folders instead of adding. The searcher of the last index folder stays open between
// queries and is dropped after an index build so the next query sees the new generation.
#include "QueryResults.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace soundframe::gui {

class QueryWorker : public QObject {
    Q_OBJECT
public:
    explicit QueryWorker(QObject* parent = nullptr);
    ~QueryWorker() override;

    void cancel() { m_cancel = true; }

    // Synchronous forms (any one thread; what the slots run).
    QueryResults runSearch(const QueryRequest& request);
    // Returns an error message, empty on success; `summary` gets a one-line account.
    QString runIndex(const IndexRequest& request, QString& summary);

public Q_SLOTS:
    void search(const soundframe::gui::QueryRequest& request);
    void buildIndex(const soundframe::gui::IndexRequest& request);

Q_SIGNALS:
    void searched(const soundframe::gui::QueryResults& results);
    void indexProgress(qint64 done, qint64 total, const QString& message);
    void indexBuilt(const QString& error, const QString& summary);

private:
    struct Open;
    std::unique_ptr<Open> m_open;
    std::atomic<bool> m_cancel{false};
};

} // namespace soundframe::gui
