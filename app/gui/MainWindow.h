#pragma once
// MainWindow: the desktop app's window. Thin: it opens a project, hands it to the views (Library,
// Clip, Alignment, Query, Training, Runs — the pages of a QTabWidget) and wires them together;
// work happens in core objects driven from the views' worker threads.
//
//   MainWindow window;                                    // restores geometry, layout, recent projects
//   window.openProject(MainWindow::startupProject(cli, lastProject));
//   window.show();
//
// Settings (QSettings, the application's organisation and name): window geometry and state, the
// current view, the last project and up to 8 recent projects. A folder (or manifest) dropped on
// the window opens as a project; a sound or picture goes to the Query view. GUI thread only.
#include "Project.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace soundframe {

namespace gui {
class AlignmentView;
class ClipView;
class LibraryView;
class QueryView;
class RunsView;
class TrainingView;
} // namespace gui

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // The project to open at start: `commandLine` (--project) when given; else `lastProject` when it
    // still exists; else demoFolder() (may be empty: start with no project).
    static QString startupProject(const QString& commandLine, const QString& lastProject);
    // The demo output folder: $SOUNDFRAME_DEMO_DIR, else a `demo-out` folder (with world/) in the
    // executable's folder or one of its 4 parents (scripts/demo writes it beside the build folder).
    static QString demoFolder();
    static constexpr int maxRecentProjects = 8;

    const gui::Project& project() const { return m_project; }
    QString currentClip() const { return m_currentClip; }
    QStringList recentProjects() const { return m_recent; }
    QString lastError() const { return m_lastError; }
    QTabWidget* tabs() const { return m_tabs; }
    gui::LibraryView* libraryView() const { return m_library; }
    gui::ClipView* clipView() const { return m_clip; }
    gui::TrainingView* trainingView() const { return m_training; }
    gui::RunsView* runsView() const { return m_runs; }
    gui::AlignmentView* alignmentView() const { return m_alignment; }
    gui::QueryView* queryView() const { return m_query; }

public Q_SLOTS:
    // Opens a project folder or manifest; on failure keeps the current project, sets lastError()
    // and tells the user (a non-blocking message box when `interactive`).
    bool openProject(const QString& path, bool interactive = false);
    void selectClip(const QString& clipId);
    // Shows a clip in the Clip view with the playhead `seconds` from its start (the Query view's
    // "Open in Clip view").
    void showClipAt(const QString& clipId, double seconds);
    void chooseProject();        // File > Open Project…
    void focusQuery();           // Ctrl+F
    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    void showAbout();
    void rememberProject(const QString& folder);
    void rebuildRecentMenu();
    void onClipSelected(const QString& clipId);
    void onFrameRequested(const QString& clipId, double mediaSeconds);
    void reloadRuns();           // a run started or ended: the Runs view and the status bar's count
    void onRunFinished();
    void showProjectSummary();
    void showPage(QWidget* page);

    gui::Project m_project;
    QString m_currentClip;
    QStringList m_recent;
    QString m_lastError;

    QTabWidget* m_tabs = nullptr;
    gui::LibraryView* m_library = nullptr;
    gui::ClipView* m_clip = nullptr;
    gui::AlignmentView* m_alignment = nullptr;
    gui::QueryView* m_query = nullptr;
    gui::TrainingView* m_training = nullptr;
    gui::RunsView* m_runs = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_projectLabel = nullptr;
};

} // namespace soundframe
