// EventLanes: extents that overlap (or come closer than the gap) get different rows, each the first
// that is free; rows are reused once free; the answer is in the order given.
#include "EventLanes.h"

#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe::gui;

class TestEventLanes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void apartStaysOnTheTopRow()
    {
        QCOMPARE(EventLanes::assign({{0, 10}, {20, 30}, {40, 50}}, 4), (QVector<int>{0, 0, 0}));
        QCOMPARE(EventLanes::assign({}, 4), QVector<int>{});
    }

    void overlapGoesDown()
    {
        // An owl over an orc: the orc starts inside the owl's band.
        QCOMPARE(EventLanes::assign({{10, 60}, {40, 90}}, 4), (QVector<int>{0, 1}));
        // Three at once: three rows; the next one after them all takes the top row again.
        QCOMPARE(EventLanes::assign({{0, 50}, {10, 60}, {20, 70}, {80, 90}}, 4), (QVector<int>{0, 1, 2, 0}));
        // The first free row, not the one below the last used.
        QCOMPARE(EventLanes::assign({{0, 100}, {10, 30}, {40, 60}}, 4), (QVector<int>{0, 1, 1}));
    }

    void gapCounts()
    {
        // 2 px apart: closer than a 4 px gap, so the labels would touch.
        QCOMPARE(EventLanes::assign({{0, 10}, {12, 20}}, 4), (QVector<int>{0, 1}));
        QCOMPARE(EventLanes::assign({{0, 10}, {12, 20}}, 2), (QVector<int>{0, 0}));
    }

    void answersInTheOrderGiven()
    {
        // Given right to left: the earlier event still keeps the top row.
        QCOMPARE(EventLanes::assign({{40, 90}, {10, 60}}, 4), (QVector<int>{1, 0}));
    }
};

SOUNDFRAME_TEST_MAIN(TestEventLanes)
#include "tst_EventLanes.moc"
