#include "RetrievalBrowser.h"

#include "ClipMediaLoader.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <exception>
#include <optional>

namespace soundframe::gui {

namespace {

enum QueryColumn { QueryRank, QueryText, QueryClip, QueryColumnCount };
enum ItemColumn { ItemRank, ItemFrame, ItemText, ItemLabels, ItemClip, ItemScore, ItemRelevant, ItemColumnCount };
constexpr QSize kFrameSize(48, 36);

// A caption's text; a clip's first caption in the project (what it sounds like), else its id.
QString shown(const RetrievalItem& item, const Project& project)
{
    if (item.isCaption())
        return QString::fromStdString(item.text);
    const ClipRecord* clip = project.clip(QString::fromStdString(item.clip));
    if (clip && !clip->captions.empty())
        return QString::fromStdString(clip->captions.front());
    return QString::fromStdString(item.clip);
}

// `stretch`: the column that takes the width left over.
QTableWidget* makeTable(const QStringList& headers, int stretch, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
    return table;
}

// A project clip's labels, comma-separated; empty for other items.
QString labelsOf(const RetrievalItem& item, const Project& project)
{
    const ClipRecord* clip = project.clip(QString::fromStdString(item.clip));
    QStringList labels;
    if (clip)
        for (const auto& label : clip->labels)
            labels << QString::fromStdString(label);
    return labels.join(QStringLiteral(", "));
}

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(text);
    return item;
}

// A cell sorted by number: Qt 6.4's QTableWidgetItem compares a numeric DisplayRole as text ("2" > "12").
class NumberCell : public QTableWidgetItem {
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    NumberCell(const QString& text, double key) : QTableWidgetItem(text) { setData(SortRole, key); }
    bool operator<(const QTableWidgetItem& other) const override
    {
        return data(SortRole).toDouble() < other.data(SortRole).toDouble();
    }
};

} // namespace

RetrievalBrowser::RetrievalBrowser(QWidget* parent)
    : QWidget(parent), m_watcher(new QFutureWatcher<Loaded>(this)),
      m_thumbnailWatcher(new QFutureWatcher<QVector<QImage>>(this)),
      m_thumbnailCancel(std::make_shared<std::atomic<bool>>(false))
{
    m_direction = new QComboBox(this);
    m_direction->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_direction->setToolTip(tr("Retrieval direction: what the queries are and what they retrieve"));
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter queries…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show only the queries whose text or clip contains this"));
    m_summary = new QLabel(this);
    m_queries = makeTable({tr("Rank"), tr("Query"), tr("Clip")}, QueryText, this);
    m_queries->setToolTip(tr("Each query with the rank of its first relevant item; the worst first"));
    m_items = makeTable({tr("Rank"), tr("Frame"), tr("Item"), tr("Labels"), tr("Clip"), tr("Score"), tr("Relevant")},
                        ItemText, this);
    // Labels share the spare width with the item's text, so Clip, Score and Relevant stay in view.
    m_items->horizontalHeader()->setSectionResizeMode(ItemLabels, QHeaderView::Stretch);
    m_items->setIconSize(kFrameSize);
    m_items->verticalHeader()->setDefaultSectionSize(std::max(m_items->fontMetrics().height(), kFrameSize.height()) + 6);
    m_items->setToolTip(tr("The selected query's best-ranked items; double-click one to open its clip"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    connect(m_direction, &QComboBox::currentIndexChanged, this, &RetrievalBrowser::fillQueries);
    connect(m_filter, &QLineEdit::textChanged, this, &RetrievalBrowser::applyFilter);
    connect(m_queries, &QTableWidget::currentCellChanged, this, [this](int row) {
        m_current = queryIndexOfRow(row);
        fillItems();
    });
    connect(m_queries, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (const RetrievalQuery* q = queryAt(row))
            requestClip(QString::fromStdString(q->query.clip));
    });
    connect(m_items, &QTableWidget::cellDoubleClicked, this, [this](int row) { activateItem(row); });
    connect(m_watcher, &QFutureWatcher<Loaded>::finished, this, &RetrievalBrowser::onLoaded);
    connect(m_thumbnailWatcher, &QFutureWatcher<QVector<QImage>>::finished, this, &RetrievalBrowser::onThumbnailsLoaded);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Direction"), this));
    top->addWidget(m_direction);
    top->addWidget(m_filter, 1);
    top->addWidget(m_summary);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_queries);
    splitter->addWidget(m_items);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
}

RetrievalBrowser::~RetrievalBrowser()
{
    // A read cannot be interrupted; it is one file, so wait rather than leak it.
    m_watcher->disconnect(this);
    m_watcher->waitForFinished();
    *m_thumbnailCancel = true;  // stops at the next clip
    m_thumbnailWatcher->disconnect(this);
    m_thumbnailWatcher->waitForFinished();
}

void RetrievalBrowser::setProject(const Project& project)
{
    m_project = project;
}

void RetrievalBrowser::setRun(const QString& runFolder)
{
    load(QDir(runFolder).filePath(QStringLiteral("eval/queries.jsonl")));
}

void RetrievalBrowser::setQueriesFile(const QString& file)
{
    load(file);
}

void RetrievalBrowser::clear()
{
    ++m_generation;
    m_file.clear();
    m_all = {};
    m_direction->clear();
    fillQueries();
    m_status->clear();
}

void RetrievalBrowser::load(const QString& file)
{
    clear();
    m_file = file;
    m_status->setText(tr("Reading %1…").arg(file));
    const int generation = m_generation;
    m_watcher->setProperty("generation", generation);
    const std::filesystem::path path = file.toStdString();
    m_watcher->setFuture(QtConcurrent::run([path] {
        Loaded loaded;
        try {
            loaded.queries = RetrievalQueries::read(path);
        } catch (const std::exception& e) {
            loaded.error = QString::fromUtf8(e.what());
        }
        return loaded;
    }));
}

bool RetrievalBrowser::isLoading() const
{
    return m_watcher->isRunning();
}

QString RetrievalBrowser::statusText() const
{
    return m_status->text();
}

void RetrievalBrowser::onLoaded()
{
    if (m_watcher->property("generation").toInt() != m_generation || m_watcher->future().resultCount() == 0)
        return;  // a newer file was asked for meanwhile
    const Loaded loaded = m_watcher->result();
    if (!loaded.error.isEmpty()) {
        m_status->setText(QFileInfo::exists(m_file)
                              ? loaded.error
                              : tr("No per-query results: %1 is missing (evaluate the run again to write it)").arg(m_file));
    } else {
        m_all = loaded.queries;
        m_status->setText(tr("%n queries from %1", nullptr, int(m_all.queries.size())).arg(m_file));
        const QSignalBlocker block(m_direction);
        for (const auto& name : m_all.directions())
            m_direction->addItem(QString::fromStdString(name), QString::fromStdString(name));
        const int textToAudio = m_direction->findData(QStringLiteral("text_to_audio"));
        m_direction->setCurrentIndex(std::max(0, textToAudio));
    }
    fillQueries();
    Q_EMIT queriesLoaded();
}

QStringList RetrievalBrowser::directions() const
{
    QStringList names;
    for (int i = 0; i < m_direction->count(); ++i)
        names << m_direction->itemData(i).toString();
    return names;
}

QString RetrievalBrowser::direction() const
{
    return m_direction->currentData().toString();
}

bool RetrievalBrowser::setDirection(const QString& name)
{
    const int index = m_direction->findData(name);
    if (index < 0)
        return false;
    m_direction->setCurrentIndex(index);
    return true;
}

void RetrievalBrowser::setFilterText(const QString& text)
{
    m_filter->setText(text);
}

void RetrievalBrowser::fillQueries()
{
    m_shown = m_all.direction(direction().toStdString());
    m_current = -1;
    m_queries->setSortingEnabled(false);
    m_queries->setRowCount(int(m_shown.size()));
    for (int i = 0; i < int(m_shown.size()); ++i) {
        const RetrievalQuery& q = m_shown[size_t(i)];
        auto* rank = new NumberCell(QString::number(q.rank), double(q.rank));
        rank->setData(Qt::UserRole, i);
        m_queries->setItem(i, QueryRank, rank);
        m_queries->setItem(i, QueryText, cell(shown(q.query, m_project)));
        m_queries->setItem(i, QueryClip, cell(QString::fromStdString(q.query.clip)));
    }
    m_queries->setSortingEnabled(true);
    m_queries->sortItems(QueryRank, Qt::DescendingOrder);  // failures first

    int first = 0, inTop10 = 0;
    std::vector<int64_t> ranks;
    for (const auto& q : m_shown) {
        first += q.rank == 1;
        inTop10 += q.rank <= 10;
        ranks.push_back(q.rank);
    }
    if (ranks.empty()) {
        m_summary->clear();
    } else {
        std::sort(ranks.begin(), ranks.end());
        const size_t mid = ranks.size() / 2;
        const double median = ranks.size() % 2 ? double(ranks[mid]) : 0.5 * double(ranks[mid - 1] + ranks[mid]);
        m_summary->setText(tr("%n queries: %1 at rank 1, %2 beyond rank 10; median rank %3", nullptr, int(ranks.size()))
                               .arg(first)
                               .arg(int(ranks.size()) - inTop10)
                               .arg(median));
    }
    applyFilter();
    fillItems();
}

void RetrievalBrowser::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    for (int row = 0; row < m_queries->rowCount(); ++row) {
        const bool match = text.isEmpty() || m_queries->item(row, QueryText)->text().contains(text, Qt::CaseInsensitive)
                           || m_queries->item(row, QueryClip)->text().contains(text, Qt::CaseInsensitive);
        m_queries->setRowHidden(row, !match);
    }
}

int RetrievalBrowser::visibleQueryCount() const
{
    int n = 0;
    for (int row = 0; row < m_queries->rowCount(); ++row)
        n += !m_queries->isRowHidden(row);
    return n;
}

int RetrievalBrowser::queryIndexOfRow(int row) const
{
    const QTableWidgetItem* item = row >= 0 ? m_queries->item(row, QueryRank) : nullptr;
    return item ? item->data(Qt::UserRole).toInt() : -1;
}

const RetrievalQuery* RetrievalBrowser::queryAt(int row) const
{
    const int index = queryIndexOfRow(row);
    return index >= 0 && index < int(m_shown.size()) ? &m_shown[size_t(index)] : nullptr;
}

bool RetrievalBrowser::selectQuery(int row)
{
    if (!queryAt(row))
        return false;
    m_queries->setCurrentCell(row, QueryRank);
    return true;
}

const RetrievalQuery* RetrievalBrowser::currentQuery() const
{
    return m_current >= 0 && m_current < int(m_shown.size()) ? &m_shown[size_t(m_current)] : nullptr;
}

void RetrievalBrowser::fillItems()
{
    m_items->setRowCount(0);
    const RetrievalQuery* q = currentQuery();
    if (!q) {
        loadThumbnails({});
        return;
    }
    // The first relevant item's rank when it is below the list, so the table need not be scrolled.
    m_status->setText(q->rank <= int64_t(q->top.size()) ? tr("First relevant item at rank %1").arg(q->rank)
                                                        : tr("First relevant item at rank %1, below the %n shown", nullptr,
                                                             int(q->top.size()))
                                                              .arg(q->rank));
    QStringList clips;  // per row, for the thumbnails
    const auto addRow = [&](const QString& rank, const RetrievalItem& item, const QString& score, bool relevant) {
        const int row = m_items->rowCount();
        m_items->insertRow(row);
        const QString clip = QString::fromStdString(item.clip);
        clips << clip;
        QTableWidgetItem* cells[] = {cell(rank), cell(QString()), cell(shown(item, m_project)),
                                     cell(labelsOf(item, m_project)), cell(clip), cell(score),
                                     cell(relevant ? tr("✓ relevant") : QString())};
        for (int column = 0; column < ItemColumnCount; ++column) {
            cells[column]->setData(Qt::UserRole, clip);
            if (relevant) {
                QFont bold = cells[column]->font();
                bold.setBold(true);
                cells[column]->setFont(bold);
                cells[column]->setBackground(QColor(200, 240, 200));
            }
            m_items->setItem(row, column, cells[column]);
        }
    };
    for (size_t i = 0; i < q->top.size(); ++i)
        addRow(QString::number(i + 1), q->top[i].item, QString::number(q->top[i].score, 'f', 4), q->top[i].relevant);
    // The first relevant item below the list: where it ranks (which one, when there are several, the file
    // does not say).
    if (q->rank > int64_t(q->top.size()) && !q->relevant.empty()) {
        RetrievalItem first = q->relevant.front();
        if (q->relevant.size() > 1)
            first.text = tr("one of the %n relevant items", nullptr, int(q->relevant.size())).toStdString();
        addRow(QString::number(q->rank), first, QStringLiteral("—"), true);
    }
    loadThumbnails(clips);
}

// Each row's clip's middle video frame, decoded on a pool thread; rows that are no project clip, or
// whose media has no video (a sound file), keep an empty cell.
void RetrievalBrowser::loadThumbnails(const QStringList& clipIds)
{
    *m_thumbnailCancel = true;  // an older list's decode stops at its next clip
    m_thumbnailCancel = std::make_shared<std::atomic<bool>>(false);
    ++m_thumbnailGeneration;
    std::vector<std::optional<ClipRecord>> clips;
    for (const QString& id : clipIds) {
        const ClipRecord* clip = m_project.clip(id);
        clips.push_back(clip ? std::optional<ClipRecord>(*clip) : std::nullopt);
    }
    m_thumbnailsPending = !clips.empty();
    if (clips.empty())
        return;
    m_thumbnailWatcher->setProperty("generation", m_thumbnailGeneration);
    m_thumbnailWatcher->setFuture(QtConcurrent::run([clips = std::move(clips), cancel = m_thumbnailCancel] {
        QVector<QImage> frames;
        for (const auto& clip : clips) {
            if (*cancel)
                break;
            const double middle = clip && clip->duration() > 0 ? clip->duration() / 2 : 0.0;
            frames << (clip ? ClipMediaLoader::loadFrame(*clip, middle, kFrameSize.height()) : QImage());
        }
        return frames;
    }));
}

void RetrievalBrowser::onThumbnailsLoaded()
{
    if (m_thumbnailWatcher->property("generation").toInt() != m_thumbnailGeneration)
        return;  // an older list's; the newest list's decode is still running
    m_thumbnailsPending = false;
    if (m_thumbnailWatcher->future().resultCount() == 0)
        return;
    const QVector<QImage> frames = m_thumbnailWatcher->result();
    for (int row = 0; row < frames.size() && row < m_items->rowCount(); ++row)
        if (!frames[row].isNull())
            m_items->item(row, ItemFrame)->setData(Qt::DecorationRole, QPixmap::fromImage(frames[row]));
}

void RetrievalBrowser::activateItem(int row)
{
    if (const QTableWidgetItem* item = m_items->item(row, ItemClip))
        requestClip(item->data(Qt::UserRole).toString());
}

void RetrievalBrowser::requestClip(const QString& clipId)
{
    if (!m_project.clip(clipId)) {
        m_status->setText(tr("%1 is not a clip of this project").arg(clipId));
        return;
    }
    Q_EMIT clipRequested(clipId);
}

} // namespace soundframe::gui
