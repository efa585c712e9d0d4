#include "ScreenshotTour.h"

#include "AlignmentView.h"
#include "ClipView.h"
#include "MainWindow.h"
#include "QueryView.h"
#include "RetrievalBrowser.h"
#include "RunsView.h"
#include "SpectrogramWidget.h"
#include "TrainingView.h"
#include "data/ClipRecord.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QRegularExpression>
#include <QTabWidget>
#include <QThread>

#include <type_traits>

namespace soundframe {

ScreenshotTour::ScreenshotTour(MainWindow& window, const QString& outDir) : m_window(window), m_outDir(outDir) {}

namespace {
// A file name from a view's objectName or tab text: "Alignment view" -> "alignment-view".
QString fileNameFor(QString name)
{
    name = name.toLower().remove('&');
    name.replace(QRegularExpression("[^a-z0-9]+"), "-");
    return name.section('-', 0, -1, QString::SectionSkipEmpty);
}

void processEventsFor(int ms)
{
    QDeadlineTimer until(ms);
    while (!until.hasExpired()) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
}
} // namespace

void ScreenshotTour::settle(QWidget* page)
{
    QDeadlineTimer until(qint64(settleSeconds * 1000));
    // The page itself counts: a tab's page is often the view (findChildren leaves it out).
    const auto pageAndChildren = [page](auto* type) {
        using View = std::remove_pointer_t<decltype(type)>;
        QList<View*> views = page->findChildren<View*>();
        if (auto* self = qobject_cast<View*>(page))
            views << self;
        return views;
    };
    const auto busy = [&] {
        for (auto* v : pageAndChildren(static_cast<gui::AlignmentView*>(nullptr)))
            if (v->isComputing())
                return true;
        for (auto* v : pageAndChildren(static_cast<gui::QueryView*>(nullptr)))
            if (v->isBusy())
                return true;
        for (auto* v : pageAndChildren(static_cast<gui::RetrievalBrowser*>(nullptr)))
            if (v->isLoading())
                return true;
        if (auto* clip = qobject_cast<gui::ClipView*>(page); clip && clip->isLoading())
            return true;
        return false;
    };
    processEventsFor(100);
    while (busy() && !until.hasExpired())
        processEventsFor(50);
    processEventsFor(100);
}

QString ScreenshotTour::save(const QString& name)
{
    const QString file = QDir(m_outDir).filePath(name + ".png");
    if (!m_window.grab().save(file))
        return QApplication::translate("ScreenshotTour", "cannot write %1").arg(file);
    m_written << file;
    return {};
}

QString ScreenshotTour::run(const QString& projectPath)
{
    if (!QDir().mkpath(m_outDir))
        return QApplication::translate("ScreenshotTour", "cannot create %1").arg(m_outDir);
    m_window.resize(1280, 820);
    m_window.show();
    processEventsFor(100);

    if (!projectPath.isEmpty()) {
        if (!m_window.openProject(projectPath))
            return m_window.lastError();
        // A test clip when there is one (the views have caches and evaluations for it), and among
        // those the first with a single event, on screen: a scene simple enough to read the curves
        // by. Chosen from the manifest's ground truth alone, never from what a model scored.
        const auto rank = [](const ClipRecord& clip) {
            const bool simple = clip.events.size() == 1 && !clip.events.front().visibleFrames.empty();
            return (clip.split == "test" ? 2 : 0) + (simple ? 1 : 0);
        };
        const ClipRecord* chosen = nullptr;
        for (const ClipRecord& clip : m_window.project().clips())
            if (!chosen || rank(clip) > rank(*chosen))
                chosen = &clip;
        if (chosen)
            m_window.selectClip(QString::fromStdString(chosen->id));
        // The Query view searches for that clip's first caption.
        if (chosen && !chosen->captions.empty() && m_window.queryView()->hasIndex())
            m_window.queryView()->searchText(QString::fromStdString(chosen->captions.front()));
    }

    QTabWidget* tabs = m_window.tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QWidget* page = tabs->widget(i);
        settle(page);
        if (auto* clip = qobject_cast<gui::ClipView*>(page)) {
            prepareClipView(*clip);
            settle(page);
        }
        if (page == m_window.queryView())
            selectPartialWindow(*m_window.queryView());
        QString name = fileNameFor(page->objectName());
        if (name.isEmpty())
            name = fileNameFor(tabs->tabText(i));
        if (name.isEmpty())
            name = QString("view-%1").arg(i + 1);
        if (const QString error = save(name); !error.isEmpty())
            return error;
    }
    if (const QString error = saveRunQueries(); !error.isEmpty())
        return error;
    if (const QString error = saveAlignmentTrainingClip(); !error.isEmpty())
        return error;
    return saveTrainingHistory();
}

void ScreenshotTour::prepareClipView(gui::ClipView& clip)
{
    // Paused inside the clip, on the video's own frame, with the spectrogram's readout showing:
    // what inspecting a clip looks like, rather than a playhead parked at 0.
    if (clip.duration() <= 0)
        return;
    const double seconds = clip.frameCount() > 2 ? clip.media().frameSeconds[clip.frameCount() / 2] : clip.duration() / 2;
    clip.seek(seconds);
    clip.stepVideoFrame(1);
    clip.spectrogram()->showReadoutAt(clip.position(), 1000);
}

void ScreenshotTour::selectPartialWindow(gui::QueryView& query)
{
    // A result whose matched window is only part of its file shows the marking (a window over a
    // whole short file shows none).
    const gui::QueryResults& results = query.results();
    for (int row = 0; row < results.hits.size(); ++row) {
        const gui::QueryHit& hit = results.hits[row];
        if (hit.windowEnd - hit.windowStart < hit.durationSeconds - 0.5) {
            query.resultList()->selectResult(row);
            settle(&query);
            return;
        }
    }
}

QString ScreenshotTour::saveAlignmentTrainingClip()
{
    // Runs record their choices for training clips only: the first one with a prepared cache.
    for (const ClipRecord& clip : m_window.project().clips()) {
        if (clip.split != "train" || m_window.project().cacheFolder("train").isEmpty())
            continue;
        gui::AlignmentView* alignment = m_window.alignmentView();
        m_window.tabs()->setCurrentWidget(alignment);
        m_window.selectClip(QString::fromStdString(clip.id));  // as a user would: every view, and the status bar, follow
        settle(alignment);
        return save("alignment-training-clip");
    }
    return {};
}

QString ScreenshotTour::saveRunQueries()
{
    for (const gui::RunInfo& run : m_window.project().runs()) {
        if (!QFileInfo::exists(QDir(run.folder).filePath("eval/queries.jsonl")))
            continue;
        gui::RunsView* runs = m_window.runsView();
        m_window.tabs()->setCurrentWidget(runs);
        runs->selectRun(run.name);
        runs->showQueries();
        settle(runs);
        runs->browser()->selectQuery(0);
        settle(runs);
        return save("runs-queries");
    }
    return {};
}

QString ScreenshotTour::saveTrainingHistory()
{
    // One stage-1 run per matching, all from the first folder that has them (the demo's seed-1):
    // the comparison the Training view's History is for.
    gui::TrainingView* training = m_window.trainingView();
    QString seedFolder;
    QStringList matchings;
    for (const gui::RunInfo& run : m_window.project().runs()) {
        const QString folder = QFileInfo(run.name).path();
        if (run.config.stage != TrainStage::Pretrain || matchings.contains(run.matching) || (!seedFolder.isNull() && folder != seedFolder))
            continue;
        if (!training->showRun(run.folder, true))
            continue;  // no metrics recorded
        seedFolder = folder;
        matchings << run.matching;
    }
    if (matchings.isEmpty())
        return {};
    training->setSmoothing(historySmoothing);
    m_window.tabs()->setCurrentWidget(training);
    settle(training);
    return save("training-history");
}

} // namespace soundframe
