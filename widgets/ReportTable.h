#pragma once
// ReportTable: a retrieval report (RUN/eval/report.json, schema in core/eval/RetrievalReport.h) as a
// table: one row per direction, columns R@1, R@5, R@10, mAP@10 (percent) and medR.
//
//   auto* table = new ReportTable(this);
//   if (!table->loadFile(run.folder + "/eval/report.json")) status(table->errorString());
//
// GUI thread only.
#include <QTableWidget>

namespace soundframe::gui {

class ReportTable : public QTableWidget {
    Q_OBJECT
public:
    explicit ReportTable(QWidget* parent = nullptr);

    bool loadFile(const QString& reportJson);   // false: table cleared, errorString() says why
    bool setReport(const QByteArray& json);
    void clearReport();
    QString errorString() const { return m_error; }
    // The value shown for a direction ("text_to_audio") and metric ("R@1"); NaN when absent.
    double value(const QString& direction, const QString& metric) const;

private:
    QString m_error;
};

} // namespace soundframe::gui
