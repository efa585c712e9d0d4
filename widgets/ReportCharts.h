#pragma once
// ReportCharts: draws the charts of a demo report folder (DemoPipeline's report/results.json) as PNG
// files with QCustomPlot, without showing a window.
//
//   QApplication app(argc, argv);                      // QT_QPA_PLATFORM=offscreen works
//   QStringList written;
//   QString error = ReportCharts::render("demo-out/report", &written);   // empty on success
//
// Writes REPORT/charts/recall-at-1.png (R@1 per method · stage, grouped by retrieval direction) and
// REPORT/charts/loss-seed-S-<run>.png (step losses and epoch means of each run). Needs a
// QApplication on the calling (GUI) thread. Returns a sentence naming the file at fault on failure.
#include <QString>
#include <QStringList>

namespace soundframe::gui {

class ReportCharts {
public:
    static QString render(const QString& reportDir, QStringList* written = nullptr);
};

} // namespace soundframe::gui
