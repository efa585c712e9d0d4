#include "MainWindow.h"

#include "AboutDialog.h"
#include "AlignmentView.h"
#include "ClipView.h"
#include "LibraryView.h"
#include "QueryView.h"
#include "RunsView.h"
#include "TrainingView.h"
#include "base/Error.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace soundframe {

namespace {

const char* const kGeometry = "window/geometry";
const char* const kState = "window/state";
const char* const kView = "window/view";
const char* const kLastProject = "project/last";
const char* const kRecent = "project/recent";

bool isManifestFile(const QFileInfo& info)
{
    static const QStringList suffixes{"jsonl", "ndjson", "json", "csv"};
    return info.isFile() && suffixes.contains(info.suffix().toLower());
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("SoundFrame"));
    setAcceptDrops(true);

    m_library = new gui::LibraryView(this);
    m_clip = new gui::ClipView(this);
    m_alignment = new gui::AlignmentView(this);
    m_query = new gui::QueryView(this);
    m_training = new gui::TrainingView(this);
    m_runs = new gui::RunsView(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    // Object names name the screenshots (ScreenshotTour); Ctrl+<n> shows page n (View menu).
    const struct {
        QWidget* page;
        const char* name;
        QString title;
        QString tip;
    } pages[] = {
        {m_library, "library", tr("Library"), tr("The project's clips with captions and labels (Ctrl+1)")},
        {m_clip, "clip", tr("Clip"), tr("Listen to the selected clip, see its frames and spectrogram (Ctrl+2)")},
        {m_alignment, "alignment", tr("Alignment"),
         tr("Where the clip's audio agrees with its frames, for a trained run (Ctrl+3)")},
        {m_query, "query", tr("Query"), tr("Search the library by text, sound or picture (Ctrl+4)")},
        {m_training, "training", tr("Training"), tr("Train stage 1 or 2 and watch it learn (Ctrl+5)")},
        {m_runs, "runs", tr("Runs"), tr("Compare the project's training runs (Ctrl+6)")},
    };
    for (const auto& p : pages) {
        p.page->setObjectName(QString::fromLatin1(p.name));
        m_tabs->setTabToolTip(m_tabs->addTab(p.page, p.title), p.tip);
    }
    setCentralWidget(m_tabs);

    m_projectLabel = new QLabel(tr("No project open"), this);
    statusBar()->addPermanentWidget(m_projectLabel);

    connect(m_library, &gui::LibraryView::clipSelected, this, &MainWindow::onClipSelected);
    connect(m_library->table(), &QAbstractItemView::activated, this, [this] { showPage(m_clip); });
    connect(m_alignment, &gui::AlignmentView::frameRequested, this, &MainWindow::onFrameRequested);
    connect(m_query, &gui::QueryView::clipRequested, this, &MainWindow::showClipAt);
    connect(m_training, &gui::TrainingView::runStarted, this, &MainWindow::reloadRuns);
    connect(m_training, &gui::TrainingView::runFinished, this, &MainWindow::onRunFinished);
    connect(m_runs, &gui::RunsView::clipRequested, this, [this](const QString& clipId) {
        selectClip(clipId);
        showPage(m_clip);
    });

    createMenus();

    const QSettings settings;
    m_recent = settings.value(kRecent).toStringList();
    rebuildRecentMenu();
    if (!restoreGeometry(settings.value(kGeometry).toByteArray()))
        resize(1200, 800);
    restoreState(settings.value(kState).toByteArray());
    m_tabs->setCurrentIndex(std::clamp(settings.value(kView, 0).toInt(), 0, m_tabs->count() - 1));
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Project…"), this, &MainWindow::chooseProject);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a project folder (a manifest and its media, with runs/) or a manifest file"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* go = view->addAction(m_tabs->tabText(i), this, [this, i] { m_tabs->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction* find = view->addAction(tr("&Find Sounds…"), this, &MainWindow::focusQuery);
    find->setShortcut(QKeySequence::Find);

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    QAction* play = playback->addAction(tr("&Play / Pause"), m_clip, &gui::ClipView::togglePlay);
    play->setShortcut(Qt::Key_Space);
    QAction* previous = playback->addAction(tr("P&revious Video Frame"), m_clip, [this] { m_clip->stepVideoFrame(-1); });
    previous->setShortcut(Qt::Key_Left);
    QAction* next = playback->addAction(tr("&Next Video Frame"), m_clip, [this] { m_clip->stepVideoFrame(1); });
    next->setShortcut(Qt::Key_Right);
    QAction* previousCached = playback->addAction(tr("Previous &Cached Frame"), m_clip, [this] { m_clip->stepFrame(-1); });
    previousCached->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Left));
    QAction* nextCached = playback->addAction(tr("Next C&ached Frame"), m_clip, [this] { m_clip->stepFrame(1); });
    nextCached->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
    // Space and the arrows belong to text fields and tables when they have focus; the actions fire
    // from the Clip view (and anywhere no widget takes the key).
    for (QAction* a : {play, previous, next, previousCached, nextCached})
        a->setShortcutContext(Qt::WindowShortcut);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SoundFrame"), this, &MainWindow::showAbout);
}

QString MainWindow::demoFolder()
{
    const QString fromEnv = qEnvironmentVariable("SOUNDFRAME_DEMO_DIR");
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isDir() ? QFileInfo(fromEnv).absoluteFilePath() : QString();
    QDir dir(QCoreApplication::applicationDirPath());
    for (int up = 0; up <= 4; ++up) {
        if (QFileInfo(dir.filePath(QStringLiteral("demo-out/world"))).isDir())
            return QDir(dir.filePath(QStringLiteral("demo-out"))).absolutePath();
        if (!dir.cdUp())
            break;
    }
    return {};
}

QString MainWindow::startupProject(const QString& commandLine, const QString& lastProject)
{
    if (!commandLine.isEmpty())
        return commandLine;
    if (!lastProject.isEmpty() && QFileInfo::exists(lastProject))
        return lastProject;
    return demoFolder();
}

bool MainWindow::openProject(const QString& path, bool interactive)
{
    gui::Project project;
    try {
        project = gui::Project::open(path);
    } catch (const Error& e) {
        m_lastError = tr("Cannot open %1: %2").arg(path, QString::fromLocal8Bit(e.what()));
        statusBar()->showMessage(m_lastError, 10000);
        if (interactive) {
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Open Project"), m_lastError, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        return false;
    }
    m_lastError.clear();
    m_project = project;
    m_currentClip.clear();
    m_library->setProject(m_project);
    m_clip->setProject(m_project);
    m_alignment->setProject(m_project);
    m_query->setProject(m_project);
    m_training->setProject(m_project);
    m_runs->setProject(m_project);
    setWindowTitle(tr("%1 — SoundFrame").arg(m_project.name()));
    showProjectSummary();
    if (!m_project.skipped().empty())
        statusBar()->showMessage(tr("%n manifest line(s) skipped", nullptr, int(m_project.skipped().size())), 10000);
    rememberProject(m_project.folder());
    return true;
}

void MainWindow::selectClip(const QString& clipId)
{
    if (!m_library->selectClip(clipId)) {
        m_library->setFilterText(QString());  // the filter may hide it
        if (!m_library->selectClip(clipId))
            onClipSelected(clipId);           // not in the table: still show it if the project has it
    }
}

void MainWindow::onClipSelected(const QString& clipId)
{
    if (clipId == m_currentClip || !m_project.clip(clipId))
        return;
    m_currentClip = clipId;
    m_clip->showClip(clipId);
    m_alignment->showClip(clipId);
    statusBar()->showMessage(tr("Clip %1").arg(clipId), 3000);
}

void MainWindow::onFrameRequested(const QString& clipId, double mediaSeconds)
{
    selectClip(clipId);
    if (const ClipRecord* clip = m_project.clip(clipId))
        m_clip->seek(mediaSeconds - clip->start);
}

void MainWindow::showClipAt(const QString& clipId, double seconds)
{
    if (!m_project.clip(clipId))
        return;
    selectClip(clipId);
    showPage(m_clip);
    m_clip->seek(seconds);
}

void MainWindow::showProjectSummary()
{
    // One %n per string: each count is its own plural string, the line puts them in order.
    m_projectLabel->setText(tr("%1: %2, %3", "project folder: clip count, run count")
                                .arg(m_project.folder(), tr("%n clip(s)", nullptr, int(m_project.clips().size())),
                                     tr("%n run(s)", nullptr, int(m_project.runs().size()))));
}

void MainWindow::reloadRuns()
{
    m_project.reloadRuns();
    m_runs->setProject(m_project);
    showProjectSummary();
}

void MainWindow::onRunFinished()
{
    reloadRuns();
    // A completed run now has an audio encoder to align with.
    m_alignment->setProject(m_project);
    if (!m_currentClip.isEmpty())
        m_alignment->showClip(m_currentClip);
}

void MainWindow::showPage(QWidget* page)
{
    m_tabs->setCurrentWidget(page);
}

void MainWindow::chooseProject()
{
    const QString start = m_project.isValid() ? m_project.folder() : QDir::homePath();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Project"), start);
    if (!folder.isEmpty())
        openProject(folder, true);
}

void MainWindow::focusQuery()
{
    showPage(m_query);
    if (auto* edit = m_query->findChild<QLineEdit*>()) {
        edit->setFocus(Qt::ShortcutFocusReason);
        edit->selectAll();
    }
}

void MainWindow::rememberProject(const QString& folder)
{
    m_recent.removeAll(folder);
    m_recent.prepend(folder);
    while (m_recent.size() > maxRecentProjects)
        m_recent.removeLast();
    rebuildRecentMenu();
    QSettings settings;
    settings.setValue(kLastProject, folder);
    settings.setValue(kRecent, m_recent);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& folder : m_recent) {
        QAction* a = m_recentMenu->addAction(folder, this, [this, folder] { openProject(folder, true); });
        a->setToolTip(folder);
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState());
    settings.setValue(kView, m_tabs->currentIndex());
    settings.setValue(kRecent, m_recent);
    if (m_project.isValid())
        settings.setValue(kLastProject, m_project.folder());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() && QFileInfo::exists(urls.first().toLocalFile()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    const QFileInfo info(urls.first().toLocalFile());
    event->acceptProposedAction();
    if (info.isDir() || isManifestFile(info)) {
        openProject(info.absoluteFilePath(), true);
    } else {
        // A sound or a picture: find what sounds like it, or looks like it.
        showPage(m_query);
        m_query->searchFile(info.absoluteFilePath());
    }
}

void MainWindow::showAbout()
{
    gui::AboutDialog dialog(this);
    dialog.exec();
}

} // namespace soundframe
