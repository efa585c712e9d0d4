#pragma once
// AlignmentWorker: computes AlignmentCurves for one clip and run, off the GUI thread.
//
//   auto* worker = new AlignmentWorker;            // no parent: it is moved to a thread
//   worker->moveToThread(&m_thread);
//   connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
//   connect(this, &View::requested, worker, &AlignmentWorker::compute);        // queued
//   connect(worker, &AlignmentWorker::computed, this, &View::showCurves);      // queued
//
// compute() runs on the worker's thread and always answers with computed(), errors included
// (AlignmentCurves::error). Every run's audio encoder, the last cache, every run's choices.jsonl and
// watched_picks.jsonl and the runs' summaries are kept between requests. The curves come from
// core/eval/ClipAlignment (the code path of Evaluator's alignment.json), the per-epoch choices from
// train/FrameChoiceLog — a training clip's from choices.jsonl, a held-out clip's from
// watched_picks.jsonl (AlignmentCurves::choicesWatched) — the summary
// from eval/AlignmentSummary over the run's eval/alignment.json (what `eval` writes as
// alignment_summary.json).
#include "AlignmentCurves.h"

#include <QObject>

#include <memory>

namespace soundframe::gui {

class AlignmentWorker : public QObject {
    Q_OBJECT
public:
    explicit AlignmentWorker(QObject* parent = nullptr);
    ~AlignmentWorker() override;

    // Plain synchronous computation (any thread; what compute() runs).
    AlignmentCurves run(const AlignmentRequest& request);

public Q_SLOTS:
    void compute(const soundframe::gui::AlignmentRequest& request);

Q_SIGNALS:
    void computed(const soundframe::gui::AlignmentCurves& curves);

private:
    void addRecordedChoices(const AlignmentRequest& request, const std::string& clipId, int frames, AlignmentCurves& out);
    void addSummary(const AlignmentRequest& request, AlignmentCurves& out);

    struct Open;
    std::unique_ptr<Open> m_open;
};

} // namespace soundframe::gui
