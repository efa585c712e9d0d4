#include "TrainingPlots.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

namespace soundframe::gui {

namespace {

const QList<QColor>& runColours()
{
    static const QList<QColor> colours{QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                       QColor(214, 39, 40), QColor(148, 103, 189), QColor(140, 86, 75),
                                       QColor(227, 119, 194), QColor(127, 127, 127)};
    return colours;
}

void setSeries(QCPGraph* graph, const TrainingCurves::Series& series)
{
    QVector<double> x, y;
    x.reserve(int(series.size()));
    y.reserve(int(series.size()));
    for (const TrainingCurves::Point& p : series) {
        x.push_back(p.x);
        y.push_back(p.y);
    }
    graph->setData(x, y, true);
    // A single point draws no line: show it as a marker.
    if (series.size() == 1 && graph->scatterStyle().isNone())
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
}

// The legend wraps between entries, never inside a run's name: no-break spaces, and a word joiner
// (U+2060) after the '-' and '/' of folder names.
QString unbreakable(QString label)
{
    label.replace(QLatin1Char(' '), QChar(0x00A0));
    label.replace(QLatin1Char('-'), QStringLiteral("-\u2060"));
    label.replace(QLatin1Char('/'), QStringLiteral("/\u2060"));
    return label;
}

} // namespace

TrainingPlots::TrainingPlots(QWidget* parent) : QWidget(parent)
{
    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothing"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setToolTip(tr("Smooths the step loss with an exponential moving average, as "
                                     "TensorBoard's slider does (0 = off); the faint line is the loss as "
                                     "recorded. Per-epoch points are not smoothed"));
    m_smoothingValue = new QLabel(this);
    m_smoothingValue->setMinimumWidth(m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00")));
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) { setSmoothing(value / 100.0); });
    m_metricChoice = new QComboBox(this);
    m_metricChoice->setObjectName(QStringLiteral("recallMetric"));
    m_metricChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metricChoice->setToolTip(tr("The validation metric the last plot shows, per epoch"));
    connect(m_metricChoice, &QComboBox::activated, this,
            [this](int index) { setRecallMetric(m_metricChoice->itemData(index).toString()); });
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Smoothing"), this));
    controls->addWidget(m_smoothingSlider, 1);
    controls->addWidget(m_smoothingValue);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Validation"), this));
    controls->addWidget(m_metricChoice);

    m_lossPlot = makePlot(tr("Loss"), tr("InfoNCE"));
    m_lossPlot->setToolTip(tr("Step loss; dashed with circles: each epoch's mean"));
    m_lrPlot = makePlot(tr("Learning rate"), tr("rate"));
    m_temperaturePlot = makePlot(tr("Temperature"), tr("tau"));
    m_recallPlot = makePlot(tr("Validation recall"), tr("percent"));
    m_recallPlot->xAxis->setLabel(tr("epoch"));
    // Epochs are whole numbers: ticks at multiples of 1, never 0.5.
    QSharedPointer<QCPAxisTickerFixed> epochTicks(new QCPAxisTickerFixed);
    epochTicks->setTickStep(1.0);
    epochTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_recallPlot->xAxis->setTicker(epochTicks);
    // One legend for the four plots, above them: inside a plot it would hide the curves' start.
    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("legend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);

    auto* grid = new QGridLayout;
    grid->addWidget(m_lossPlot, 0, 0);
    grid->addWidget(m_lrPlot, 0, 1);
    grid->addWidget(m_temperaturePlot, 1, 0);
    grid->addWidget(m_recallPlot, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_legend);
    layout->addLayout(grid, 1);
    setSmoothing(0);
}

QCustomPlot* TrainingPlots::makePlot(const QString& title, const QString& yLabel)
{
    auto* plot = new QCustomPlot(this);
    plot->setMinimumSize(220, 160);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(font().family(), -1, QFont::Bold)));
    plot->xAxis->setLabel(tr("step"));
    plot->yAxis->setLabel(yLabel);
    plot->setNoAntialiasingOnDrag(true);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

QCustomPlot* TrainingPlots::plot(const QString& name) const
{
    return name == QLatin1String("loss")            ? m_lossPlot
         : name == QLatin1String("learning rate")   ? m_lrPlot
         : name == QLatin1String("temperature")     ? m_temperaturePlot
         : name == QLatin1String("recall")          ? m_recallPlot
                                                    : nullptr;
}

void TrainingPlots::setRun(const QString& key, const QString& label, const TrainingCurves& curves)
{
    auto it = m_runs.find(key);
    if (it == m_runs.end()) {
        // The first colour no shown run uses, so a run keeps its colour while others come and go.
        QList<int> used;
        for (const Run& r : std::as_const(m_runs))
            used << r.colourIndex;
        int colour = 0;
        while (used.contains(colour))
            ++colour;
        it = m_runs.insert(key, Run{label, curves, colour});
        m_order << key;
    } else {
        it->label = label;
        it->curves = curves;
    }
    fillMetricChoice();
    redraw();
}

void TrainingPlots::removeRun(const QString& key)
{
    if (!m_runs.remove(key))
        return;
    m_order.removeAll(key);
    fillMetricChoice();
    redraw();
}

void TrainingPlots::clear()
{
    m_runs.clear();
    m_order.clear();
    fillMetricChoice();
    redraw();
}

QColor TrainingPlots::colour(const QString& key) const
{
    const auto it = m_runs.constFind(key);
    return it == m_runs.cend() ? QColor() : runColours()[it->colourIndex % runColours().size()];
}

void TrainingPlots::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, 0.99);
    const bool changed = weight != m_smoothing;
    m_smoothing = weight;
    {
        const QSignalBlocker block(m_smoothingSlider);
        m_smoothingSlider->setValue(int(std::lround(weight * 100)));
    }
    m_smoothingValue->setText(QString::number(weight, 'f', 2));
    if (changed) {
        redraw();
        Q_EMIT smoothingChanged(weight);
    }
}

QStringList TrainingPlots::recallMetrics() const
{
    QStringList metrics;
    for (const Run& r : m_runs)
        for (const auto& entry : r.curves.validation)
            metrics << QString::fromStdString(entry.first);
    metrics.removeDuplicates();
    metrics.sort();
    return metrics;
}

void TrainingPlots::setRecallMetric(const QString& metric)
{
    if (!recallMetrics().contains(metric) || metric == m_recallMetric)
        return;
    m_recallMetric = metric;
    m_metricChoice->setCurrentIndex(m_metricChoice->findData(metric));
    redraw();
}

QString TrainingPlots::preferredMetric() const
{
    // Recall at 10 is what the reports lead with; the first direction in name order is audio->image,
    // the one both stages validate.
    const QStringList metrics = recallMetrics();
    for (const QString& m : metrics)
        if (m.endsWith(QLatin1String("R@10")))
            return m;
    return metrics.value(0);
}

void TrainingPlots::fillMetricChoice()
{
    const QStringList metrics = recallMetrics();
    if (!metrics.contains(m_recallMetric))
        m_recallMetric = preferredMetric();
    const QSignalBlocker block(m_metricChoice);
    m_metricChoice->clear();
    for (const QString& m : metrics)
        m_metricChoice->addItem(QString(m).replace(QLatin1Char('_'), QLatin1Char(' ')), m);
    m_metricChoice->setCurrentIndex(m_metricChoice->findData(m_recallMetric));
    m_metricChoice->setEnabled(!metrics.isEmpty());
}

void TrainingPlots::redraw()
{
    for (QCustomPlot* p : {m_lossPlot, m_lrPlot, m_temperaturePlot, m_recallPlot})
        p->clearGraphs();
    const auto addGraph = [](QCustomPlot* p, const QPen& pen, const TrainingCurves::Series& series) {
        QCPGraph* g = p->addGraph();
        g->setPen(pen);
        setSeries(g, series);
        return g;
    };
    const std::string metric = m_recallMetric.toStdString();
    for (const QString& key : std::as_const(m_order)) {
        const Run& run = m_runs[key];
        const QColor colour = this->colour(key);
        const QPen pen(colour, 1.5);
        if (m_smoothing > 0) {
            QColor faint = colour;
            faint.setAlpha(60);
            addGraph(m_lossPlot, QPen(faint, 1), run.curves.loss);
        }
        QCPGraph* loss = addGraph(m_lossPlot, pen, TrainingCurves::smoothed(run.curves.loss, m_smoothing));
        loss->setName(run.label);
        loss->setProperty("run", key);
        QCPGraph* epochs = addGraph(m_lossPlot, QPen(colour, 1, Qt::DashLine), run.curves.epochLoss);
        epochs->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.5), QColor(Qt::white), 6));
        addGraph(m_lrPlot, pen, run.curves.learningRate)->setProperty("run", key);
        addGraph(m_temperaturePlot, pen, run.curves.temperature)->setProperty("run", key);
        if (const auto it = run.curves.validation.find(metric); it != run.curves.validation.end()) {
            QCPGraph* recall = addGraph(m_recallPlot, pen, it->second);
            recall->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.5), colour, 6));
            recall->setProperty("run", key);
        }
    }
    QStringList legend;
    for (const QString& key : std::as_const(m_order))
        legend << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                      .arg(colour(key).name(), unbreakable(m_runs[key].label).toHtmlEscaped());
    m_legend->setText(legend.join(QStringLiteral(" &nbsp; ")));
    m_legend->setVisible(!legend.isEmpty());
    for (QCustomPlot* p : {m_lossPlot, m_lrPlot, m_temperaturePlot, m_recallPlot}) {
        p->rescaleAxes();
        if (p == m_recallPlot && p->graphCount() > 0) {
            // Half an epoch and a twentieth of the range of margin: markers at the ends are not cut.
            const QCPRange epochs = p->xAxis->range();
            p->xAxis->setRange(epochs.lower - 0.5, epochs.upper + 0.5);
            const QCPRange percent = p->yAxis->range();
            const double margin = std::max(percent.size() / 20, 0.5);
            p->yAxis->setRange(percent.lower - margin, percent.upper + margin);
        }
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

int TrainingPlots::pointCount(const QString& name) const
{
    int n = 0;
    if (const QCustomPlot* p = plot(name))
        for (int g = 0; g < p->graphCount(); ++g)
            n += p->graph(g)->dataCount();
    return n;
}

int TrainingPlots::graphCount(const QString& name) const
{
    const QCustomPlot* p = plot(name);
    return p ? p->graphCount() : 0;
}

QVector<QPointF> TrainingPlots::points(const QString& name, const QString& key) const
{
    QVector<QPointF> out;
    const QCustomPlot* p = plot(name);
    if (!p)
        return out;
    for (int g = 0; g < p->graphCount(); ++g) {
        const QCPGraph* graph = p->graph(g);
        if (graph->property("run").toString() != key)
            continue;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
            out.push_back(QPointF(it->key, it->value));
        break;
    }
    return out;
}

} // namespace soundframe::gui
