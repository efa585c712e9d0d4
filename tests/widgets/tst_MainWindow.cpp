// MainWindow: which project opens at start (command line, last project, demo folder), opening a
// project fills every view, a bad folder becomes a message, recent projects and layout persist in
// QSettings, a dropped folder opens, the Runs and Query views open clips in the Clip view, the keyboard shortcuts reach the Clip and Query views, and a run
// trained from the Training view shows in the Runs view and the status bar's run count from its start.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "ClipView.h"
#include "GuiTestProject.h"
#include "LibraryView.h"
#include "MainWindow.h"
#include "QueryView.h"
#include "RetrievalBrowser.h"
#include "RunsView.h"
#include "TrainingView.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_projectDir;

private Q_SLOTS:
    void initTestCase()
    {
        // Never touch the user's settings.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath("settings"));
        QCoreApplication::setOrganizationName("SoundFrameTest");
        QCoreApplication::setApplicationName("tst_MainWindow");
        m_projectDir = m_dir.filePath("project");
        QCOMPARE(test::writeGuiTestProject(m_projectDir, 2), QString());
    }

    void startupProjectOrder()
    {
        qunsetenv("SOUNDFRAME_DEMO_DIR");
        QCOMPARE(MainWindow::startupProject("/cli/project", m_projectDir), QString("/cli/project"));
        QCOMPARE(MainWindow::startupProject(QString(), m_projectDir), m_projectDir);
        qputenv("SOUNDFRAME_DEMO_DIR", m_projectDir.toUtf8());
        QCOMPARE(MainWindow::startupProject(QString(), m_dir.filePath("gone")), QDir(m_projectDir).absolutePath());
        QCOMPARE(MainWindow::demoFolder(), QDir(m_projectDir).absolutePath());
        qputenv("SOUNDFRAME_DEMO_DIR", m_dir.filePath("gone").toUtf8());
        QCOMPARE(MainWindow::demoFolder(), QString());
        qunsetenv("SOUNDFRAME_DEMO_DIR");
    }

    void openingFillsEveryView()
    {
        MainWindow window;
        QCOMPARE(window.tabs()->count(), 6);
        QVERIFY(window.openProject(m_projectDir));
        QCOMPARE(window.project().folder(), QDir(m_projectDir).absolutePath());
        QCOMPARE(window.libraryView()->visibleRowCount(), 20);  // 8 train + 4 val + 8 test
        QCOMPARE(window.runsView()->runCount(), 2);
        QVERIFY(window.windowTitle().contains("project"));
        QSignalSpy loaded(window.clipView(), &gui::ClipView::mediaLoaded);
        window.selectClip("test-0");
        QCOMPARE(window.currentClip(), QString("test-0"));
        QCOMPARE(window.libraryView()->currentClip(), QString("test-0"));
        QCOMPARE(window.clipView()->clipId(), QString("test-0"));
        QVERIFY(loaded.wait(30000));
        // A filtered-out clip is still selectable: the filter is cleared.
        window.libraryView()->setFilterText("val-");
        window.selectClip("train-1");
        QCOMPARE(window.currentClip(), QString("train-1"));
    }

    // A double-click on a clip in the Runs view's Queries tab shows that clip in the Clip view.
    void runQueriesOpenClips()
    {
        const QString file = m_projectDir + "/runs/seed-1/stage1-nearest/eval/queries.jsonl";
        QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(R"({"direction":"text_to_audio","query":{"clip":"test-2","text":"a bell"},"rank":2,)"
                  R"("relevant":[{"clip":"test-2"}],"top":[{"clip":"test-5","score":0.5,"relevant":false},)"
                  R"({"clip":"test-2","score":0.4,"relevant":true}]})" "\n");
        out.close();
        MainWindow window;
        QVERIFY(window.openProject(m_projectDir));
        gui::RetrievalBrowser* browser = window.runsView()->browser();
        QSignalSpy loaded(browser, &gui::RetrievalBrowser::queriesLoaded);
        QVERIFY(window.runsView()->selectRun("seed-1/stage1-nearest"));
        QVERIFY(loaded.wait(10000));
        QVERIFY(browser->selectQuery(0));
        browser->activateItem(0);
        QCOMPARE(window.tabs()->currentWidget(), window.clipView());
        QCOMPARE(window.currentClip(), QString("test-5"));
        QCOMPARE(window.clipView()->clipId(), QString("test-5"));
        QVERIFY(QFile::remove(file));
    }

    // "Open in Clip view" on a Query result shows that clip with the playhead at the matched window.
    void queryResultsOpenClipsAtTheirWindow()
    {
        MainWindow window;
        QVERIFY(window.openProject(m_projectDir));
        Q_EMIT window.queryView()->clipRequested("test-3", 0.5);
        QCOMPARE(window.tabs()->currentWidget(), window.clipView());
        QCOMPARE(window.currentClip(), QString("test-3"));
        QCOMPARE(window.clipView()->clipId(), QString("test-3"));
        QCOMPARE(window.clipView()->position(), 0.5);
        window.tabs()->setCurrentWidget(window.queryView());
        Q_EMIT window.queryView()->clipRequested("no-such-clip", 0.5);  // ignored
        QCOMPARE(window.tabs()->currentWidget(), window.queryView());
        QCOMPARE(window.currentClip(), QString("test-3"));
    }

    void badProjectIsAMessage()
    {
        MainWindow window;
        QVERIFY(window.openProject(m_projectDir));
        QVERIFY(!window.openProject(m_dir.filePath("does-not-exist")));
        QVERIFY(window.lastError().contains("does-not-exist"));
        QCOMPARE(window.project().folder(), QDir(m_projectDir).absolutePath());  // kept
    }

    void recentProjectsAndLayoutPersist()
    {
        QStringList folders;
        for (int i = 0; i < MainWindow::maxRecentProjects + 2; ++i) {
            const QString copy = m_dir.filePath(QString("p%1").arg(i));
            QDir().mkpath(copy);
            QFile::copy(m_projectDir + "/world/manifest-val.jsonl", copy + "/manifest.jsonl");
            folders << copy;
        }
        {
            MainWindow window;
            for (const QString& f : folders)
                QVERIFY(window.openProject(f));
            QVERIFY(window.openProject(folders[3]));
            QCOMPARE(window.recentProjects().size(), MainWindow::maxRecentProjects);
            QCOMPARE(window.recentProjects().first(), QDir(folders[3]).absolutePath());
            QCOMPARE(window.recentProjects()[1], QDir(folders.last()).absolutePath());
            window.tabs()->setCurrentIndex(4);
            window.resize(900, 650);
            window.saveSettings();
        }
        QSettings settings;
        QCOMPARE(settings.value("project/last").toString(), QDir(folders[3]).absolutePath());
        MainWindow again;
        QCOMPARE(again.recentProjects().size(), MainWindow::maxRecentProjects);
        QCOMPARE(again.recentProjects().first(), QDir(folders[3]).absolutePath());
        QCOMPARE(again.tabs()->currentIndex(), 4);
        QCOMPARE(again.size(), QSize(900, 650));
    }

    void droppedFolderOpens()
    {
        MainWindow window;
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_projectDir)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QCOMPARE(window.project().folder(), QDir(m_projectDir).absolutePath());
        QCOMPARE(window.libraryView()->visibleRowCount(), 20);  // 8 train + 4 val + 8 test
    }

    void shortcutsReachTheViews()
    {
        MainWindow window;
        QVERIFY(window.openProject(m_projectDir));
        window.show();
        // Under Xvfb no window manager activates the window: ask X for the focus ourselves.
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy loaded(window.clipView(), &gui::ClipView::mediaLoaded);
        window.selectClip("test-0");
        QVERIFY(loaded.wait(30000));
        window.tabs()->setCurrentWidget(window.clipView());
        window.clipView()->setFocus();
        // Left/Right step by video frame (10 fps here), Shift+Left/Right by cached frame.
        QTest::keyClick(&window, Qt::Key_Right);
        QCOMPARE(window.clipView()->position(), 0.1);
        QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(window.clipView()->position(), 0.25);
        QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(window.clipView()->position(), 0.75);
        QTest::keyClick(&window, Qt::Key_Left);
        QVERIFY(std::abs(window.clipView()->position() - 0.7) < 1e-9);
        QTest::keyClick(&window, Qt::Key_Left, Qt::ShiftModifier);
        QCOMPARE(window.clipView()->position(), 0.25);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), window.clipView());
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), window.runsView());
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), window.queryView());
        auto* edit = window.queryView()->findChild<QLineEdit*>();
        QVERIFY(edit);
        QVERIFY(edit->hasFocus());
        // Typing a space in the query field types a space; it does not start playback.
        QTest::keyClicks(edit, "a b");
        QCOMPARE(edit->text(), QString("a b"));
        QVERIFY(!window.clipView()->isPlaying());
    }

    // Last: it leaves a run in the project.
    void trainingRunRefreshesRunCounts()
    {
        MainWindow window;
        QVERIFY(window.openProject(m_projectDir));
        const int before = window.project().runs().size();
        const auto summary = [&window] {
            for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
                if (label->text().contains("run(s)"))
                    return label->text();
            return QString();
        };
        QVERIFY2(summary().endsWith(QString(", %1 run(s)").arg(before)), qPrintable(summary()));
        gui::TrainingView* training = window.trainingView();
        training->setForm(1, "random", 1, 8, 1e-3, 9);
        QSignalSpy started(training, &gui::TrainingView::runStarted);
        QSignalSpy finished(training, &gui::TrainingView::runFinished);
        training->start();
        QVERIFY(started.wait(120000));
        const QString run = started.at(0).at(0).toString();
        QCOMPARE(window.project().runs().size(), before + 1);
        QCOMPARE(window.runsView()->runCount(), before + 1);
        QVERIFY2(summary().endsWith(QString(", %1 run(s)").arg(before + 1)), qPrintable(summary()));
        QVERIFY(finished.wait(180000));
        QVERIFY(QTest::qWaitFor([training] { return !training->isTraining(); }, 10000));
        QCOMPARE(finished.at(0).at(0).toString(), run);
        QCOMPARE(window.runsView()->runCount(), before + 1);
        const gui::RunInfo* info = window.project().run(QDir(window.project().runsFolder()).relativeFilePath(run));
        QVERIFY(info && info->hasAudioEncoder);  // reloaded at the end, complete
    }
};

SOUNDFRAME_TEST_MAIN(TestMainWindow)
#include "tst_MainWindow.moc"
