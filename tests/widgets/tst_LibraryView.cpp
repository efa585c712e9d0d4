// LibraryView: every clip of the project in the table, filtering on any column, sorting by a
// column's value (numbers as numbers), and selection emitting clipSelected(id).
#include "GuiTestProject.h"
#include "LibraryView.h"
#include "Project.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

class TestLibraryView : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(2), QString());
    }

    void listsEveryClip()
    {
        LibraryView view;
        view.setProject(m_folder.project());
        QCOMPARE(view.visibleRowCount(), int(m_folder.project().clips().size()));
        QSet<QString> ids;
        for (int row = 0; row < view.visibleRowCount(); ++row)
            ids.insert(view.clipAtRow(row));
        QCOMPARE(ids.size(), int(m_folder.project().clips().size()));
        QVERIFY(ids.contains("test-0") && ids.contains("train-0") && ids.contains("val-3"));
    }

    // The captions say most about a clip: they take the width the other columns leave, also after a
    // project is opened (which rebuilds the header's sections), and again when another one is.
    void captionsTakeTheWidth()
    {
        LibraryView view;
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (int open = 0; open < 2; ++open) {
            view.setProject(m_folder.project());
            QCoreApplication::processEvents();
            QHeaderView* header = view.table()->horizontalHeader();
            QCOMPARE(header->sectionResizeMode(3), QHeaderView::Stretch);
            QVERIFY2(header->sectionSize(3) > header->sectionSize(4),
                     qPrintable(QString("captions %1 px, labels %2 px").arg(header->sectionSize(3)).arg(header->sectionSize(4))));
            QVERIFY(header->sectionSize(3) > 200);
        }
    }

    void filtersOnCaptionsAndLabels()
    {
        LibraryView view;
        view.setProject(m_folder.project());
        int expected = 0;
        for (const ClipRecord& c : m_folder.project().clips())
            expected += std::find(c.labels.begin(), c.labels.end(), "bell") != c.labels.end();
        QVERIFY(expected > 0);
        QTest::keyClicks(view.filterEdit(), "BELL");  // case-insensitive, typed like a user
        QCOMPARE(view.visibleRowCount(), expected);
        for (int row = 0; row < view.visibleRowCount(); ++row) {
            const ClipRecord* c = m_folder.project().clip(view.clipAtRow(row));
            QVERIFY(c && c->labels.front() == "bell");
        }
        QVERIFY(!view.selectClip("test-0") || m_folder.project().clip("test-0")->labels.front() == "bell");
        view.setFilterText("val-");
        QCOMPARE(view.visibleRowCount(), 4);
        view.setFilterText(QString());
        QCOMPARE(view.visibleRowCount(), int(m_folder.project().clips().size()));
    }

    void sortsByColumn()
    {
        LibraryView view;
        view.setProject(m_folder.project());
        view.table()->sortByColumn(0, Qt::DescendingOrder);
        QStringList ids;
        for (int row = 0; row < view.visibleRowCount(); ++row)
            ids << view.clipAtRow(row);
        QStringList sorted = ids;
        std::sort(sorted.begin(), sorted.end(), std::greater<QString>());
        QCOMPARE(ids, sorted);
        view.table()->sortByColumn(1, Qt::AscendingOrder);  // split: test < train < val
        QCOMPARE(QString::fromStdString(m_folder.project().clip(view.clipAtRow(0))->split), QString("test"));
        QCOMPARE(QString::fromStdString(m_folder.project().clip(view.clipAtRow(view.visibleRowCount() - 1))->split), QString("val"));
    }

    void selectionEmitsClipId()
    {
        LibraryView view;
        view.setProject(m_folder.project());
        QSignalSpy selected(&view, &LibraryView::clipSelected);
        QVERIFY(view.selectClip("train-3"));
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.at(0).at(0).toString(), QString("train-3"));
        QCOMPARE(view.currentClip(), QString("train-3"));
        // A click on another row, as a user would.
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QModelIndex index = view.table()->model()->index(0, 0);
        const QRect cell = view.table()->visualRect(index);
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(selected.size(), 2);
        QCOMPARE(selected.at(1).at(0).toString(), view.clipAtRow(0));
        QVERIFY(!view.selectClip("no-such-clip"));
    }
};

SOUNDFRAME_TEST_MAIN(TestLibraryView)
#include "tst_LibraryView.moc"
