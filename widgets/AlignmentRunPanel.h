#pragma once
// AlignmentRunPanel: one stage-1 run's column of the Alignment view — a header naming the run and its
// method, the clip's audio-to-frame cosine curve with the frame this run's encoder finds most similar
// (what Nearest Match would pick with it), the run's recorded choices for the clip, Multiframe's
// segment x frame similarities as a heat strip, the ground-truth events (labels that would overlap
// in rows, EventLanes); below, the clip's recorded choice per training epoch as a strip (one cell
// per epoch, Nearest's warm-up epochs hatched) — for a held-out clip the run watched, the frame its
// encoder found most similar after each epoch, captioned as such (AlignmentCurves::choicesWatched) —
// and the run's summary over all evaluated clips (core AlignmentSummary).
//
//   auto* panel = new AlignmentRunPanel(run, this);
//   panel->showCurves(curves, clip);      // AlignmentWorker's answer for this run
//   connect(panel, &AlignmentRunPanel::frameClicked, view, &AlignmentView::selectFrame);
//
// Frames are numbered from 0 (cached-frame index, as choices.jsonl, alignment.json and the manifest's
// visible_frames); epochs from 1 (as the Training view). GUI thread only; it only draws what it is given.
#include "AlignmentCurves.h"
#include "Project.h"

#include <QWidget>

#include <optional>

class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QCPItemText;
class QLabel;
class QMouseEvent;
class QTableWidget;

namespace soundframe::gui {

class AlignmentRunPanel : public QWidget {
    Q_OBJECT
public:
    // Item data role of a choice-strip cell: true for a warm-up epoch.
    static constexpr int WarmupRole = Qt::UserRole + 1;

    explicit AlignmentRunPanel(const RunInfo& run, QWidget* parent = nullptr);

    const RunInfo& run() const { return m_run; }
    QString header() const;                     // the header's text
    const AlignmentCurves& curves() const { return m_curves; }
    QString message() const;                    // the error, else the status line
    QString summaryText() const;                // the summary panel's text
    QCustomPlot* plot() const { return m_plot; }
    QTableWidget* choiceStrip() const { return m_strip; }
    QString choiceCaption() const;              // the text above the strip

    // Pending work: clears the drawing and says so.
    void showComputing();
    // A problem found before computing (no encoder, no cache): shown instead of curves.
    void showProblem(const QString& text);
    // `clip`: the clip's manifest record (events, start) or nullptr.
    void showCurves(const AlignmentCurves& curves, const ClipRecord* clip);
    void setSelectedFrame(int frame);  // the dashed marker; -1: none
    // The plot's markers as rich text, each in its own shape and colour with its name. The view shows
    // them once above its panels: inside a plot a legend hides the curve it explains.
    QStringList legendEntries() const;

Q_SIGNALS:
    void frameClicked(int frame);  // a click on the plot, the nearest frame

private:
    void draw();
    void fillChoiceStrip();
    void showSummary();
    void plotClicked(QMouseEvent* event);
    void stackEventLabels();  // after each layout: labels that would overlap go one line lower
    double clipStart() const;

    RunInfo m_run;
    AlignmentCurves m_curves;
    std::optional<ClipRecord> m_clip;
    int m_selectedFrame = -1;
    QLabel* m_header = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_message = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPAxisRect* m_heatRect = nullptr;
    QVector<QCPItemText*> m_eventLabels;  // the events' labels, items of m_plot
    QCPColorMap* m_heat = nullptr;
    QLabel* m_stripCaption = nullptr;
    QTableWidget* m_strip = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace soundframe::gui
