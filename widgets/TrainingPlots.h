#pragma once
// TrainingPlots: the Training view's four plots — loss, learning rate, temperature and one validation
// metric — with any number of runs overlaid, one colour per run, and their controls: a smoothing
// slider (TensorBoard's: an exponential moving average of the step loss, 0 = off) and the validation
// metric to show. The curves come from the core (TrainingCurves); this class only draws them.
//
//   auto* plots = new TrainingPlots(this);
//   plots->setRun(folder, "seed-1/stage1-nearest (Nearest)",
//                 TrainingCurves::fromMetrics(TrainMetrics::readFile(metricsFile)));
//   plots->setSmoothing(0.6);
//   plots->removeRun(folder);
//
// x is the optimiser step, except in the validation plot (whole epochs, integer ticks). With smoothing
// on, each run's raw step loss stays as a faint line behind the smoothed one; per-epoch points (epoch
// mean loss, validation) are never smoothed and carry markers, as does any series of a single point.
// A legend above the plots names each run in its colour. setRun() and removeRun() queue a replot.
// GUI thread only.
#include "train/TrainingCurves.h"

#include <QColor>
#include <QMap>
#include <QPointF>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QSlider;

namespace soundframe::gui {

class TrainingPlots : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPlots(QWidget* parent = nullptr);

    // Adds run `key` (its folder) with the next free colour, or replaces its curves keeping its colour.
    // `label` names it in the legend.
    void setRun(const QString& key, const QString& label, const TrainingCurves& curves);
    void removeRun(const QString& key);
    void clear();
    QStringList runs() const { return m_order; }      // keys, in the order they were added
    bool hasRun(const QString& key) const { return m_runs.contains(key); }
    QColor colour(const QString& key) const;          // invalid for an unknown key

    // Smoothing weight in [0, 0.99]; 0 draws the step loss as recorded.
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }
    // The validation metric drawn, e.g. "audio_to_image/R@10"; one of recallMetrics().
    void setRecallMetric(const QString& metric);
    QString recallMetric() const { return m_recallMetric; }
    QStringList recallMetrics() const;                // every validation metric of the shown runs

    // Plots by name: "loss", "learning rate", "temperature", "recall".
    int pointCount(const QString& plot) const;        // points of all the plot's graphs
    int graphCount(const QString& plot) const;
    // The run's main series in that plot as drawn: the (smoothed) step loss, the learning rate, the
    // temperature, or the chosen validation metric per epoch. Empty for an unknown run or plot.
    QVector<QPointF> points(const QString& plot, const QString& key) const;
    QCustomPlot* plot(const QString& name) const;

Q_SIGNALS:
    void smoothingChanged(double weight);

private:
    struct Run {
        QString label;
        TrainingCurves curves;
        int colourIndex = 0;
    };

    QCustomPlot* makePlot(const QString& title, const QString& yLabel);
    void redraw();
    void fillMetricChoice();
    QString preferredMetric() const;

    QMap<QString, Run> m_runs;
    QStringList m_order;
    double m_smoothing = 0;
    QString m_recallMetric;

    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QComboBox* m_metricChoice = nullptr;
    QLabel* m_legend = nullptr;  // the runs' colours and names
    QCustomPlot* m_lossPlot = nullptr;
    QCustomPlot* m_lrPlot = nullptr;
    QCustomPlot* m_temperaturePlot = nullptr;
    QCustomPlot* m_recallPlot = nullptr;
};

} // namespace soundframe::gui
