#pragma once
// QueryResultList: the Query view's ranked results — one row per file with a small spectrogram,
// its name, folder, matched window, score and project clip — and below it the selected result:
// its full path, its spectrogram with the matched window marked, Play window, Show in folder and
// Open in Clip view.
//
//   auto* list = new QueryResultList(this);
//   list->setProjectClips(project.clips());     // which files "Open in Clip view" can show
//   list->setResults(results);                  // the first result is selected and previewed
//   list->playResult(2);                        // plays its matched window (double-click does too)
//   connect(list, &QueryResultList::clipRequested, window, &MainWindow::showClipAt);
//   connect(list, &QueryResultList::statusMessage, view, &QueryView::showMessage);
//
// Thumbnails are decoded on a pool thread after the list shows, the selected result's spectrogram
// on another; isBusy() holds until both finished slots ran, so "not busy" means what is decoded is
// on show. Playback goes through a WindowPlayer. GUI thread only.
#include "ClipMedia.h"
#include "QueryResults.h"
#include "data/ClipRecord.h"

#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QUrl>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace soundframe::gui {

class SpectrogramWidget;
class WindowPlayer;

class QueryResultList : public QWidget {
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

    explicit QueryResultList(QWidget* parent = nullptr);
    ~QueryResultList() override;

    // The project's clips: a result whose file is a clip's media can be opened in the Clip view.
    void setProjectClips(const std::vector<ClipRecord>& clips);
    // Shows `results` (none when it carries an error), stopping playback; selects the first.
    void setResults(const QueryResults& results);
    void clear() { setResults({}); }
    const QueryResults& results() const { return m_results; }
    bool isBusy() const { return m_previewPending || m_thumbnailsPending; }

    int currentResult() const;                  // selected row; -1: none
    const Preview& preview() const { return m_preview; }
    // The project clip whose media is result `row`'s file; empty when it is not a project clip.
    QString clipOf(int row) const;
    SpectrogramWidget* spectrogram() const { return m_spectrogram; }
    WindowPlayer* player() const { return m_player; }
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
    bool selectResult(int row);                 // false when out of range
    void playResult(int row);                   // plays its matched window
    void stopPlayback();
    bool revealResult(int row);                 // opens its folder; false when none or it failed
    bool openResultInClipView(int row);         // emits clipRequested; false when not a project clip

Q_SIGNALS:
    // The user asked to see result `clipId` in the Clip view, at `seconds` from the clip's start.
    void clipRequested(const QString& clipId, double seconds);
    void resultPlayed(int row);          // playResult started the row's matched window
    void previewShown();                 // the selected result's spectrogram is decoded (or failed)
    // Something for the view's message line: a failed "Show in folder", playback error, ...
    void statusMessage(const QString& text, bool isError);

private:
    struct ProjectClip {
        QString id;
        double start = 0;  // seconds into its media file
    };

    void loadPreview(int row);
    void onPreviewLoaded();
    void loadThumbnails();              // every result's small spectrogram, on a pool thread
    void onThumbnailsLoaded();
    void updateResultActions();
    const ProjectClip* projectClipOf(int row) const;

    QueryResults m_results;
    QHash<QString, ProjectClip> m_clipOfMedia;   // cleaned absolute and canonical media path -> clip
    QFutureWatcher<ClipMedia>* m_previewWatcher = nullptr;
    // From launch until the finished slot ran: the watcher's isRunning() turns false when the work
    // ends, before its queued finished() is delivered, so it would call the list idle too early.
    bool m_previewPending = false;
    int m_previewGeneration = 0;
    Preview m_preview;
    QFutureWatcher<QVector<QImage>>* m_thumbnailWatcher = nullptr;
    bool m_thumbnailsPending = false;  // as m_previewPending
    int m_thumbnailGeneration = 0;
    std::shared_ptr<std::atomic<bool>> m_thumbnailCancel = std::make_shared<std::atomic<bool>>(false);
    std::function<bool(const QUrl&)> m_openFolder;

    QTableWidget* m_table = nullptr;
    QLabel* m_resultTitle = nullptr;
    SpectrogramWidget* m_spectrogram = nullptr;
    WindowPlayer* m_player = nullptr;
    QPushButton* m_playButton = nullptr;
    QPushButton* m_revealButton = nullptr;
    QPushButton* m_clipButton = nullptr;
};

} // namespace soundframe::gui
