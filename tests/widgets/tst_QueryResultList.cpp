// QueryResultList driven through its API with hand-made results over generated WAV files (no
// index needed): rows with file, folder, window, score and project clip and a small spectrogram
// each; the selected result's spectrogram — a short file whole, a long one the window with
// context — with the window marked and the playhead at its start; playing the matched window to
// its end; "Show in folder"; "Open in Clip view" for project clips only, at the window's time in
// the clip; a new list stops playback; markWindow dims outside the window.
#include "TestSupport.h"

#include "media/WavWriter.h"

#include "QueryResultList.h"
#include "SpectrogramWidget.h"
#include "WindowPlayer.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <cmath>

using namespace soundframe;
using namespace soundframe::gui;

class TestQueryResultList : public QObject {
    Q_OBJECT

    static constexpr int kRate = 8000;
    QTemporaryDir m_tmp;
    QString m_short;  // 2 s: previewed whole
    QString m_long;   // 40 s: previewed around the window

    static void writeTone(const QString& path, double seconds)
    {
        std::vector<float> samples(size_t(seconds * kRate));
        for (size_t i = 0; i < samples.size(); ++i)
            samples[i] = 0.3f * float(std::sin(2 * M_PI * 440.0 * double(i) / kRate));
        writeWav(path.toStdString(), samples, kRate);
    }

    QueryResults results() const
    {
        QueryResults r;
        r.requestId = 1;
        r.kind = "text";
        r.hits = {{m_long, 0.9, 20.0, 22.0, 40.0},
                  {m_short, 0.8, 0.5, 1.5, 2.0},
                  {m_tmp.path() + "/gone/missing.wav", 0.1, 0.0, 1.0, 1.0}};
        return r;
    }

    // The two project clips: the long file from 10 s on, the short one whole.
    std::vector<ClipRecord> clips() const
    {
        ClipRecord later;
        later.id = "later";
        later.mediaPath = m_long.toStdString();
        later.start = 10.0;
        later.end = 40.0;
        ClipRecord whole;
        whole.id = "whole";
        whole.mediaPath = m_short.toStdString();
        whole.end = 2.0;
        return {later, whole};
    }

    static bool waitUntilIdle(const QueryResultList& list)
    {
        return QTest::qWaitFor([&list] { return !list.isBusy(); }, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir().mkpath(m_tmp.path() + "/sounds/long"));
        m_short = m_tmp.path() + "/sounds/short.wav";
        m_long = m_tmp.path() + "/sounds/long/long.wav";
        writeTone(m_short, 2.0);
        writeTone(m_long, 40.0);
    }

    void listsTheResultsWithThumbnails()
    {
        QueryResultList list;
        list.setProjectClips(clips());
        QVERIFY(!list.isBusy());
        list.setResults(results());
        QVERIFY(list.isBusy());  // thumbnails and the first preview decode
        QVERIFY(waitUntilIdle(list));
        QTableWidget* table = list.table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(list.currentResult(), 0);  // the best result is selected
        QCOMPARE(table->item(0, 2)->text(), QString("long.wav"));
        QCOMPARE(table->item(0, 3)->text(), QDir::toNativeSeparators(m_tmp.path() + "/sounds/long"));
        QCOMPARE(table->item(0, 4)->text(), QString("20.0–22.0 of 40.0"));
        QCOMPARE(table->item(0, 5)->text(), QString("0.900"));
        QCOMPARE(table->item(0, 6)->text(), QString("later"));
        QCOMPARE(table->item(1, 6)->text(), QString("whole"));
        QCOMPARE(table->item(2, 6)->text(), QString());
        for (int row : {0, 1}) {
            const QPixmap thumbnail = table->item(row, 1)->data(Qt::DecorationRole).value<QPixmap>();
            QVERIFY2(!thumbnail.isNull(), qPrintable(QString("row %1").arg(row)));
            QCOMPARE(thumbnail.size(), table->iconSize());
        }
        QVERIFY(table->item(2, 1)->data(Qt::DecorationRole).value<QPixmap>().isNull());  // nothing to decode

        // A file that cannot be decoded: no spectrogram, and the title says why.
        QSignalSpy shown(&list, &QueryResultList::previewShown);
        QVERIFY(list.selectResult(2));
        QVERIFY(waitUntilIdle(list));
        QCOMPARE(shown.count(), 1);
        QVERIFY(list.preview().image.isNull());
        QVERIFY(!list.spectrogram()->hasImage());

        list.clear();
        QCOMPARE(table->rowCount(), 0);
        QCOMPARE(list.currentResult(), -1);
        QVERIFY(!list.selectResult(0));
        QVERIFY(waitUntilIdle(list));
    }

    void previewShowsTheSelectedResultsWindow()
    {
        QueryResultList list;
        list.setResults(results());
        QVERIFY(waitUntilIdle(list));
        for (int row : {0, 1}) {
            if (row != 0) {
                QVERIFY(list.selectResult(row));
                QVERIFY(waitUntilIdle(list));
            }
            const QueryHit& hit = list.results().hits[row];
            const QueryResultList::Preview& preview = list.preview();
            QCOMPARE(preview.path, hit.path);
            QCOMPARE(preview.windowStart, hit.windowStart);
            QCOMPARE(preview.windowEnd, hit.windowEnd);
            QVERIFY(!preview.image.isNull());
            QVERIFY(list.spectrogram()->hasImage());
            // The playhead waits at the window's start.
            QCOMPARE(list.spectrogram()->playhead(), hit.windowStart - preview.excerptStart);
        }
        // The long file: the window with kPreviewContext either side; the short one whole.
        QVERIFY(list.selectResult(0));
        QVERIFY(waitUntilIdle(list));
        QCOMPARE(list.preview().excerptStart, 20.0 - QueryResultList::kPreviewContext);
        QVERIFY2(std::abs(list.preview().excerptEnd - (22.0 + QueryResultList::kPreviewContext)) < 0.05,
                 qPrintable(QString::number(list.preview().excerptEnd)));
        QVERIFY(list.selectResult(1));
        QVERIFY(waitUntilIdle(list));
        QCOMPARE(list.preview().excerptStart, 0.0);
        QVERIFY(std::abs(list.preview().excerptEnd - 2.0) < 0.05);
        QVERIFY(!list.selectResult(3));
    }

    void playPlaysTheMatchedWindow()
    {
        QueryResultList list;
        list.setResults(results());
        QVERIFY(waitUntilIdle(list));
        const QueryHit hit = list.results().hits[1];
        gui::WindowPlayer* player = list.player();
        QSignalSpy played(&list, &QueryResultList::resultPlayed);
        QSignalSpy stopped(player, &gui::WindowPlayer::stopped);
        QSignalSpy messages(&list, &QueryResultList::statusMessage);
        list.playResult(1);
        QCOMPARE(list.currentResult(), 1);
        QCOMPARE(played.count(), 1);
        QCOMPARE(played.at(0).at(0).toInt(), 1);
        QVERIFY(player->isPlaying());
        QCOMPARE(player->path(), hit.path);
        QCOMPARE(player->windowStart(), hit.windowStart);
        QCOMPARE(player->windowEnd(), hit.windowEnd);
        auto* button = list.findChild<QPushButton*>("queryPlay");
        QCOMPARE(button->text(), QString("Stop"));
        if (player->isSilent()) {  // a real device: how fast Qt plays is not this test's business
            // Without sound the message line says why, once, not as an error.
            QCOMPARE(messages.count(), 1);
            QVERIFY(messages.at(0).at(0).toString().startsWith("No audio output device"));
            QCOMPARE(messages.at(0).at(1).toBool(), false);
            // It plays to the window's end and stops there.
            QVERIFY(stopped.wait(int((hit.windowEnd - hit.windowStart) * 1000) + 5000));
            QVERIFY(!player->isPlaying());
            QCOMPARE(player->position(), hit.windowEnd);
            QCOMPARE(button->text(), QString("Play window"));
        }
        // A new list stops what played.
        list.playResult(0);
        QVERIFY(player->isPlaying());
        QCOMPARE(messages.count(), player->isSilent() ? 1 : 0);  // not again
        list.setResults(results());
        QVERIFY(!player->isPlaying());
        QVERIFY(waitUntilIdle(list));
    }

    void showInFolderOpensTheResultsFolder()
    {
        QueryResultList list;
        QList<QUrl> opened;
        bool opens = true;
        list.setFolderOpener([&](const QUrl& url) {
            opened << url;
            return opens;
        });
        QSignalSpy messages(&list, &QueryResultList::statusMessage);
        QVERIFY(!list.revealResult(0));  // no results yet
        list.setResults(results());
        QVERIFY(waitUntilIdle(list));
        list.findChild<QPushButton*>("queryReveal")->click();
        QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(m_tmp.path() + "/sounds/long")});
        QCOMPARE(messages.count(), 0);
        // A folder that is gone, and a file manager that fails, are errors to show.
        QVERIFY(!list.revealResult(2));
        QCOMPARE(opened.size(), 1);
        opens = false;
        QVERIFY(!list.revealResult(1));
        QCOMPARE(messages.count(), 2);
        QVERIFY(messages.at(0).at(0).toString().contains("no longer exists"));
        QVERIFY(messages.at(1).at(0).toString().contains("Could not open"));
        QVERIFY(messages.at(1).at(1).toBool());
    }

    void openInClipViewOnlyForProjectClips()
    {
        QueryResultList list;
        list.setProjectClips(clips());
        list.setResults(results());
        QVERIFY(waitUntilIdle(list));
        QSignalSpy requested(&list, &QueryResultList::clipRequested);
        QSignalSpy messages(&list, &QueryResultList::statusMessage);
        auto* button = list.findChild<QPushButton*>("queryOpenClip");
        QVERIFY(button->isEnabled());
        button->click();
        // The long file's clip starts 10 s into it: the window at 20 s is 10 s into the clip.
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QString("later"));
        QCOMPARE(requested.at(0).at(1).toDouble(), 10.0);
        QVERIFY(list.openResultInClipView(1));
        QCOMPARE(requested.at(1).at(0).toString(), QString("whole"));
        QCOMPARE(requested.at(1).at(1).toDouble(), 0.5);
        // Not a project clip: nothing to open, a message says so.
        QVERIFY(list.selectResult(2));
        QVERIFY(!button->isEnabled());
        QVERIFY(!list.openResultInClipView(2));
        QCOMPARE(requested.count(), 2);
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.at(0).at(0).toString().contains("missing.wav"));
        QVERIFY(!messages.at(0).at(1).toBool());
        QVERIFY(waitUntilIdle(list));
    }

    void markWindowDarkensOutsideTheWindow()
    {
        QImage image(100, 4, QImage::Format_RGB32);
        image.fill(qRgb(200, 100, 50));
        // 10 s over 100 columns: column x covers [x/10, (x+1)/10) s; the window is [2, 5) s.
        const QImage marked = QueryResultList::markWindow(image, 10, 2, 5);
        for (int x : {0, 19, 50, 99})
            QCOMPARE(marked.pixel(x, 1), qRgb(80, 40, 20));
        for (int x : {20, 35, 49})
            QCOMPARE(marked.pixel(x, 1), qRgb(200, 100, 50));
        QCOMPARE(QueryResultList::markWindow(image, 10, 0, 10), image);  // a window over all of it: nothing dimmed
    }
};

SOUNDFRAME_TEST_MAIN(TestQueryResultList)
#include "tst_QueryResultList.moc"
