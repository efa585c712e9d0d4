#include "ReportTable.h"

#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace soundframe::gui {

namespace {

const QStringList& directions()
{
    static const QStringList d{"text_to_audio", "audio_to_text", "audio_to_image", "image_to_audio"};
    return d;
}

const QStringList& metrics()
{
    static const QStringList m{"R@1", "R@5", "R@10", "mAP@10", "medR"};
    return m;
}

} // namespace

ReportTable::ReportTable(QWidget* parent) : QTableWidget(parent)
{
    setColumnCount(int(metrics().size()));
    setHorizontalHeaderLabels(metrics());
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    setToolTip(tr("Retrieval results in percent (R@k: share of queries whose first relevant item ranks within k; "
                  "medR: median rank, lower is better)"));
}

void ReportTable::clearReport()
{
    setRowCount(0);
}

bool ReportTable::loadFile(const QString& reportJson)
{
    QFile file(reportJson);
    if (!file.open(QIODevice::ReadOnly)) {
        clearReport();
        m_error = tr("%1: cannot open").arg(reportJson);
        return false;
    }
    if (!setReport(file.readAll())) {
        m_error = reportJson + QStringLiteral(": ") + m_error;
        return false;
    }
    return true;
}

bool ReportTable::setReport(const QByteArray& json)
{
    clearReport();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        m_error = tr("not a retrieval report (%1)").arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    QStringList rowNames;
    for (const QString& direction : directions()) {
        if (!root.value(direction).isObject())
            continue;
        const QJsonObject scores = root.value(direction).toObject();
        const int row = rowCount();
        insertRow(row);
        rowNames << QString(direction).replace('_', ' ');
        for (int c = 0; c < metrics().size(); ++c) {
            const QJsonValue v = scores.value(metrics()[c]);
            auto* item = new QTableWidgetItem(v.isDouble() ? QString::number(v.toDouble(), 'f', c == 4 ? 0 : 1) : QString());
            item->setData(Qt::UserRole, v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN());
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(row, c, item);
        }
    }
    setVerticalHeaderLabels(rowNames);
    if (rowCount() == 0) {
        m_error = tr("no retrieval direction in the report");
        return false;
    }
    m_error.clear();
    return true;
}

double ReportTable::value(const QString& direction, const QString& metric) const
{
    int row = -1;
    const QString name = QString(direction).replace('_', ' ');
    for (int r = 0; r < rowCount(); ++r)
        if (verticalHeaderItem(r) && verticalHeaderItem(r)->text() == name)
            row = r;
    const int column = int(metrics().indexOf(metric));
    if (row < 0 || column < 0 || !item(row, column))
        return std::numeric_limits<double>::quiet_NaN();
    return item(row, column)->data(Qt::UserRole).toDouble();
}

} // namespace soundframe::gui
