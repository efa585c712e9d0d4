// AlignmentRunPanel, given curves directly (no worker, no project): the header names the method,
// the ground-truth events' labels do not print over each other when the events are close in time
// (an owl calling while an orc shouts), at the panel's side-by-side width, and a held-out clip's
// watched picks are called what they are — the model's pick after each epoch, not a training choice.
#include "AlignmentRunPanel.h"

#include <qcustomplot.h>

#include <QTableWidget>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;
using namespace soundframe::gui;

namespace {

RunInfo nearestRun()
{
    RunInfo run;
    run.folder = "/nowhere/seed-1/stage1-nearest";
    run.name = "seed-1/stage1-nearest";
    run.matching = "nearest";
    return run;
}

// Five frames of a 5 s clip, as the demo's.
AlignmentCurves fiveFrames()
{
    AlignmentCurves c;
    c.clipId = "train-00614";
    c.runName = "seed-1/stage1-nearest";
    c.matching = "nearest";
    c.frameSeconds = {0.5, 1.5, 2.5, 3.5, 4.5};
    c.audioToFrame = {-0.13, -0.13, 0.14, 0.05, 0.0};
    c.segmentToFrame.fill(0.0, 25);
    c.argmaxFrame = 2;
    return c;
}

ClipRecord owlAndOrc()
{
    ClipRecord clip;
    clip.id = "train-00614";
    clip.start = 0;
    clip.end = 5;
    clip.events = {{"owl", 2.543, 3.653, {2, 3}}, {"orc", 2.84, 3.366, {3}}, {"lich", 0.2, 1.1, {}}, {"wolf", 4.2, 4.9, {}}};
    return clip;
}

bool hasGraphNamed(QCustomPlot* plot, const QString& name)
{
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name() == name)
            return true;
    return false;
}

QCPItemText* labelItem(QCustomPlot* plot, const QString& text)
{
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* label = qobject_cast<QCPItemText*>(plot->item(i)); label && label->text() == text)
            return label;
    return nullptr;
}

QRectF drawnRect(QCPItemText* label)
{
    return QRectF(label->topLeft->pixelPosition(), label->bottomRight->pixelPosition()).normalized();
}

} // namespace

class TestAlignmentRunPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headerNamesTheMethod()
    {
        AlignmentRunPanel panel(nearestRun());
        QVERIFY2(panel.header().contains("Nearest Match") && panel.header().contains("seed-1/stage1-nearest"),
                 qPrintable(panel.header()));
    }

    void eventLabelsDoNotOverlap()
    {
        AlignmentRunPanel panel(nearestRun());
        panel.resize(330, 640);  // a third of the demo's window
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const ClipRecord clip = owlAndOrc();
        panel.showCurves(fiveFrames(), &clip);
        panel.plot()->replot();
        for (const char* text : {"owl", "orc", "lich", "wolf"})
            QVERIFY2(labelItem(panel.plot(), text), text);
        const QRectF owl = drawnRect(labelItem(panel.plot(), "owl"));
        const QRectF orc = drawnRect(labelItem(panel.plot(), "orc"));
        QVERIFY2(!owl.intersects(orc), qPrintable(QString("owl at y %1, orc at y %2").arg(owl.top()).arg(orc.top())));
        // Events with room of their own stay on the top line, inside the plot.
        const double top = panel.plot()->axisRect()->top();
        QVERIFY(std::abs(drawnRect(labelItem(panel.plot(), "lich")).top() - top) < 2);
        QVERIFY(std::abs(drawnRect(labelItem(panel.plot(), "wolf")).top() - top) < 2);
        QVERIFY(orc.bottom() < panel.plot()->axisRect()->bottom());
    }

    // The same per-epoch frames, once as a training clip's choices and once as a held-out clip's
    // watched picks: the caption, the tooltips and the plot's legend say which, and Nearest's
    // warm-up epochs are hatched either way.
    void watchedPicksAreCalledHeldOut()
    {
        AlignmentRunPanel panel(nearestRun());
        panel.resize(330, 640);
        panel.show();
        AlignmentCurves curves = fiveFrames();
        curves.choicePerEpoch = {1, 2, 2, 3};
        curves.choiceCounts = {0, 1, 2, 1, 0};
        curves.warmupEpochs = 2;

        panel.showCurves(curves, nullptr);
        QVERIFY2(panel.choiceCaption().startsWith("Frame chosen per epoch"), qPrintable(panel.choiceCaption()));
        QVERIFY(hasGraphNamed(panel.plot(), "recorded choices (all epochs)"));
        QVERIFY(panel.choiceStrip()->toolTip().contains("training epoch"));

        curves.choicesWatched = true;
        panel.showCurves(curves, nullptr);
        const QString caption = panel.choiceCaption();
        QVERIFY2(caption.contains("Nearest frame under the model after each epoch")
                     && caption.contains("a held-out clip: never trained on") && caption.contains("2 warm-up epoch"),
                 qPrintable(caption));
        QTableWidget* strip = panel.choiceStrip();
        QVERIFY(strip->isVisible());
        QCOMPARE(strip->columnCount(), 4);
        QCOMPARE(strip->item(0, 3)->text(), QString("3"));
        QVERIFY(strip->item(0, 1)->data(AlignmentRunPanel::WarmupRole).toBool());
        QVERIFY(!strip->item(0, 2)->data(AlignmentRunPanel::WarmupRole).toBool());
        QVERIFY2(strip->item(0, 3)->toolTip().startsWith("After epoch 4: frame 3 is the most similar"),
                 qPrintable(strip->item(0, 3)->toolTip()));
        QVERIFY2(strip->item(0, 0)->toolTip().contains("what the model would have picked"),
                 qPrintable(strip->item(0, 0)->toolTip()));
        QVERIFY(strip->toolTip().contains("Training never saw the clip"));
        QVERIFY(hasGraphNamed(panel.plot(), "model's pick after each epoch (held-out clip)"));
        QVERIFY(!hasGraphNamed(panel.plot(), "recorded choices (all epochs)"));
    }
};

SOUNDFRAME_TEST_MAIN(TestAlignmentRunPanel)
#include "tst_AlignmentRunPanel.moc"
