// QueryView on a generated project: without an index it offers to build one (and a search says so);
// "Index this project's clips" builds it on the worker thread with progress; then a sound query
// finds its own file first at cosine ~1, a text and a picture query rank every file by descending
// score, each list equal to what LibrarySearcher returns for the same query; a dropped file starts
// a query; double-clicking a result plays its matched window. Then, on that index: results show full
// paths, small spectrograms and which are project clips, k reaches the search, a sound query clears the text box and
// shows its file, the selected result's spectrogram marks the matched window, play plays that window,
// "Show in folder" opens its folder and "Open in Clip view" is offered for project clips only. Last,
// "Add a folder…" adds a folder of the user's own sounds (nested, with a file that is not a sound) to
// that index with the model it was built with, and a search finds them.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "WidgetTestProject.h"

#include "GeneratedMedia.h"
#include "search/LibrarySearcher.h"

#include "Project.h"
#include "QueryResultList.h"
#include "QueryView.h"
#include "WindowPlayer.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QMimeData>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;
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

    // Results and the first result's preview.
    static bool waitUntilIdle(QueryView& view)
    {
        return QTest::qWaitFor([&view] { return !view.isBusy(); }, 120000);
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
        QVERIFY(test::makeMedia({"testsrc=size=64x64:duration=1"}, m_tmp.path() + "/picture.png", {"-frames:v", "1"}));
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
        QVERIFY2(view.message().contains("8 file(s) indexed"), qPrintable(view.message()));

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
        QCOMPARE(table->item(0, 2)->text(), QString("test-3.wav"));
        QVERIFY(view.message().contains("audio"));

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

        // Double-click plays the result's matched window.
        view.resize(700, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy play(view.resultList()->player(), &gui::WindowPlayer::started);
        const QRect cell = table->visualItemRect(table->item(1, 2));
        // Qt 6's mouseDClick sends no first press; an item view wants press, release, double-click.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(play.count(), 1);
        QCOMPARE(play.at(0).at(0).toString(), view.results().hits[1].path);
        QCOMPARE(play.at(0).at(1).toDouble(), view.results().hits[1].windowStart);
        QCOMPARE(play.at(0).at(2).toDouble(), view.results().hits[1].windowEnd);
        view.resultList()->stopPlayback();
        QVERIFY(waitUntilIdle(view));

        // A missing query file is a message.
        view.searchFile(media("missing.wav"));
        QVERIFY(waitForResults(view));
        QVERIFY(view.message().startsWith("Search failed"));
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(waitUntilIdle(view));
    }

    // The tests below search the index buildsIndexThenSearches built.

    void resultsShowFullPathsTheQueryAndWhoAnswered()
    {
        QueryView view;
        view.setProject(m_project);
        QVERIFY(view.hasIndex());
        view.searchText("a cow");
        QVERIFY(waitUntilIdle(view));
        QCOMPARE(view.queryText(), QString("a cow"));
        QVERIFY2(view.queryShown().contains("“a cow”"), qPrintable(view.queryShown()));

        view.searchFile(media("test-3.wav"));
        QVERIFY(waitUntilIdle(view));
        // The box no longer shows the previous text; the query file is shown with its full path.
        QCOMPARE(view.queryText(), QString());
        QVERIFY2(view.queryShown().contains(QDir::toNativeSeparators(media("test-3.wav"))), qPrintable(view.queryShown()));
        QVERIFY2(view.queryShown().contains("sound"), qPrintable(view.queryShown()));

        QTableWidget* table = view.resultList()->table();
        QCOMPARE(table->rowCount(), 8);
        for (int row = 0; row < table->rowCount(); ++row) {
            const QFileInfo file(view.results().hits[row].path);
            QCOMPARE(table->item(row, 2)->text(), file.fileName());
            QCOMPARE(table->item(row, 3)->text(), QDir::toNativeSeparators(m_tmp.path() + "/world/media"));
            QCOMPARE(table->item(row, 6)->text(), file.completeBaseName());  // every file is a project clip here
            // A small spectrogram per result.
            const QPixmap thumbnail = table->item(row, 1)->data(Qt::DecorationRole).value<QPixmap>();
            QVERIFY2(!thumbnail.isNull(), qPrintable(QString("row %1").arg(row)));
            QCOMPARE(thumbnail.size(), table->iconSize());
        }
        QCOMPARE(view.resultList()->clipOf(0), QString("test-3"));

        // Which index and model answered.
        const QString who = view.answeredBy();
        QVERIFY2(who.contains(QDir::toNativeSeparators(m_tmp.path() + "/index")), qPrintable(who));
        QVERIFY2(who.contains("(8 file(s))"), qPrintable(who));
        QVERIFY2(who.contains(QDir::toNativeSeparators("runs/seed-1/stage1-nearest/audio-encoder")), qPrintable(who));
        QVERIFY2(who.contains("standin-clip"), qPrintable(who));

        // A picture query shows the picture.
        view.searchFile(m_tmp.path() + "/picture.png");
        QVERIFY(waitUntilIdle(view));
        QVERIFY(view.queryShown().contains("picture.png"));
        const QLabel* picture = view.findChild<QLabel*>("queryPicture");
        QVERIFY(picture->isVisibleTo(&view));
        QVERIFY(!picture->pixmap().isNull());
    }

    void resultCountReachesTheSearch()
    {
        QueryView view;
        view.setProject(m_project);
        view.setResultCount(3);
        view.searchText("a cow");
        QVERIFY(waitUntilIdle(view));
        QCOMPARE(view.results().hits.size(), 3);
        QCOMPARE(view.resultList()->table()->rowCount(), 3);
        view.setResultCount(5);
        view.searchFile(media("test-1.wav"));
        QVERIFY(waitUntilIdle(view));
        QCOMPARE(view.results().hits.size(), 5);
    }

    void openInClipViewOnlyForProjectClips()
    {
        // A project with half the clips, searching the same index: the other half are plain files.
        QTemporaryDir other;
        QVERIFY(QDir().mkpath(other.path() + "/world"));
        QFile in(m_tmp.path() + "/world/manifest-test.jsonl");
        QFile out(other.path() + "/world/manifest-test.jsonl");
        QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
        for (int line = 0; !in.atEnd(); ++line) {
            const QByteArray text = in.readLine();
            if (line < 4)
                out.write(text);
        }
        out.close();
        QVERIFY(QFile::link(m_tmp.path() + "/index", other.path() + "/index"));
        const gui::Project half = gui::Project::open(other.path());
        QCOMPARE(half.clips().size(), size_t(4));

        QueryView view;
        view.setProject(half);
        gui::QueryResultList* list = view.resultList();
        view.searchText("a cow");
        QVERIFY(waitUntilIdle(view));
        QCOMPARE(view.results().hits.size(), 8);
        QSignalSpy requested(&view, &QueryView::clipRequested);
        auto* button = view.findChild<QPushButton*>("queryOpenClip");
        int inProject = 0;
        for (int row = 0; row < 8; ++row) {
            const QueryHit& hit = view.results().hits[row];
            const QString id = QFileInfo(hit.path).completeBaseName();
            const bool isClip = half.clip(id) != nullptr;
            inProject += isClip;
            QVERIFY(list->selectResult(row));
            QCOMPARE(button->isEnabled(), isClip);
            QCOMPARE(list->clipOf(row), isClip ? id : QString());
            QCOMPARE(list->table()->item(row, 6)->text(), isClip ? id : QString());
            requested.clear();
            QCOMPARE(list->openResultInClipView(row), isClip);
            QCOMPARE(requested.count(), isClip ? 1 : 0);
            if (isClip) {
                QCOMPARE(requested.at(0).at(0).toString(), id);
                QCOMPARE(requested.at(0).at(1).toDouble(), hit.windowStart);  // clips start at 0 s in their file
            }
        }
        QCOMPARE(inProject, 4);
        QVERIFY(waitUntilIdle(view));
    }

    // Runs last: it adds files to the index the tests above search.
    void addsAndRemovesAFolderOfTheUsersOwnSounds()
    {
        const QString mine = m_tmp.path() + "/my sounds";
        QVERIFY(test::makeTone(mine + "/hum.wav", 180, 2.0, 16000));
        QVERIFY(test::makeTone(mine + "/birds/chirp.wav", 3200, 1.5, 16000));
        QVERIFY(test::writeBytes(mine + "/notes.txt", "not a sound"));
        const QString builtWith = QString::fromStdString(LibrarySearcher(m_tmp.path().toStdString() + "/index").model().encoderDir.string());

        QueryView view;
        view.setProject(m_project);
        auto* button = view.findChild<QPushButton*>("queryAddFolder");
        QVERIFY(button->isEnabled());
        QSignalSpy built(&view, &QueryView::indexBuilt);
        view.addFolder(mine);
        QVERIFY(view.isBusy());
        QVERIFY(!button->isEnabled());
        QVERIFY(built.wait(180000));
        QVERIFY2(built.at(0).at(0).toBool(), qPrintable(view.message()));
        QVERIFY2(view.message().contains("2 file(s) indexed"), qPrintable(view.message()));
        QVERIFY(button->isEnabled());

        view.searchFile(mine + "/birds/chirp.wav");
        QVERIFY(waitForResults(view));
        QVERIFY2(view.results().error.isEmpty(), qPrintable(view.results().error));
        QCOMPARE(view.results().hits.size(), 10);  // the project's 8 clips and the 2 sounds
        QCOMPARE(view.results().hits[0].path, mine + "/birds/chirp.wav");
        QVERIFY(view.results().hits[0].score > 0.999);
        SearchQuery audio;
        audio.audioFile = (mine + "/birds/chirp.wav").toStdString();
        compareWithSearcher(view.results(), audio);
        // Still the model the index was built with.
        QCOMPARE(QString::fromStdString(LibrarySearcher(m_tmp.path().toStdString() + "/index").model().encoderDir.string()),
                 builtWith);
        QVERIFY(waitUntilIdle(view));

        // The folder is listed (the project's clips, added one by one, are not) and can be forgotten.
        const QString mineListed = QDir::toNativeSeparators(QDir(mine).absolutePath());
        QCOMPARE(view.indexedFolders(), QStringList{mineListed});
        auto* remove = view.findChild<QPushButton*>("queryRemoveFolder");
        QVERIFY(remove->isEnabled());
        QStringList offered;
        QTimer::singleShot(0, this, [&offered] {  // the button's dialog: pick what it offers
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            offered = dialog->comboBoxItems();
            dialog->accept();
        });
        remove->click();
        QCOMPARE(offered, QStringList{mineListed});
        QVERIFY(!remove->isEnabled());
        QVERIFY(built.wait(60000));
        QVERIFY2(built.at(1).at(0).toBool(), qPrintable(view.message()));
        QVERIFY2(view.message().contains("2 file(s) removed from the index"), qPrintable(view.message()));
        QVERIFY(view.indexedFolders().isEmpty());
        QVERIFY(QFileInfo(mine + "/birds/chirp.wav").isFile());  // nothing on disk touched
        view.searchFile(mine + "/birds/chirp.wav");
        QVERIFY(waitForResults(view));
        QCOMPARE(view.results().hits.size(), 8);  // the project's clips only
        for (const auto& hit : view.results().hits)
            QVERIFY2(!hit.path.startsWith(mine), qPrintable(hit.path));
        compareWithSearcher(view.results(), audio);
        QVERIFY(waitUntilIdle(view));

        // A folder the index no longer remembers (spelled as a user might): an error naming it.
        view.removeFolder(mine + "/");
        QVERIFY(built.wait(60000));
        QVERIFY(!built.at(2).at(0).toBool());
        QVERIFY2(view.message().contains("Index update failed") && view.message().contains("my sounds")
                     && view.message().contains("not a folder or file the index"),
                 qPrintable(view.message()));
        QVERIFY(waitUntilIdle(view));
    }
};

SOUNDFRAME_TEST_MAIN(TestQueryView)
#include "tst_QueryView.moc"
