#pragma once
// AlignmentView: where in a clip its audio agrees with its frames, for several stage-1 runs side by
// side (by default one run per method from the folder of the project's first Nearest Match run, e.g.
// the demo's seed-1/stage1-{random,nearest,multiframe}). Each run is an AlignmentRunPanel headed by
// its method: the audio-to-frame cosine curve and its most similar frame, the run's recorded choices
// (choices.jsonl) overall and per training epoch (warm-up epochs marked), Multiframe's segment x frame
// similarities as a heat strip, the manifest's ground-truth events, and the run's summary over every
// evaluated clip (core AlignmentSummary over RUN/eval/alignment.json: pick accuracy against the base
// rate where the manifest marks the frames that show a source, and the curves' contrast and spread).
//
//   AlignmentView view;
//   view.setProject(project);          // offers the project's stage-1 runs, shows the default ones
//   view.selectRuns({"seed-1/stage1-random", "seed-1/stage1-nearest"});
//   view.showClip("test-00003");       // computes on a worker thread, draws when done
//   connect(&view, &AlignmentView::frameRequested, player, &Player::seekClip);
//
// Frames are numbered from 0 everywhere in the view: the cached-frame index of choices.jsonl,
// alignment.json, the exports and the manifest's visible_frames.
// The Export button (or exportAlignment()) writes the shown clip's alignment for Audacity and Sonic
// Visualiser (core AlignmentExport: STEM.labels.txt, .cosine.csv, .frames.csv, .pick.csv; times
// from the clip's start, as the plot's x axis); with several runs shown, one subfolder per run.
// When curves arrive the first run's most similar frame's thumbnail is shown. Clicking a plot selects
// the nearest frame in every run: its thumbnail is shown and frameRequested(clip, seconds into the
// media file) is emitted. Problems (no cache, no trained encoder, unreadable media) appear as a
// message in the run's panel. GUI thread only; the computation runs on a QThread the view owns and
// stops with it.
#include "AlignmentCurves.h"
#include "Project.h"

#include <QThread>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QHBoxLayout;
class QLabel;
class QMenu;
class QPushButton;
class QToolButton;

namespace soundframe::gui {

class AlignmentRunPanel;

class AlignmentView : public QWidget {
    Q_OBJECT
public:
    explicit AlignmentView(QWidget* parent = nullptr);
    ~AlignmentView() override;

    void setProject(const soundframe::gui::Project& project);
    void showClip(const QString& clipId);
    // Shows only this stage-1 run (by RunInfo::name); false when the project has none of that name.
    bool selectRun(const QString& runName);
    // Shows these runs side by side, in this order; false (and nothing changed) when one is unknown.
    bool selectRuns(const QStringList& runNames);

    QStringList availableRuns() const;  // the project's stage-1 runs, offered in the Runs menu
    QStringList runNames() const;       // the runs shown, left to right
    QString runName() const;            // the first run shown; empty when none
    int panelCount() const { return int(m_panels.size()); }
    AlignmentRunPanel* panel(int index) const;  // left to right; nullptr when out of range

    QString clipId() const { return m_clipId; }
    bool isComputing() const;
    const AlignmentCurves& curves() const;                       // the first run's, as drawn now
    const AlignmentCurves& curves(const QString& runName) const; // empty when that run is not shown
    QString message() const;  // the view's message, else the first run's error or status text
    int selectedFrame() const { return m_selectedFrame; }
    QCustomPlot* plot() const;  // the first run's plot

    // Writes the shown clip's alignment files into `folder` (created if missing; with several runs
    // one subfolder per run, named after it) and returns their paths; with nothing shown, or when
    // writing fails, returns none and shows why in message().
    QStringList exportAlignment(const QString& folder);

public Q_SLOTS:
    // Shows frame l's thumbnail, marks it in every run and emits frameRequested; ignored when no curves are shown.
    void selectFrame(int frame);
    // Asks for a folder (QFileDialog) and exports into it; the Export button's action.
    void chooseExportFolder();

Q_SIGNALS:
    void frameRequested(const QString& clipId, double seconds);
    void curvesShown();                       // after each run's answer (curves or error) is drawn
    void computeRequested(const soundframe::gui::AlignmentRequest& request);  // to the worker

private:
    void rebuildPanels(const QStringList& runNames);
    void fillRunMenu();
    void runMenuChanged();
    void recompute();
    void showCurves(const soundframe::gui::AlignmentCurves& curves);
    void showMessage(const QString& text);
    void showFrame(int frame);  // thumbnail and markers only
    void updateExportButton();
    void updateLegend();  // from what the panels drew
    QStringList defaultRuns() const;
    double clipStart() const;

    Project m_project;
    QString m_clipId;
    int m_lastRequest = 0;
    std::vector<int> m_pending;     // per panel: the request id awaited, 0 when none
    int m_selectedFrame = -1;
    QVector<double> m_frameSeconds;  // of the clip shown (any run's answer)
    QVector<QImage> m_thumbnails;
    QString m_thumbnailError;
    QThread m_thread;
    QToolButton* m_runButton = nullptr;
    QMenu* m_runMenu = nullptr;
    QPushButton* m_export = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_legend = nullptr;  // the panels' markers, once for all of them
    QLabel* m_thumbnail = nullptr;
    QLabel* m_thumbnailCaption = nullptr;
    QHBoxLayout* m_panelRow = nullptr;
    std::vector<AlignmentRunPanel*> m_panels;
};

} // namespace soundframe::gui
