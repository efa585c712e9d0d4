// RunsView: the project's runs with settings, state and final metrics; two runs' report.json
// side by side with the values of each file; the selected run's config.
#include "GuiTestProject.h"
#include "Project.h"
#include "ReportTable.h"
#include "RunsView.h"

#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"
#include "TestSupport.h"

using namespace soundframe;
using namespace soundframe::gui;

namespace {

QByteArray report(double r1)
{
    return QString(R"({"text_to_audio": {"R@1": %1, "R@5": 20.0, "R@10": 30.0, "mAP@10": 12.5, "medR": 17.0},
                       "audio_to_image": {"R@1": %2, "R@5": 40.0, "R@10": 50.0, "mAP@10": 22.0, "medR": 9.0},
                       "n_audio": 8, "n_text": 24})")
        .arg(r1)
        .arg(r1 * 2)
        .toUtf8();
}

QString cellText(QTableWidget* table, const QString& run, int column)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == run)
            return table->item(row, column)->text();
    return QString("<no row>");
}

} // namespace

class TestRunsView : public QObject {
    Q_OBJECT

    test::GuiTestProjectFolder m_folder;

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(m_folder.create(2), QString());
        const QString runs = m_folder.path() + QString("/runs/seed-1/");
        QVERIFY(test::writeBytes(runs + "stage1-nearest/config.json",
                                 R"({"stage": "pretrain", "matching": "nearest", "segment_seconds": 0.5, "frozen_audio_blocks": 3})"));
        QVERIFY(test::writeBytes(runs + "stage1-nearest/eval/report.json", report(5.5)));
        QVERIFY(test::writeBytes(runs + "stage1-random/eval/report.json", report(2.25)));
        QVERIFY(test::writeBytes(runs + "stage1-nearest/metrics.jsonl",
                          R"({"kind":"step","epoch":0,"step":1,"total_steps":2,"loss":3.5,"lr":0.001,"temperature":0.07})" "\n"
                          R"({"kind":"epoch","epoch":0,"step":2,"total_steps":2,"loss":2.75,"lr":0.0,"temperature":0.07,"validation":{"audio_to_image/R@1":12.5}})" "\n"));
        QVERIFY(test::writeBytes(runs + "stage1-random/metrics.jsonl",
                          R"({"kind":"epoch","epoch":0,"step":2,"total_steps":2,"loss":10.125,"lr":0.0,"temperature":0.07,)"
                          R"("validation":{"text_to_audio/R@10":49.3,"audio_to_image/R@10":28.7,"text_to_audio/R@1":7.5}})" "\n"));
        m_folder.reopen();
    }

    void listsRunsWithMetrics()
    {
        RunsView view;
        view.setProject(m_folder.project());
        QCOMPARE(view.runCount(), 2);
        // The method as the rest of the app names it, not config.json's "nearest".
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-nearest", 2), QString("Nearest Match"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-random", 2), QString("Random"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-nearest", 6), QString("3"));  // blocks kept frozen
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-random", 6), QString("0"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-nearest", 8), QString("complete"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-random", 8), QString("incomplete"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-nearest", 9), QString("2.75"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-random", 9), QString("10.125"));
        // Validation at a glance: R@10 per direction; a run with other figures only shows them all.
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-random", 10), QString("A→I 28.7 · T→A 49.3"));
        QCOMPARE(cellText(view.runTable(), "seed-1/stage1-nearest", 10), QString("audio_to_image/R@1 12.5"));
        for (int row = 0; row < view.runTable()->rowCount(); ++row)
            if (view.runTable()->item(row, 0)->text() == "seed-1/stage1-random")  // every figure on hover
                QCOMPARE(view.runTable()->item(row, 10)->toolTip(),
                         QString("audio_to_image/R@10 28.7\ntext_to_audio/R@1 7.5\ntext_to_audio/R@10 49.3"));
    }

    void sortsFinalLossAsANumber()
    {
        RunsView view;
        view.setProject(m_folder.project());
        QTableWidget* table = view.runTable();
        table->sortItems(9, Qt::AscendingOrder);  // as text, "10.125" would come before "2.75"
        QCOMPARE(table->item(0, 0)->text(), QString("seed-1/stage1-nearest"));
        QCOMPARE(table->item(1, 0)->text(), QString("seed-1/stage1-random"));
        table->sortItems(9, Qt::DescendingOrder);
        QCOMPARE(table->item(0, 0)->text(), QString("seed-1/stage1-random"));
    }

    void comparesTwoReports()
    {
        RunsView view;
        view.setProject(m_folder.project());
        QVERIFY(view.compare("seed-1/stage1-random", "seed-1/stage1-nearest"));
        QCOMPARE(view.leftReport()->value("text_to_audio", "R@1"), 2.25);
        QCOMPARE(view.rightReport()->value("text_to_audio", "R@1"), 5.5);
        QCOMPARE(view.rightReport()->value("audio_to_image", "R@1"), 11.0);
        QCOMPARE(view.rightReport()->value("audio_to_image", "medR"), 9.0);
        QVERIFY(std::isnan(view.rightReport()->value("audio_to_text", "R@1")));  // not in the report
        QCOMPARE(view.rightReport()->rowCount(), 2);
        QVERIFY(!view.compare("seed-1/stage1-random", "seed-9/nothing"));
    }

    void showsSelectedConfig()
    {
        RunsView view;
        view.setProject(m_folder.project());
        QSignalSpy selected(&view, &RunsView::runSelected);
        for (int row = 0; row < view.runTable()->rowCount(); ++row)
            if (view.runTable()->item(row, 0)->text() == "seed-1/stage1-nearest")
                view.runTable()->setCurrentCell(row, 0);
        QCOMPARE(selected.size(), 1);
        QVERIFY(selected.at(0).at(0).toString().endsWith("stage1-nearest"));
        QVERIFY(view.configText().contains("\"matching\": \"nearest\""));
    }

    void reloadFindsNewRuns()
    {
        RunsView view;
        view.setProject(m_folder.project());
        const QString run = m_folder.path() + QString("/runs/app/stage2-random-seed1");
        QVERIFY(test::writeBytes(run + "/config.json", R"({"stage": "finetune", "matching": "random"})"));
        QVERIFY(test::writeBytes(run + "/metrics.jsonl", ""));
        // Stage 2 from the stage-1 Nearest run: its Matching cell says what the run recorded it starts from.
        const QString fromNearest = m_folder.path() + QString("/runs/app/stage2-from-nearest");
        const QString encoder = m_folder.path() + "/runs/seed-1/stage1-nearest/audio-encoder";
        QVERIFY(test::writeBytes(fromNearest + "/config.json",
                          QString(R"({"stage": "finetune", "init_from": "%1", "init_from_matching": "nearest"})")
                              .arg(encoder)
                              .toUtf8()));
        QVERIFY(test::writeBytes(fromNearest + "/metrics.jsonl", ""));
        view.reload();
        QCOMPARE(view.runCount(), 4);
        QCOMPARE(cellText(view.runTable(), "app/stage2-random-seed1", 1), QString("2"));
        QCOMPARE(cellText(view.runTable(), "app/stage2-random-seed1", 2), QString("from scratch"));
        QCOMPARE(cellText(view.runTable(), "app/stage2-from-nearest", 2), QString("Nearest Match"));
        // A view opened now compares two runs that have reports, not the first two listed (which have none).
        m_folder.reopen();
        RunsView fresh;
        fresh.setProject(m_folder.project());
        QCOMPARE(fresh.runCount(), 4);
        QVERIFY(!std::isnan(fresh.leftReport()->value("text_to_audio", "R@1")));
        QVERIFY(!std::isnan(fresh.rightReport()->value("text_to_audio", "R@1")));
        QVERIFY(fresh.leftReport()->value("text_to_audio", "R@1") != fresh.rightReport()->value("text_to_audio", "R@1"));
        QVERIFY(QDir(run).removeRecursively());
        QVERIFY(QDir(fromNearest).removeRecursively());
        m_folder.reopen();
    }
};

SOUNDFRAME_TEST_MAIN(TestRunsView)
#include "tst_RunsView.moc"
