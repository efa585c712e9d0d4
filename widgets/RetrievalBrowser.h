#pragma once
// RetrievalBrowser: one run's retrieval queries (RUN/eval/queries.jsonl, written by `eval`; core
// eval/RetrievalQueries) — for a direction, every query with the rank of its first relevant item,
// failures first, with a filter; for the chosen query its best-ranked items, the relevant ones marked,
// each with its clip's labels and a thumbnail of its middle video frame (decoded on a pool thread).
//
//   auto* browser = new RetrievalBrowser(this);
//   browser->setProject(project);                       // which items are the project's clips
//   browser->setRun(run.folder);                        // reads RUN/eval/queries.jsonl on a pool thread
//   connect(browser, &RetrievalBrowser::clipRequested, mainWindow, &MainWindow::showClip);
//   // after queriesLoaded(): browser->setDirection("text_to_audio"); browser->selectQuery(0);
//
// Double-clicking an item (or a query) that is a clip of the project emits clipRequested. The file is
// read off the GUI thread (an AudioCaps test set is 10 MB); a newer setRun drops an older answer.
// A missing or malformed file shows in statusText(). GUI thread only.
#include "Project.h"

#include "eval/RetrievalQueries.h"

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace soundframe::gui {

class RetrievalBrowser : public QWidget {
    Q_OBJECT
public:
    // What a read of queries.jsonl returns to the GUI thread.
    struct Loaded {
        RetrievalQueries queries;
        QString error;  // empty on success
    };

    explicit RetrievalBrowser(QWidget* parent = nullptr);
    ~RetrievalBrowser() override;

    void setProject(const Project& project);
    void setRun(const QString& runFolder);           // RUN/eval/queries.jsonl
    void setQueriesFile(const QString& file);
    void clear();
    bool isLoading() const;
    bool thumbnailsPending() const { return m_thumbnailsPending; }  // the shown items' frames still decoding
    QString statusText() const;

    QStringList directions() const;                  // those in the file, in its order
    QString direction() const;
    bool setDirection(const QString& name);          // false when the file has no such direction
    void setFilterText(const QString& text);         // case-insensitive, on the query text and clip id
    int visibleQueryCount() const;                   // queries of the direction the filter lets through
    // The query in visible row `row` (rows sorted by rank, worst first, unless the user sorted).
    const RetrievalQuery* queryAt(int row) const;
    bool selectQuery(int row);                       // fills the item table; false when out of range
    const RetrievalQuery* currentQuery() const;
    void activateItem(int row);                      // as a double click on item row `row`

    QTableWidget* queryTable() const { return m_queries; }
    QTableWidget* itemTable() const { return m_items; }

Q_SIGNALS:
    void queriesLoaded();                            // a read finished (see statusText() for errors)
    void clipRequested(const QString& clipId);

private:
    void load(const QString& file);
    void onLoaded();
    void fillQueries();
    void applyFilter();
    void fillItems();
    void loadThumbnails(const QStringList& clipIds);
    void onThumbnailsLoaded();
    void requestClip(const QString& clipId);
    int queryIndexOfRow(int row) const;

    Project m_project;
    QFutureWatcher<Loaded>* m_watcher;
    QFutureWatcher<QVector<QImage>>* m_thumbnailWatcher;
    std::shared_ptr<std::atomic<bool>> m_thumbnailCancel;  // the running decode's: set, it stops at the next clip
    int m_thumbnailGeneration = 0;                         // which item list a decode is for
    bool m_thumbnailsPending = false;
    int m_generation = 0;
    QString m_file;
    RetrievalQueries m_all;
    std::vector<RetrievalQuery> m_shown;             // the current direction's queries
    int m_current = -1;                              // index into m_shown
    QComboBox* m_direction = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_queries = nullptr;
    QTableWidget* m_items = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace soundframe::gui
