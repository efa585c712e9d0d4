// WindowPlayer: plays from the window's start, stops at its end (stopped, the position at the end),
// stop() stops, a new play replaces the old one, a start before 0 plays from 0; a play from a point
// inside the window and a seek while playing move the position within the window. Where the machine
// has no audio output (the test machines) the position moves on a clock; with a device the test
// checks only what play() promises at once.
#include "TestSupport.h"
#include "WindowPlayer.h"

#include <QSignalSpy>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe::gui;

class TestWindowPlayer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void playsTheWindowAndStopsAtItsEnd()
    {
        WindowPlayer player;
        QSignalSpy started(&player, &WindowPlayer::started);
        QSignalSpy stopped(&player, &WindowPlayer::stopped);
        QSignalSpy moved(&player, &WindowPlayer::positionChanged);
        player.play("/sounds/a.wav", 1.5, 1.8);
        QVERIFY(player.isPlaying());
        QCOMPARE(player.path(), QString("/sounds/a.wav"));
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(1).toDouble(), 1.5);
        QCOMPARE(started.at(0).at(2).toDouble(), 1.8);
        QCOMPARE(player.position(), 1.5);
        if (!player.isSilent())
            QSKIP("an audio device plays for real: the clock is not in use");
        QVERIFY(stopped.wait(3000));
        QVERIFY(!player.isPlaying());
        QCOMPARE(player.position(), 1.8);
        QVERIFY(moved.count() >= 2);
        for (const auto& args : moved) {
            QVERIFY(args.at(0).toDouble() >= 1.5);
            QVERIFY(args.at(0).toDouble() <= 1.8);
        }
    }

    void stopAndReplace()
    {
        WindowPlayer player;
        QSignalSpy stopped(&player, &WindowPlayer::stopped);
        player.stop();  // not playing: nothing to say
        QCOMPARE(stopped.count(), 0);
        player.play("/sounds/a.wav", 0, 10);
        player.play("/sounds/b.wav", -2, 10);  // replaces a.wav
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(player.path(), QString("/sounds/b.wav"));
        QCOMPARE(player.windowStart(), 0.0);
        player.stop();
        QCOMPARE(stopped.count(), 2);
        QVERIFY(!player.isPlaying());
    }

    void playsFromAPointAndSeeksWithinTheWindow()
    {
        WindowPlayer player;
        QSignalSpy moved(&player, &WindowPlayer::positionChanged);
        player.seek(1.0);  // not playing: nothing to move
        QCOMPARE(moved.count(), 0);
        player.play("/sounds/a.wav", 1.0, 3.0, 2.0);
        QCOMPARE(player.windowStart(), 1.0);
        QCOMPARE(player.windowEnd(), 3.0);
        QCOMPARE(player.position(), 2.0);
        player.seek(0.2);  // clamped to the window
        QCOMPARE(player.position(), 1.0);
        player.seek(2.9);
        QCOMPARE(player.position(), 2.9);
        QCOMPARE(moved.last().at(0).toDouble(), 2.9);
        if (!player.isSilent())
            QSKIP("an audio device plays for real: the clock is not in use");
        // The clock goes on from the seek: every later position is past it, and it stops at the end.
        QSignalSpy stopped(&player, &WindowPlayer::stopped);
        moved.clear();
        QVERIFY(stopped.wait(3000));
        QVERIFY(moved.count() >= 1);
        for (const auto& args : moved)
            QVERIFY(args.at(0).toDouble() >= 2.9);
        QCOMPARE(player.position(), 3.0);
        player.play("/sounds/a.wav", 1.0, 3.0, 5.0);  // from past the end: at the end
        QCOMPARE(player.position(), 3.0);
        player.stop();
    }
};

SOUNDFRAME_TEST_MAIN(TestWindowPlayer)
#include "tst_WindowPlayer.moc"
