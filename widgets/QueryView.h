#pragma once
// QueryView: searches the project's library index (core/search) by text, by a sound or by a
// picture, and lists the ranked files; builds the index from the project's clips when there is none,
// adds the user's own folders of sounds to it ("Add a folder…") and forgets them ("Remove a folder…").
//
//   QueryView view;
//   view.setProject(project);                  // index: project.indexFolder()
//   view.setResultCount(50);                   // k: files to list
//   view.searchText("a dog barks");            // or searchFile("cow.ogg") / drop a file on the view
//   view.resultList()->playResult(0);          // plays the matched window (double-click does too)
//   connect(&view, &QueryView::clipRequested, window, &MainWindow::showClipAt);  // project clips only
//
// The ranked files are a QueryResultList: each with a small spectrogram, its full path, the
// matched window and score; the selected one's spectrogram marks the window, and it can be played,
// revealed in the file manager, or opened in the Clip view when it is one of the project's clips.
// The query itself (text, or the sound or picture file) and the index and model that answered stay
// on show.
// A file is a picture query when its suffix is an image format (png, jpg, webp, ...), otherwise a
// sound query (any audio or video file). Searches and index builds run on a QThread the view owns;
// results come back in queued signals and stale answers are dropped. Errors appear as a message.
// GUI thread only.
#include "Project.h"
#include "QueryResultList.h"
#include "QueryResults.h"

#include <QThread>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QDragEnterEvent;
class QDropEvent;

namespace soundframe::gui {

class QueryWorker;

class QueryView : public QWidget {
    Q_OBJECT
public:
    explicit QueryView(QWidget* parent = nullptr);
    ~QueryView() override;

    void setProject(const soundframe::gui::Project& project);
    bool hasIndex() const;
    bool isBusy() const
    {
        // The list's preview and thumbnails count until their finished slots ran (see QueryResultList).
        return m_pending != 0 || m_indexing || m_resultList->isBusy();
    }
    const QueryResults& results() const { return m_resultList->results(); }
    QueryResultList* resultList() const { return m_resultList; }
    QString message() const;
    static bool isPictureFile(const QString& path);

    void setResultCount(int k);                 // files a search lists (1..1000; default 20)
    int resultCount() const;
    QString queryText() const;                  // the text box
    QString queryShown() const;                 // what the query line says was asked (text or file)
    QString answeredBy() const;                 // which index and model answered the last search
    // The folders the index was given (LibraryIndex::recordedRoots), without the single media files
    // "Index this project's clips" added; a folder that has since vanished is still listed.
    QStringList indexedFolders() const;

public Q_SLOTS:
    void searchText(const QString& text);
    void searchFile(const QString& path);
    // Indexes the media of the project's clips with the chosen run's audio encoder and the
    // project's image-text model.
    void buildIndex();
    // Adds every sound and video file under `folder` to the project's index (with the model it was
    // built with; a new index takes the chosen run's). The "Add a folder…" button asks for one.
    void addFolder(const QString& folder);
    // Forgets a folder the index was given, and its files (unless another given folder holds them);
    // nothing on disk is touched. The "Remove a folder…" button offers indexedFolders().
    void removeFolder(const QString& folder);

Q_SIGNALS:
    // The user asked to see result `clipId` in the Clip view, at `seconds` from the clip's start.
    void clipRequested(const QString& clipId, double seconds);
    void resultsShown();                 // after each answer (results or error) is shown
    void indexBuilt(bool ok);
    void searchRequested(const soundframe::gui::QueryRequest& request);  // to the worker
    void indexRequested(const soundframe::gui::IndexRequest& request);   // to the worker

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void startSearch(QueryRequest request);
    void showResults(const soundframe::gui::QueryResults& results);
    void showQuery(const QueryRequest& request);
    void showAnsweredBy(const QueryResults& results);
    void indexProgress(qint64 done, qint64 total, const QString& message);
    void indexFinished(const QString& error, const QString& summary);
    void showMessage(const QString& text, bool isError);
    void updateIndexPanel();
    IndexRequest newIndexRequest() const;  // the project's index, and the model for a new one
    void startIndexing(const IndexRequest& request, const QString& message);
    QString shortFolder(const QString& folder) const;  // relative to the project when inside it

    Project m_project;
    int m_lastRequest = 0;
    int m_pending = 0;
    bool m_indexing = false;
    QThread m_thread;
    QueryWorker* m_worker = nullptr;

    QLineEdit* m_text = nullptr;
    QPushButton* m_searchButton = nullptr;
    QPushButton* m_fileButton = nullptr;
    QPushButton* m_addFolderButton = nullptr;
    QPushButton* m_removeFolderButton = nullptr;
    QSpinBox* m_count = nullptr;
    QLabel* m_queryLabel = nullptr;
    QLabel* m_queryPicture = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_answeredBy = nullptr;
    QueryResultList* m_resultList = nullptr;
    QWidget* m_indexPanel = nullptr;
    QComboBox* m_indexModel = nullptr;
    QPushButton* m_indexButton = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace soundframe::gui
