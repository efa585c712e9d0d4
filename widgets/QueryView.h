#pragma once
// QueryView: searches the project's library index (core/search) by text, by a sound or by a
// picture, and lists the ranked files; builds the index from the project's clips when there is none.
//
//   QueryView view;
//   view.setProject(project);                  // index: project.indexFolder()
//   view.searchText("a dog barks");            // or searchFile("cow.ogg") / drop a file on the view
//   connect(&view, &QueryView::playRequested, player, &Player::play);   // double-click on a result
//
// A file is a picture query when its suffix is an image format (png, jpg, webp, ...), otherwise a
// sound query (any audio or video file). Searches and index builds run on a QThread the view owns;
// results come back in queued signals and stale answers are dropped. Errors appear as a message.
// GUI thread only.
#include "Project.h"
#include "QueryResults.h"

#include <QThread>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QDragEnterEvent;
class QDropEvent;

namespace soundframe {

class QueryWorker;

class QueryView : public QWidget {
    Q_OBJECT
public:
    explicit QueryView(QWidget* parent = nullptr);
    ~QueryView() override;

    void setProject(const soundframe::gui::Project& project);
    bool hasIndex() const;
    bool isBusy() const { return m_pending != 0 || m_indexing; }
    const QueryResults& results() const { return m_results; }
    QString message() const;
    static bool isPictureFile(const QString& path);

public Q_SLOTS:
    void searchText(const QString& text);
    void searchFile(const QString& path);
    // Indexes the media of the project's clips with the chosen run's audio encoder and the
    // project's image-text model.
    void buildIndex();

Q_SIGNALS:
    void playRequested(const QString& path, double seconds);
    void resultsShown();                 // after each answer (results or error) is shown
    void indexBuilt(bool ok);
    void searchRequested(const soundframe::QueryRequest& request);  // to the worker
    void indexRequested(const soundframe::IndexRequest& request);   // to the worker

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void startSearch(QueryRequest request);
    void showResults(const soundframe::QueryResults& results);
    void indexProgress(qint64 done, qint64 total, const QString& message);
    void indexFinished(const QString& error, const QString& summary);
    void showMessage(const QString& text, bool isError);
    void updateIndexPanel();

    gui::Project m_project;
    QueryResults m_results;
    int m_lastRequest = 0;
    int m_pending = 0;
    bool m_indexing = false;
    QThread m_thread;
    QueryWorker* m_worker = nullptr;
    QLineEdit* m_text = nullptr;
    QPushButton* m_searchButton = nullptr;
    QPushButton* m_fileButton = nullptr;
    QLabel* m_message = nullptr;
    QTableWidget* m_table = nullptr;
    QWidget* m_indexPanel = nullptr;
    QComboBox* m_indexModel = nullptr;
    QPushButton* m_indexButton = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace soundframe
