#include "ReportCharts.h"

#include <qcustomplot.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace soundframe::gui {

namespace {

const QStringList kDirections{"text_to_audio", "audio_to_text", "audio_to_image", "image_to_audio"};
const QStringList kDirectionTitles{"text → audio", "audio → text", "audio → image", "image → audio"};

QColor rowColour(int i)
{
    static const QList<QColor> colours{QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                       QColor(174, 199, 232), QColor(255, 187, 120), QColor(152, 223, 138),
                                       QColor(127, 127, 127)};
    return colours[i % colours.size()];
}

bool save(QCustomPlot& plot, const QString& file, QStringList* written, QString& error)
{
    if (!plot.savePng(file, 1000, 560)) {
        error = file + ": cannot write the PNG";
        return false;
    }
    if (written)
        *written << file;
    return true;
}

} // namespace

QString ReportCharts::render(const QString& reportDir, QStringList* written)
{
    const QDir report(reportDir);
    QFile file(report.filePath("results.json"));
    if (!file.open(QIODevice::ReadOnly))
        return file.fileName() + ": cannot read";
    QJsonParseError parseError;
    const QJsonObject results = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return file.fileName() + ": " + parseError.errorString();
    if (!report.mkpath("charts"))
        return report.filePath("charts") + ": cannot create";
    const QDir charts(report.filePath("charts"));
    QString error;

    // R@1 bars: one group per direction, one bar per method · stage.
    {
        QCustomPlot plot;
        plot.legend->setVisible(true);
        plot.legend->setFont(QFont("sans", 8));
        plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
        auto* group = new QCPBarsGroup(&plot);
        const QJsonArray rows = results["rows"].toArray();
        double top = 1;
        for (int r = 0; r < rows.size(); ++r) {
            const QJsonObject row = rows[r].toObject();
            auto* bars = new QCPBars(plot.xAxis, plot.yAxis);
            bars->setName(row["title"].toString());
            bars->setWidth(0.8 / std::max<qsizetype>(1, rows.size()));
            bars->setBrush(rowColour(r));
            bars->setPen(QPen(rowColour(r).darker(130)));
            bars->setBarsGroup(group);
            const QJsonObject values = row["values"].toObject();
            for (int d = 0; d < kDirections.size(); ++d) {
                const double v = values[kDirections[d] + "/R@1"].toObject()["mean"].toDouble();
                bars->addData(d + 1, v);
                top = std::max(top, v);
            }
        }
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (int d = 0; d < kDirections.size(); ++d)
            ticker->addTick(d + 1, kDirectionTitles[d]);
        plot.xAxis->setTicker(ticker);
        plot.xAxis->setRange(0.4, kDirections.size() + 0.6);
        plot.yAxis->setRange(0, top * 1.6);
        plot.yAxis->setLabel("R@1 (%) on the test set");
        plot.plotLayout()->insertRow(0);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, "Recall at 1 per method and stage", QFont("sans", 11, QFont::Bold)));
        if (!save(plot, charts.filePath("recall-at-1.png"), written, error))
            return error;
    }

    // Loss curves, one chart per run.
    for (const auto& value : results["runs"].toArray()) {
        const QJsonObject run = value.toObject();
        const QJsonObject loss = run["loss"].toObject();
        const QJsonArray steps = loss["steps"].toArray();
        const QJsonArray epochs = loss["epochs"].toArray();
        QCustomPlot plot;
        QVector<double> x, y, ex, ey;
        for (const auto& p : steps) {
            x << p.toArray()[0].toDouble();
            y << p.toArray()[1].toDouble();
        }
        // Epoch means drawn at the epoch's last step.
        const double stepsPerEpoch = epochs.isEmpty() || x.isEmpty() ? 1.0 : x.last() / epochs.size();
        for (const auto& p : epochs) {
            ex << p.toArray()[0].toDouble() * stepsPerEpoch;
            ey << p.toArray()[1].toDouble();
        }
        auto* stepGraph = plot.addGraph();
        stepGraph->setName("step loss");
        stepGraph->setData(x, y);
        stepGraph->setPen(QPen(QColor(31, 119, 180)));
        auto* epochGraph = plot.addGraph();
        epochGraph->setName("epoch mean");
        epochGraph->setData(ex, ey);
        epochGraph->setPen(QPen(QColor(214, 39, 40), 2));
        epochGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        plot.legend->setVisible(true);
        plot.xAxis->setLabel("optimiser step");
        plot.yAxis->setLabel("InfoNCE loss");
        plot.rescaleAxes();
        plot.yAxis->scaleRange(1.1, plot.yAxis->range().center());
        const QString name = QString("seed-%1-%2").arg(run["seed"].toInt()).arg(run["name"].toString());
        plot.plotLayout()->insertRow(0);
        plot.plotLayout()->addElement(0, 0, new QCPTextElement(&plot, "Loss: " + name, QFont("sans", 11, QFont::Bold)));
        if (!save(plot, charts.filePath("loss-" + name + ".png"), written, error))
            return error;
    }
    return {};
}

} // namespace soundframe::gui
