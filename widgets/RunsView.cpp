#include "RunsView.h"

#include "MethodName.h"
#include "ReportTable.h"
#include "RetrievalBrowser.h"
#include "train/TrainMetrics.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <filesystem>
#include <optional>

namespace soundframe::gui {

namespace {

enum RunColumn {
    RunName, RunStage, RunMatching, RunEpochs, RunBatch, RunLearningRate, RunFrozenBlocks, RunSeed, RunState, RunFinalLoss,
    RunValidation, RunColumnCount
};

// The last "epoch" record of RUN/metrics.jsonl, read by the core's one reader of that file.
std::optional<TrainMetrics> lastEpochMetrics(const QString& runFolder)
{
    std::optional<TrainMetrics> last;
    for (TrainMetrics& m : TrainMetrics::readFile(std::filesystem::path(runFolder.toStdString()) / "metrics.jsonl"))
        if (m.kind == "epoch")
            last = std::move(m);
    return last;
}

// A run's last validation, as the Validation column shows it.
struct ValidationText {
    QString glance;  // R@10 per direction ("A→I 28.7 · T→A 49.3") and tagging's top-1; else every figure
    QString every;   // every figure, one a line (the tooltip)
};

ValidationText validationText(const std::map<std::string, double>& validation)
{
    QStringList glance, every;
    for (const auto& [key, value] : validation) {
        const QString name = QString::fromStdString(key);
        const QString figure = QString::number(value, 'f', 1);
        every << QStringLiteral("%1 %2").arg(name, figure);
        const QString direction = name.section('/', 0, 0);  // "audio_to_image"
        if (name.endsWith(QLatin1String("/R@10")) && direction.contains(QLatin1String("_to_")))
            glance << QStringLiteral("%1→%2 %3")
                          .arg(direction.section(QLatin1String("_to_"), 0, 0).left(1).toUpper(),
                               direction.section(QLatin1String("_to_"), 1, 1).left(1).toUpper(), figure);
        else if (name == QLatin1String("tagging/top1"))
            glance << RunsView::tr("tagging top-1 %1").arg(figure);
    }
    return {glance.isEmpty() ? every.join(QStringLiteral(", ")) : glance.join(QStringLiteral(" · ")), every.join('\n')};
}

} // namespace

RunsView::RunsView(QWidget* parent) : QWidget(parent)
{
    m_runs = new QTableWidget(0, RunColumnCount, this);
    m_runs->setHorizontalHeaderLabels({tr("Run"), tr("Stage"), tr("Matching"), tr("Epochs"), tr("Batch"),
                                       tr("Learning rate"), tr("Blocks kept"), tr("Seed"), tr("State"), tr("Final loss"),
                                       tr("Validation, last epoch (R@10)")});
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runs->setSortingEnabled(true);
    m_runs->verticalHeader()->hide();
    m_runs->horizontalHeader()->setStretchLastSection(true);
    m_runs->setToolTip(tr("Training runs found in the project's runs folder"));
    connect(m_runs, &QTableWidget::currentCellChanged, this, &RunsView::onRunRowChanged);

    m_config = new QPlainTextEdit(this);
    m_config->setReadOnly(true);
    m_config->setToolTip(tr("The selected run's config.json"));

    m_leftChoice = new QComboBox(this);
    m_rightChoice = new QComboBox(this);
    m_leftChoice->setToolTip(tr("First run to compare"));
    m_rightChoice->setToolTip(tr("Second run to compare"));
    m_left = new ReportTable(this);
    m_right = new ReportTable(this);
    connect(m_leftChoice, &QComboBox::currentIndexChanged, this, [this] { showReport(m_leftChoice, m_left); });
    connect(m_rightChoice, &QComboBox::currentIndexChanged, this, [this] { showReport(m_rightChoice, m_right); });

    auto* compareBox = new QWidget(this);
    auto* grid = new QGridLayout(compareBox);
    grid->addWidget(new QLabel(tr("Compare"), compareBox), 0, 0, 1, 2);
    grid->addWidget(m_leftChoice, 1, 0);
    grid->addWidget(m_rightChoice, 1, 1);
    grid->addWidget(m_left, 2, 0);
    grid->addWidget(m_right, 2, 1);

    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_config);
    bottom->addWidget(compareBox);
    bottom->setStretchFactor(1, 2);
    m_browser = new RetrievalBrowser(this);
    connect(m_browser, &RetrievalBrowser::clipRequested, this, &RunsView::clipRequested);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabToolTip(m_tabs->addTab(bottom, tr("Compare")), tr("The selected run's config; two runs' reports"));
    m_tabs->setTabToolTip(m_tabs->addTab(m_browser, tr("Queries")),
                          tr("The selected run's retrieval queries: which succeed, which fail, what they retrieve"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_runs);
    splitter->addWidget(m_tabs);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
}

void RunsView::setProject(const Project& project)
{
    m_project = project;
    m_browser->setProject(project);
    fillTable();
}

void RunsView::showQueries()
{
    m_tabs->setCurrentWidget(m_browser);
}

void RunsView::reload()
{
    m_project.reloadRuns();
    fillTable();
}

int RunsView::runCount() const
{
    return m_runs->rowCount();
}

QString RunsView::configText() const
{
    return m_config->toPlainText();
}

void RunsView::fillTable()
{
    const QString left = m_leftChoice->currentData().toString();
    const QString right = m_rightChoice->currentData().toString();
    m_runs->setSortingEnabled(false);
    m_runs->setRowCount(0);
    m_leftChoice->clear();
    m_rightChoice->clear();
    for (const RunInfo& run : m_project.runs()) {
        const int row = m_runs->rowCount();
        m_runs->insertRow(row);
        const std::optional<TrainMetrics> metrics = lastEpochMetrics(run.folder);
        const ValidationText validation = metrics ? validationText(metrics->validation) : ValidationText{};
        const QString state = run.hasAudioEncoder ? tr("complete") : run.hasCheckpoint ? tr("paused") : tr("incomplete");
        const auto set = [&](int column, const QString& text, const QVariant& sortKey = {}) {
            // A number is set on an empty item: Qt compares "2.7500" and 2.75 as equal and would keep
            // the text, which sorts "10" before "8".
            auto* item = sortKey.isValid() ? new QTableWidgetItem : new QTableWidgetItem(text);
            if (sortKey.isValid())
                item->setData(Qt::DisplayRole, sortKey);
            item->setData(Qt::UserRole, run.name);
            item->setToolTip(text);
            m_runs->setItem(row, column, item);
        };
        set(RunName, run.name);
        set(RunStage, QString::number(run.stageNumber()), run.stageNumber());
        set(RunMatching, MethodName::of(run.matching));  // as the Training and Alignment views name it
        set(RunEpochs, QString::number(run.config.epochs), run.config.epochs);
        set(RunBatch, QString::number(run.config.batchSize), run.config.batchSize);
        set(RunLearningRate, QString::number(run.config.learningRate), run.config.learningRate);
        // The audio encoder's first blocks the run kept frozen (TrainConfig::frozenAudioBlocks): the
        // demo's stage 1 keeps 3, its stage 2 none, and two runs that differ in it are not alike.
        set(RunFrozenBlocks, QString::number(run.config.frozenAudioBlocks), run.config.frozenAudioBlocks);
        set(RunSeed, QString::number(run.config.seed), run.config.seed);
        set(RunState, state);
        if (metrics)  // a number, so the column sorts by value ("10.1" after "9.8"), to 4 decimals
            set(RunFinalLoss, QString::number(metrics->loss, 'f', 4), std::round(metrics->loss * 1e4) / 1e4);
        else
            set(RunFinalLoss, QString());
        set(RunValidation, validation.glance);
        m_runs->item(row, RunValidation)->setToolTip(validation.every);
        const QString label = run.hasReport ? run.name : tr("%1 (no report)").arg(run.name);
        m_leftChoice->addItem(label, run.name);
        m_rightChoice->addItem(label, run.name);
    }
    m_runs->setSortingEnabled(true);
    m_runs->resizeColumnsToContents();
    // Keep the chosen pair across reloads; else the first two runs with a report (a run without one,
    // such as the tagging run, would show an empty table), else the first two runs.
    QVector<int> reported;
    for (int i = 0; i < m_project.runs().size(); ++i)
        if (m_project.runs().at(i).hasReport)
            reported << i;
    const int firstReported = reported.value(0, 0);
    const int secondReported = reported.size() > 1 ? reported[1] : std::min(1, m_rightChoice->count() - 1);
    const int l = m_leftChoice->findData(left), r = m_rightChoice->findData(right);
    m_leftChoice->setCurrentIndex(l >= 0 ? l : firstReported);
    m_rightChoice->setCurrentIndex(r >= 0 ? r : secondReported);
    showReport(m_leftChoice, m_left);
    showReport(m_rightChoice, m_right);
    m_config->clear();
    m_browser->clear();
}

bool RunsView::compare(const QString& runA, const QString& runB)
{
    const int a = m_leftChoice->findData(runA), b = m_rightChoice->findData(runB);
    if (a < 0 || b < 0)
        return false;
    m_leftChoice->setCurrentIndex(a);
    m_rightChoice->setCurrentIndex(b);
    showReport(m_leftChoice, m_left);
    showReport(m_rightChoice, m_right);
    return true;
}

bool RunsView::selectRun(const QString& run)
{
    for (int row = 0; row < m_runs->rowCount(); ++row)
        if (m_runs->item(row, RunName)->data(Qt::UserRole).toString() == run) {
            m_runs->setCurrentCell(row, RunName);
            return true;
        }
    return false;
}

void RunsView::showReport(QComboBox* choice, ReportTable* table)
{
    const RunInfo* run = m_project.run(choice->currentData().toString());
    if (!run) {
        table->clearReport();
        return;
    }
    if (!table->loadFile(QDir(run->folder).filePath(QStringLiteral("eval/report.json"))))
        table->setToolTip(table->errorString());
}

void RunsView::onRunRowChanged()
{
    const QTableWidgetItem* item = m_runs->item(m_runs->currentRow(), RunName);
    const RunInfo* run = item ? m_project.run(item->data(Qt::UserRole).toString()) : nullptr;
    if (!run) {
        m_config->clear();
        m_browser->clear();
        return;
    }
    m_browser->setRun(run->folder);
    QFile file(QDir(run->folder).filePath(QStringLiteral("config.json")));
    m_config->setPlainText(file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : file.errorString());
    Q_EMIT runSelected(run->folder);
}

} // namespace soundframe::gui
