#pragma once
// ScreenshotTour: opens a project in the main window, shows each of its views with a clip
// selected, and saves DIR/<view>.png (QWidget::grab of the whole window). For docs and release
// notes; run offscreen by `soundframe --screenshots DIR [--project P]`.
//
//   MainWindow window;
//   ScreenshotTour tour(window, "docs/screenshots");
//   QString error = tour.run("/tmp/demo-out");     // empty on success; tour.written() lists files
//
// The window is driven through its public API only: openProject(), selectClip() (a test clip when
// the project has one), the Query view gets a sample text query when the project has an index (its
// first result whose matched window is only part of the file selected, so the marking shows), and
// each page of tabs() is shown in turn and saved under its objectName (else its tab text). When a
// run has per-query results (RUN/eval/queries.jsonl), the Runs view's Queries tab on the first such
// run, its worst query selected, is saved as runs-queries.png. When stage-1 runs have recorded
// metrics, the Training view with one such run per matching of the first seed folder overlaid
// (smoothing `historySmoothing`) is saved as training-history.png. The Clip view is shown paused
// one video frame past its middle cached frame, with the spectrogram's readout at 1 kHz there.
// When the project has a prepared training split, the Alignment view on its first clip (whose
// recorded choice per epoch the runs show) is saved as alignment-training-clip.png.
// Waits (with the event loop running) until the Alignment, Query and Clip views are idle, at most
// `settleSeconds` per page. GUI thread only.
#include <QString>
#include <QStringList>

class QWidget;

namespace soundframe {

class MainWindow;
namespace gui {
class ClipView;
class QueryView;
} // namespace gui

class ScreenshotTour {
public:
    ScreenshotTour(MainWindow& window, const QString& outDir);

    QString run(const QString& projectPath);
    QStringList written() const { return m_written; }
    double settleSeconds = 60;  // longest wait for one view's background work
    double historySmoothing = 0.6;  // the Training view's smoothing in training-history.png

private:
    void settle(QWidget* page);
    void prepareClipView(gui::ClipView& clip);
    void selectPartialWindow(gui::QueryView& query);
    QString saveRunQueries();
    QString saveAlignmentTrainingClip();
    QString saveTrainingHistory();
    QString save(const QString& name);

    MainWindow& m_window;
    QString m_outDir;
    QStringList m_written;
};

} // namespace soundframe
