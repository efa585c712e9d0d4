#pragma once
// LibraryView: the project's clips as a sortable, filterable table (id, split, duration, captions,
// labels). Selecting a row emits clipSelected(id).
//
//   auto* library = new LibraryView(this);
//   library->setProject(project);
//   connect(library, &LibraryView::clipSelected, clipView, &ClipView::showClip);
//
// The filter matches any column, case-insensitively (QSortFilterProxyModel). GUI thread only.
#include "Project.h"

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace soundframe::gui {

class LibraryView : public QWidget {
    Q_OBJECT
public:
    explicit LibraryView(QWidget* parent = nullptr);

    void setProject(const Project& project);
    void setFilterText(const QString& text);
    bool selectClip(const QString& clipId);  // false when the clip is absent or filtered out
    QString currentClip() const;
    int visibleRowCount() const;
    QString clipAtRow(int row) const;        // in the current sort and filter order
    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }

Q_SIGNALS:
    void clipSelected(const QString& clipId);

private:
    void onCurrentChanged();

    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
};

} // namespace soundframe::gui
