#pragma once
// AlignmentView: where in a clip its audio agrees with its frames, for one stage-1 run — the
// audio-to-frame cosine curve, the frame Nearest Match picks (argmax), the run's recorded frame
// choices (choices.jsonl), Multiframe's segment x frame similarities as a heat strip, and the
// manifest's ground-truth events (shaded spans; frames that show the source marked).
//
//   AlignmentView view;
//   view.setProject(project);          // fills the run chooser with the project's stage-1 runs
//   view.showClip("test-00003");       // computes on a worker thread, draws when done
//   connect(&view, &AlignmentView::frameRequested, player, &Player::seekClip);
//
// The Export button (or exportAlignment()) writes the shown clip's alignment for Audacity and Sonic
// Visualiser (core AlignmentExport: STEM.labels.txt, .cosine.csv, .frames.csv, .pick.csv; times
// from the clip's start, as the plot's x axis).
// When curves arrive the argmax frame's thumbnail is shown. Clicking the plot selects the nearest
// frame: its thumbnail is shown and frameRequested(clip, seconds into the media file) is emitted. Problems (no cache, no trained encoder, unreadable
// media) appear as a message in the view. GUI thread only; the computation runs on a QThread the
// view owns and stops with it.
#include "AlignmentCurves.h"
#include "Project.h"

#include <QThread>
#include <QWidget>

class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QComboBox;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace soundframe {

class AlignmentView : public QWidget {
    Q_OBJECT
public:
    explicit AlignmentView(QWidget* parent = nullptr);
    ~AlignmentView() override;

    void setProject(const soundframe::gui::Project& project);
    void showClip(const QString& clipId);
    // Selects a stage-1 run by its RunInfo::name; false when the project has none of that name.
    bool selectRun(const QString& runName);

    QString clipId() const { return m_clipId; }
    QString runName() const;
    bool isComputing() const { return m_pending != 0; }
    const AlignmentCurves& curves() const { return m_curves; }  // what is drawn now
    QString message() const;                                     // the error or status text shown
    int selectedFrame() const { return m_selectedFrame; }
    QCustomPlot* plot() const { return m_plot; }

    // Writes the shown clip's alignment files into `folder` (created if missing) and returns their
    // paths; with nothing shown, or when writing fails, returns none and shows why in message().
    QStringList exportAlignment(const QString& folder);

public Q_SLOTS:
    // Shows frame l's thumbnail and emits frameRequested; ignored when no curves are shown.
    void selectFrame(int frame);
    // Asks for a folder (QFileDialog) and exports into it; the Export button's action.
    void chooseExportFolder();

Q_SIGNALS:
    void frameRequested(const QString& clipId, double seconds);
    void curvesShown();                       // after each answer (curves or error) is drawn
    void computeRequested(const soundframe::AlignmentRequest& request);  // to the worker

private:
    void recompute();
    void showCurves(const soundframe::AlignmentCurves& curves);
    void showMessage(const QString& text);
    void showFrame(int frame);  // thumbnail and marker only
    void draw();
    void plotClicked(QMouseEvent* event);
    double clipStart() const;

    gui::Project m_project;
    QString m_clipId;
    AlignmentCurves m_curves;
    int m_lastRequest = 0;
    int m_pending = 0;
    int m_selectedFrame = -1;
    QThread m_thread;
    QComboBox* m_runs = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_thumbnail = nullptr;
    QLabel* m_thumbnailCaption = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_heatRect = nullptr;
    QCPColorMap* m_heat = nullptr;
};

} // namespace soundframe
