#pragma once
// QueryView: searches the project's library index (core/search) by text, by a sound or by a
// picture, and lists the ranked files; builds the index from the project's clips when there is none.
//
//   QueryView view;
//   view.setProject(project);                  // index: project.indexFolder()
//   view.setResultCount(50);                   // k: files to list
//   view.searchText("a dog barks");            // or searchFile("cow.ogg") / drop a file on the view
//   view.selectResult(0);                      // its spectrogram, the matched window marked
//   view.playResult(0);                        // plays the matched window (double-click does too)
//   connect(&view, &QueryView::clipRequested, window, &MainWindow::showClipAt);  // project clips only
//
// Each result shows a small spectrogram with the matched window bright, its full path, the window
// and its score (thumbnails are decoded on a pool thread after the list shows); the selected one's
// spectrogram (decoded on a pool thread) marks the window, and can be played, revealed in the file
// manager, or opened in the Clip view when it is one of the project's clips. The query itself
// (text, or the sound or picture file) and the index and model that answered stay on show.
// A file is a picture query when its suffix is an image format (png, jpg, webp, ...), otherwise a
// sound query (any audio or video file). Searches and index builds run on a QThread the view owns;
// results come back in queued signals and stale answers are dropped. Errors appear as a message.
// GUI thread only.
#include "ClipMedia.h"
#include "Project.h"
#include "QueryResults.h"

#include <QFutureWatcher>
#include <QHash>
#include <QThread>
#include <QUrl>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QDragEnterEvent;
class QDropEvent;

namespace soundframe {

namespace gui {
class SpectrogramWidget;
class WindowPlayer;
} // namespace gui

class QueryWorker;

class QueryView : public QWidget {
    Q_OBJECT
public:
    // The selected result's spectrogram: a stretch of its file around the matched window.
    struct Preview {
        QString path;
        double excerptStart = 0;  // seconds into the file where the image starts
        double excerptEnd = 0;    // ... and ends
        double windowStart = 0;   // the matched window, seconds into the file
        double windowEnd = 0;
        QImage image;             // log-mel, the matched window marked; null while decoding or on error
    };

    explicit QueryView(QWidget* parent = nullptr);
    ~QueryView() override;

    void setProject(const soundframe::gui::Project& project);
    bool hasIndex() const;
    bool isBusy() const
    {
        return m_pending != 0 || m_indexing || m_previewPending || m_thumbnailsPending;
    }
    const QueryResults& results() const { return m_results; }
    QString message() const;
    static bool isPictureFile(const QString& path);

    void setResultCount(int k);                 // files a search lists (1..1000; default 20)
    int resultCount() const;
    QString queryText() const;                  // the text box
    QString queryShown() const;                 // what the query line says was asked (text or file)
    QString answeredBy() const;                 // which index and model answered the last search

    int currentResult() const;                  // selected row; -1: none
    const Preview& preview() const { return m_preview; }
    // The project clip whose media is result `row`'s file; empty when it is not a project clip.
    QString clipOf(int row) const;
    gui::SpectrogramWidget* spectrogram() const { return m_spectrogram; }
    gui::WindowPlayer* player() const { return m_player; }
    QTableWidget* table() const { return m_table; }
    // Who opens a folder for "Show in folder" (default: QDesktopServices::openUrl); tests replace it.
    void setFolderOpener(std::function<bool(const QUrl&)> opener) { m_openFolder = std::move(opener); }

    // `image` spanning `excerptSeconds`, the columns outside [windowStart, windowEnd) (seconds from
    // the image's left edge) darkened so the matched window stands out.
    static QImage markWindow(const QImage& image, double excerptSeconds, double windowStart, double windowEnd);
    // Seconds of a result's file a preview shows: all of it up to this length, else the window
    // with kPreviewContext seconds either side.
    static constexpr double kWholeFileSeconds = 30;
    static constexpr double kPreviewContext = 5;

public Q_SLOTS:
    void searchText(const QString& text);
    void searchFile(const QString& path);
    // Indexes the media of the project's clips with the chosen run's audio encoder and the
    // project's image-text model.
    void buildIndex();
    bool selectResult(int row);                 // false when out of range
    void playResult(int row);                   // plays its matched window
    void stopPlayback();
    bool revealResult(int row);                 // opens its folder; false when none or it failed
    bool openResultInClipView(int row);         // emits clipRequested; false when not a project clip

Q_SIGNALS:
    // The user asked to see result `clipId` in the Clip view, at `seconds` from the clip's start.
    void clipRequested(const QString& clipId, double seconds);
    void resultsShown();                 // after each answer (results or error) is shown
    void previewShown();                 // the selected result's spectrogram is decoded (or failed)
    void indexBuilt(bool ok);
    void searchRequested(const soundframe::QueryRequest& request);  // to the worker
    void indexRequested(const soundframe::IndexRequest& request);   // to the worker

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void startSearch(QueryRequest request);
    void showResults(const soundframe::QueryResults& results);
    void showQuery(const QueryRequest& request);
    void showAnsweredBy(const QueryResults& results);
    void loadPreview(int row);
    void onPreviewLoaded();
    void loadThumbnails();              // every result's small spectrogram, on a pool thread
    void onThumbnailsLoaded();
    void updateResultActions();
    void indexProgress(qint64 done, qint64 total, const QString& message);
    void indexFinished(const QString& error, const QString& summary);
    void showMessage(const QString& text, bool isError);
    void updateIndexPanel();
    QString shortFolder(const QString& folder) const;  // relative to the project when inside it

    gui::Project m_project;
    QHash<QString, QString> m_clipOfMedia;   // cleaned absolute media path -> clip id
    QueryResults m_results;
    int m_lastRequest = 0;
    int m_pending = 0;
    bool m_indexing = false;
    QThread m_thread;
    QueryWorker* m_worker = nullptr;
    QFutureWatcher<gui::ClipMedia>* m_previewWatcher = nullptr;
    // From launch until the finished slot ran: the watcher's isRunning() turns false when the work
    // ends, before its queued finished() is delivered, so it would call the view idle too early.
    bool m_previewPending = false;
    int m_previewGeneration = 0;
    Preview m_preview;
    QFutureWatcher<QVector<QImage>>* m_thumbnailWatcher = nullptr;
    bool m_thumbnailsPending = false;  // as m_previewPending
    int m_thumbnailGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_thumbnailCancel = std::make_shared<std::atomic<bool>>(false);
    std::function<bool(const QUrl&)> m_openFolder;

    QLineEdit* m_text = nullptr;
    QPushButton* m_searchButton = nullptr;
    QPushButton* m_fileButton = nullptr;
    QSpinBox* m_count = nullptr;
    QLabel* m_queryLabel = nullptr;
    QLabel* m_queryPicture = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_answeredBy = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_resultTitle = nullptr;
    gui::SpectrogramWidget* m_spectrogram = nullptr;
    gui::WindowPlayer* m_player = nullptr;
    QPushButton* m_playButton = nullptr;
    QPushButton* m_revealButton = nullptr;
    QPushButton* m_clipButton = nullptr;
    QWidget* m_indexPanel = nullptr;
    QComboBox* m_indexModel = nullptr;
    QPushButton* m_indexButton = nullptr;
    QProgressBar* m_progress = nullptr;
};

} // namespace soundframe
