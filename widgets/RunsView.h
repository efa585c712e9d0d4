#pragma once
// RunsView: the project's training runs with their settings and final metrics, the selected run's
// config, two chosen runs' retrieval tables (RUN/eval/report.json) side by side, and the selected
// run's retrieval queries one by one (RetrievalBrowser on RUN/eval/queries.jsonl, in a second tab).
//
//   auto* runs = new RunsView(this);
//   runs->setProject(project);
//   runs->compare("seed-1/stage1-random", "seed-1/stage1-nearest");
//
// Reads run folders on the GUI thread: config.json, the last lines of metrics.jsonl and eval/report.json
// are small; the browser reads queries.jsonl on a pool thread. GUI thread only.
#include "Project.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;
class QTableWidget;
class QTabWidget;

namespace soundframe::gui {

class ReportTable;
class RetrievalBrowser;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);

    void setProject(const Project& project);
    void reload();                                    // rescans the runs folder
    bool compare(const QString& runA, const QString& runB);  // by RunInfo::name; false if either is absent
    bool selectRun(const QString& run);               // by RunInfo::name, as a click on its row; false if absent
    int runCount() const;
    QTableWidget* runTable() const { return m_runs; }
    ReportTable* leftReport() const { return m_left; }
    ReportTable* rightReport() const { return m_right; }
    QString configText() const;
    RetrievalBrowser* browser() const { return m_browser; }
    void showQueries();                               // the queries tab

Q_SIGNALS:
    void runSelected(const QString& runFolder);
    void clipRequested(const QString& clipId);        // double-click on a clip in the queries tab

private:
    void fillTable();
    void showReport(QComboBox* choice, ReportTable* table);
    void onRunRowChanged();

    Project m_project;
    QTableWidget* m_runs = nullptr;
    QPlainTextEdit* m_config = nullptr;
    QComboBox* m_leftChoice = nullptr;
    QComboBox* m_rightChoice = nullptr;
    ReportTable* m_left = nullptr;
    ReportTable* m_right = nullptr;
    QTabWidget* m_tabs = nullptr;
    RetrievalBrowser* m_browser = nullptr;
};

} // namespace soundframe::gui
