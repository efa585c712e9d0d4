#pragma once
// A small generated project for the main window's view tests, without LibTorch in this header:
// writeWidgetTestProject's layout (world/manifest-test.jsonl, cache/test, standin-clip/, runs/seed-1/...)
// plus world/manifest-{train,val}.jsonl, cache/{train,val} and audio-encoder.json (a tiny CNN of
// four blocks), so a stage-1 training of a few seconds can run on it.
//
//   test::GuiTestProjectFolder folder;                // in a test class
//   QCOMPARE(folder.create(), QString());             // initTestCase(): write and open
//   view.setProject(folder.project());
#include "Project.h"
#include "TrainingWorker.h"

#include <QString>
#include <QTemporaryDir>

namespace soundframe::test {

// Writes the project into `root` (created); returns an empty string or what went wrong.
// trainPerClass: clips per class (4 classes) in cache/train.
QString writeGuiTestProject(const QString& root, int trainPerClass = 4);

// A generated project in its own temporary folder, opened as a gui::Project.
class GuiTestProjectFolder {
public:
    // Writes and opens the project; an empty string or what went wrong.
    QString create(int trainPerClass = 2);
    QString path() const { return m_dir.filePath("project"); }
    const gui::Project& project() const { return m_project; }
    // A small stage-1 run (Random) of the project's train cache into runs/RUN_NAME: batch 8, one
    // thread, no per-epoch validation, no evaluation after it.
    gui::TrainingRequest trainingRequest(const QString& runName, int epochs) const;
    void reopen() { m_project = gui::Project::open(path()); }  // after a test changed its files

private:
    QTemporaryDir m_dir;
    gui::Project m_project;
};

} // namespace soundframe::test
