#include "LibraryView.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace soundframe::gui {

namespace {

enum LibraryColumn { LibraryId, LibrarySplit, LibraryDuration, LibraryCaptions, LibraryLabels, LibraryColumnCount };

QString joined(const std::vector<std::string>& items, const QString& separator)
{
    QStringList out;
    for (const std::string& s : items)
        out << QString::fromStdString(s);
    return out.join(separator);
}

} // namespace

LibraryView::LibraryView(QWidget* parent) : QWidget(parent)
{
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter clips by id, caption or label…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Shows only the clips whose id, split, captions or labels contain this text"));
    m_model = new QStandardItemModel(0, LibraryColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Clip"), tr("Split"), tr("Duration (s)"), tr("Captions"), tr("Labels")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortRole(Qt::UserRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LibraryId, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(LibraryCaptions, QHeaderView::Stretch);
    m_table->setToolTip(tr("Click a column header to sort; select a clip to inspect it"));
    connect(m_filter, &QLineEdit::textChanged, this, &LibraryView::setFilterText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LibraryView::onCurrentChanged);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
}

void LibraryView::setProject(const Project& project)
{
    // Fill detached from the proxy: a sorted proxy re-sorts on every item otherwise (quadratic).
    m_proxy->setSourceModel(nullptr);
    m_model->removeRows(0, m_model->rowCount());
    m_model->setRowCount(int(project.clips().size()));
    int row = 0;
    for (const ClipRecord& clip : project.clips()) {
        const auto set = [&](int column, const QString& text, const QVariant& sortKey) {
            auto* item = new QStandardItem(text);
            item->setData(sortKey, Qt::UserRole);
            item->setToolTip(text);
            m_model->setItem(row, column, item);
        };
        const QString id = QString::fromStdString(clip.id);
        set(LibraryId, id, id);
        set(LibrarySplit, QString::fromStdString(clip.split), QString::fromStdString(clip.split));
        const double duration = clip.duration();
        auto durationText = duration >= 0 ? QString::number(duration, 'f', 1) : tr("to end");
        set(LibraryDuration, durationText, duration);
        const QString captions = joined(clip.captions, QStringLiteral(" | "));
        set(LibraryCaptions, captions, captions.toLower());
        const QString labels = joined(clip.labels, QStringLiteral(", "));
        set(LibraryLabels, labels, labels.toLower());
        ++row;
    }
    m_proxy->setSourceModel(m_model);
    // Detaching removed the header's sections, and with them Captions' resize mode: set it again.
    m_table->horizontalHeader()->setSectionResizeMode(LibraryCaptions, QHeaderView::Stretch);
    m_table->sortByColumn(m_table->horizontalHeader()->sortIndicatorSection(), m_table->horizontalHeader()->sortIndicatorOrder());
    m_table->resizeColumnToContents(LibraryId);
    m_table->resizeColumnToContents(LibrarySplit);
    m_table->resizeColumnToContents(LibraryDuration);
    // Labels are short: as wide as they need (up to a limit; the user can widen it), the rest for captions.
    m_table->resizeColumnToContents(LibraryLabels);
    m_table->horizontalHeader()->resizeSection(LibraryLabels, std::min(m_table->horizontalHeader()->sectionSize(LibraryLabels), 320));
}

void LibraryView::setFilterText(const QString& text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);  // comes back here through textChanged
    else
        m_proxy->setFilterFixedString(text);
}

bool LibraryView::selectClip(const QString& clipId)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        if (clipAtRow(row) == clipId) {
            const QModelIndex index = m_proxy->index(row, LibraryId);
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
            return true;
        }
    return false;
}

QString LibraryView::currentClip() const
{
    const QModelIndex index = m_table->selectionModel()->currentIndex();
    return index.isValid() ? clipAtRow(index.row()) : QString();
}

int LibraryView::visibleRowCount() const
{
    return m_proxy->rowCount();
}

QString LibraryView::clipAtRow(int row) const
{
    return m_proxy->index(row, LibraryId).data(Qt::UserRole).toString();
}

void LibraryView::onCurrentChanged()
{
    const QString id = currentClip();
    if (!id.isEmpty())
        Q_EMIT clipSelected(id);
}

} // namespace soundframe::gui
