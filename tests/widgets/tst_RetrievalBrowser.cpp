// RetrievalBrowser: a small generated queries.jsonl read off the GUI thread — directions, queries
// worst first, the filter, a query's ranked items with the relevant ones marked (and the first relevant
// item's rank below the list), their labels and frame thumbnails, clips shown by their caption,
// double-clicks that open project clips only, a missing file; and the Runs view showing the selected
// run's queries and forwarding the double-click.
#include "GuiTestProject.h"
#include "Project.h"
#include "RetrievalBrowser.h"
#include "RunsView.h"

#include "eval/RetrievalQueries.h"

#include <QFile>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include "TestRegistry.h"
#include "TestSupport.h"

using namespace soundframe;
using namespace soundframe::gui;

namespace {

RetrievalQuery query(const std::string& direction, RetrievalItem q, int64_t rank, std::vector<RetrievalHit> top)
{
    RetrievalQuery out{direction, q, rank, {}, std::move(top)};
    out.relevant.push_back({q.clip, {}});
    return out;
}

// Three captions against the clips, one clip against the images; "elsewhere-9" is no project clip.
QByteArray queriesFile()
{
    RetrievalQueries q;
    q.queries = {
        query("text_to_audio", {"test-0", "a dog barks"}, 1, {{{"test-0", {}}, 0.9, true}, {{"test-1", {}}, 0.5, false}}),
        query("text_to_audio", {"test-1", "rain falls"}, 12,
              {{{"test-2", {}}, 0.8, false}, {{"elsewhere-9", {}}, 0.7, false}}),
        query("text_to_audio", {"test-2", "a bell rings"}, 2,
              {{{"test-1", {}}, 0.6, false}, {{"test-2", {}}, 0.55, true}}),
        query("audio_to_image", {"test-3", {}}, 1, {{{"test-3", {}}, 0.4, true}}),
    };
    return QByteArray::fromStdString(q.toJsonLines());
}

bool waitLoaded(RetrievalBrowser& browser, QSignalSpy& loaded)
{
    return loaded.wait(10000) || (!browser.isLoading() && loaded.size() > 0);
}

int itemRowOf(QTableWidget* items, const QString& clip)
{
    for (int row = 0; row < items->rowCount(); ++row)
        if (items->item(row, 4)->text() == clip)
            return row;
    return -1;
}

} // namespace

class TestRetrievalBrowser : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;
    QString m_file;

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(2), QString());
        m_file = m_folder.path() + "/runs/seed-1/stage1-nearest/eval/queries.jsonl";
        QVERIFY(test::writeBytes(m_file, queriesFile()));
    }

    void listsQueriesWorstFirst()
    {
        RetrievalBrowser browser;
        browser.setProject(m_folder.project());
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        browser.setQueriesFile(m_file);
        QVERIFY(waitLoaded(browser, loaded));
        QCOMPARE(browser.directions(), QStringList({"text_to_audio", "audio_to_image"}));
        QCOMPARE(browser.direction(), QString("text_to_audio"));
        QCOMPARE(browser.visibleQueryCount(), 3);
        QCOMPARE(browser.queryAt(0)->rank, int64_t(12));
        QCOMPARE(browser.queryAt(1)->rank, int64_t(2));
        QCOMPARE(browser.queryAt(2)->rank, int64_t(1));
        QCOMPARE(browser.queryTable()->item(0, 1)->text(), QString("rain falls"));
        QVERIFY(browser.statusText().contains("4 queries"));

        QVERIFY(browser.setDirection("audio_to_image"));
        QCOMPARE(browser.visibleQueryCount(), 1);
        // A clip shows as its first caption in the project.
        QCOMPARE(browser.queryTable()->item(0, 1)->text(),
                 QString::fromStdString(m_folder.project().clip("test-3")->captions.front()));
        QCOMPARE(browser.queryTable()->item(0, 2)->text(), QString("test-3"));
        QVERIFY(!browser.setDirection("audio_to_text"));
    }

    void filtersQueries()
    {
        RetrievalBrowser browser;
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        browser.setQueriesFile(m_file);
        QVERIFY(waitLoaded(browser, loaded));
        browser.setFilterText("BELL");
        QCOMPARE(browser.visibleQueryCount(), 1);
        for (int row = 0; row < browser.queryTable()->rowCount(); ++row)
            QCOMPARE(!browser.queryTable()->isRowHidden(row), browser.queryAt(row)->query.text == "a bell rings");
        browser.setFilterText("test-0");  // a query's clip
        QCOMPARE(browser.visibleQueryCount(), 1);
        browser.setFilterText(QString());
        QCOMPARE(browser.visibleQueryCount(), 3);
    }

    void showsRankedItemsWithTheRelevantMarked()
    {
        RetrievalBrowser browser;
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        browser.setQueriesFile(m_file);
        QVERIFY(waitLoaded(browser, loaded));
        QVERIFY(browser.selectQuery(1));  // "a bell rings": its clip second
        QCOMPARE(browser.currentQuery()->query.text, std::string("a bell rings"));
        QTableWidget* items = browser.itemTable();
        QCOMPARE(items->rowCount(), 2);
        QCOMPARE(items->item(0, 4)->text(), QString("test-1"));
        QVERIFY(items->item(0, 6)->text().isEmpty());
        QCOMPARE(items->item(1, 0)->text(), QString("2"));
        QVERIFY(items->item(1, 6)->text().contains("relevant"));
        QVERIFY(items->item(0, 5)->text().toDouble() >= items->item(1, 5)->text().toDouble());

        QVERIFY(browser.selectQuery(0));  // "rain falls": its clip at rank 12, below the list
        QCOMPARE(items->rowCount(), 3);
        QCOMPARE(items->item(2, 0)->text(), QString("12"));
        QCOMPARE(items->item(2, 4)->text(), QString("test-1"));
        QVERIFY(items->item(2, 6)->text().contains("relevant"));
        QVERIFY(browser.statusText().contains("rank 12, below the 2 shown"));
        QVERIFY(!browser.selectQuery(7));
    }

    // Each item shows its clip's labels and, once decoded, its middle video frame; a clip whose media
    // is a sound file (test-1) keeps an empty frame cell, and so does an item that is no project clip.
    void itemsShowLabelsAndFrames()
    {
        RetrievalBrowser browser;
        browser.setProject(m_folder.project());
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        browser.setQueriesFile(m_file);
        QVERIFY(waitLoaded(browser, loaded));
        QVERIFY(browser.setDirection("text_to_audio"));
        int dogRow = -1;
        for (int row = 0; row < browser.queryTable()->rowCount(); ++row)
            if (browser.queryTable()->item(row, 1)->text() == "a dog barks")
                dogRow = row;
        QVERIFY(browser.selectQuery(dogRow));  // its items: test-0 (an MP4), test-1 (a WAV)
        QTableWidget* items = browser.itemTable();
        QCOMPARE(items->rowCount(), 2);
        QCOMPARE(items->horizontalHeaderItem(1)->text(), QString("Frame"));
        QCOMPARE(items->horizontalHeaderItem(3)->text(), QString("Labels"));
        for (int row = 0; row < 2; ++row) {
            const ClipRecord* clip = m_folder.project().clip(items->item(row, 4)->text());
            QVERIFY(clip);
            QStringList labels;
            for (const auto& label : clip->labels)
                labels << QString::fromStdString(label);
            QVERIFY(!labels.isEmpty());
            QCOMPARE(items->item(row, 3)->text(), labels.join(", "));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!browser.thumbnailsPending(), 20000);
        const int mp4 = itemRowOf(items, "test-0"), wav = itemRowOf(items, "test-1");
        QVERIFY(mp4 >= 0 && wav >= 0);
        const QPixmap frame = items->item(mp4, 1)->data(Qt::DecorationRole).value<QPixmap>();
        QVERIFY(!frame.isNull());
        QCOMPARE(frame.height(), items->iconSize().height());
        QVERIFY(items->item(wav, 1)->data(Qt::DecorationRole).value<QPixmap>().isNull());

        // Another query's list replaces the frames with its own (the older decode is dropped).
        QVERIFY(browser.selectQuery(dogRow == 0 ? 1 : 0));
        QTRY_VERIFY_WITH_TIMEOUT(!browser.thumbnailsPending(), 20000);
        for (int row = 0; row < items->rowCount(); ++row)
            QCOMPARE(!items->item(row, 1)->data(Qt::DecorationRole).value<QPixmap>().isNull(),
                     items->item(row, 4)->text() == "test-0");
    }

    void doubleClickOpensProjectClipsOnly()
    {
        RetrievalBrowser browser;
        browser.setProject(m_folder.project());
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        QSignalSpy requested(&browser, &RetrievalBrowser::clipRequested);
        browser.setQueriesFile(m_file);
        QVERIFY(waitLoaded(browser, loaded));
        QVERIFY(browser.selectQuery(0));
        browser.activateItem(itemRowOf(browser.itemTable(), "test-2"));
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QString("test-2"));
        browser.activateItem(itemRowOf(browser.itemTable(), "elsewhere-9"));
        QCOMPARE(requested.size(), 1);
        QVERIFY(browser.statusText().contains("not a clip of this project"));
    }

    void missingFileIsAMessage()
    {
        RetrievalBrowser browser;
        QSignalSpy loaded(&browser, &RetrievalBrowser::queriesLoaded);
        browser.setRun(m_folder.path() + "/runs/seed-1/stage1-random");
        QVERIFY(waitLoaded(browser, loaded));
        QVERIFY2(browser.statusText().contains("missing"), qPrintable(browser.statusText()));
        QVERIFY(browser.directions().isEmpty());
        QCOMPARE(browser.visibleQueryCount(), 0);
    }

    void runsViewShowsTheSelectedRunsQueries()
    {
        RunsView view;
        view.setProject(m_folder.project());
        QSignalSpy loaded(view.browser(), &RetrievalBrowser::queriesLoaded);
        QSignalSpy requested(&view, &RunsView::clipRequested);
        QVERIFY(!view.selectRun("seed-9/nothing"));
        QVERIFY(view.selectRun("seed-1/stage1-nearest"));
        QVERIFY(waitLoaded(*view.browser(), loaded));
        view.showQueries();
        QCOMPARE(view.browser()->visibleQueryCount(), 3);
        QVERIFY(view.browser()->selectQuery(2));
        view.browser()->activateItem(0);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QString("test-0"));
    }
};

SOUNDFRAME_TEST_MAIN(TestRetrievalBrowser)
#include "tst_RetrievalBrowser.moc"
