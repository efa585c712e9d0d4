// QueryView on a generated project: without an index it offers to build one (and a search says so);
// "Index this project's clips" builds it on the worker thread with progress; then a sound query
// finds its own file first at cosine ~1, a text and a picture query rank every file by descending
// score, each list equal to what LibrarySearcher returns for the same query; a dropped file starts
// a query; double-clicking a result emits playRequested with the file and its best window.
#include "WidgetTestProject.h"  // torch first

#include "search/LibrarySearcher.h"

#include "Project.h"
#include "QueryView.h"

#include <QComboBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace soundframe;
namespace fs = std::filesystem;

class TestQueryView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    gui::Project m_project;
    fs::path root() const { return fs::path(m_tmp.path().toStdString()); }
    QString media(const QString& name) const { return m_tmp.path() + "/world/media/" + name; }

    static bool waitForResults(QueryView& view)
    {
        QSignalSpy shown(&view, &QueryView::resultsShown);
        return view.isBusy() && shown.wait(120000);
    }

    // The view's list against LibrarySearcher's for the same query.
    void compareWithSearcher(const QueryResults& got, SearchQuery query)
    {
        LibrarySearcher searcher(root() / "index");
        query.k = 20;
        const auto expected = searcher.search(query);
        QCOMPARE(got.hits.size(), qsizetype(expected.size()));
        for (size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(got.hits[qsizetype(i)].path, QString::fromStdString(expected[i].path));
            QVERIFY(std::abs(got.hits[qsizetype(i)].score - expected[i].score) < 1e-5);
            QCOMPARE(got.hits[qsizetype(i)].windowStart, expected[i].windowStart);
            if (i > 0)
                QVERIFY(got.hits[qsizetype(i)].score <= got.hits[qsizetype(i - 1)].score);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const std::string error = test::writeWidgetTestProject(root());
        QVERIFY2(error.empty(), error.c_str());
        const auto made = test::runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-y", "-f", "lavfi", "-i",
                                                            "testsrc=size=64x64:duration=1", "-frames:v", "1",
                                                            m_tmp.path() + "/picture.png"});
        QVERIFY2(made.exitCode == 0, qPrintable(made.stderrText));
        m_project = gui::Project::open(m_tmp.path());
    }

    void offersIndexWhenMissing()
    {
        QueryView view;
        view.setProject(m_project);
        QVERIFY(!view.hasIndex());
        QVERIFY(view.findChild<QWidget*>("queryIndexPanel")->isVisibleTo(&view));
        auto* models = view.findChild<QComboBox*>("queryIndexModel");
        QCOMPARE(models->count(), 1);  // only the run with an audio encoder
        QCOMPARE(models->itemText(0), QString("seed-1/stage1-nearest"));
        view.searchText("a cow is heard");
        QVERIFY(!view.isBusy());
        QVERIFY(view.message().contains("no search index"));
        QVERIFY(QueryView::isPictureFile("a/B.JPG"));
        QVERIFY(!QueryView::isPictureFile("a/b.ogg"));
    }

    void buildsIndexThenSearches()
    {
        QueryView view;
        view.setProject(m_project);
        QSignalSpy built(&view, &QueryView::indexBuilt);
        view.buildIndex();
        QVERIFY(view.isBusy());
        QVERIFY(view.findChild<QProgressBar*>("queryIndexProgress")->isVisibleTo(&view));
        QVERIFY(built.wait(180000));
        QVERIFY2(built.at(0).at(0).toBool(), qPrintable(view.message()));
        QVERIFY(view.hasIndex());
        QVERIFY(!view.findChild<QWidget*>("queryIndexPanel")->isVisibleTo(&view));
        QVERIFY2(view.message().contains("8 files indexed"), qPrintable(view.message()));

        // A sound finds itself.
        view.searchFile(media("test-3.wav"));
        QVERIFY(waitForResults(view));
        QVERIFY2(view.results().error.isEmpty(), qPrintable(view.results().error));
        QCOMPARE(view.results().kind, QString("audio"));
        QCOMPARE(view.results().hits.size(), 8);
        QCOMPARE(view.results().hits[0].path, media("test-3.wav"));
        QVERIFY(view.results().hits[0].score > 0.999);
        SearchQuery audio;
        audio.audioFile = media("test-3.wav").toStdString();
        compareWithSearcher(view.results(), audio);
        auto* table = view.findChild<QTableWidget*>("queryResults");
        QCOMPARE(table->rowCount(), 8);
        QCOMPARE(table->item(0, 0)->text(), QString("test-3.wav"));
        QCOMPARE(table->item(0, 3)->text(), QString("audio"));

        view.searchText("the sound of a cow");
        QVERIFY(waitForResults(view));
        QCOMPARE(view.results().kind, QString("text"));
        SearchQuery text;
        text.text = "the sound of a cow";
        compareWithSearcher(view.results(), text);

        view.searchFile(m_tmp.path() + "/picture.png");
        QVERIFY(waitForResults(view));
        QVERIFY2(view.results().error.isEmpty(), qPrintable(view.results().error));
        QCOMPARE(view.results().kind, QString("image"));
        SearchQuery image;
        image.imageFile = (m_tmp.path() + "/picture.png").toStdString();
        compareWithSearcher(view.results(), image);

        // Dropping a file queries with it.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(media("test-5.wav"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &enter);  // Qt delivers a drop only to the widget that took the drag
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &drop);
        QVERIFY(waitForResults(view));
        QCOMPARE(view.results().hits[0].path, media("test-5.wav"));

        // Double-click plays the result from its best window.
        view.resize(700, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy play(&view, &QueryView::playRequested);
        const QRect cell = table->visualItemRect(table->item(1, 0));
        // Qt 6's mouseDClick sends no first press; an item view wants press, release, double-click.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(play.count(), 1);
        QCOMPARE(play.at(0).at(0).toString(), view.results().hits[1].path);
        QCOMPARE(play.at(0).at(1).toDouble(), view.results().hits[1].windowStart);

        // A missing query file is a message.
        view.searchFile(media("missing.wav"));
        QVERIFY(waitForResults(view));
        QVERIFY(view.message().startsWith("Search failed"));
        QCOMPARE(table->rowCount(), 0);
    }
};

QTEST_MAIN(TestQueryView)
#include "tst_QueryView.moc"
