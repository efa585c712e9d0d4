// runParallelTasks: every task runs exactly once on any number of threads; progress reaches the
// caller's thread and ends at the final count; cancelling and a throwing task stop new tasks, and
// the first exception comes back to the caller.
#include "base/ParallelTasks.h"

#include <QtTest>

#include "TestRegistry.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace soundframe;

class TestParallelTasks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTaskRunsOnceAndProgressEndsOnTheCallersThread()
    {
        for (const int threads : {0, 1, 3}) {
            std::vector<std::atomic<int>> runs(200);
            std::vector<JobProgress> reports;
            bool otherThread = false;
            JobHooks hooks;
            const auto caller = std::this_thread::get_id();
            hooks.onProgress = [&](const JobProgress& p) {
                otherThread |= std::this_thread::get_id() != caller;
                reports.push_back(p);
            };
            const ParallelTasksOutcome o = runParallelTasks(
                200, threads, [&](int64_t i) { ++runs[size_t(i)]; }, hooks, "render");
            QCOMPARE(o.done, int64_t(200));
            QVERIFY(!o.cancelled);
            for (const auto& r : runs)
                QCOMPARE(r.load(), 1);
            QVERIFY(!otherThread);
            QVERIFY(!reports.empty());
            QCOMPARE(reports.back().stage, std::string("render"));
            QCOMPARE(reports.back().done, int64_t(200));
            QCOMPARE(reports.back().total, int64_t(200));
        }
        QCOMPARE(runParallelTasks(0, 2, [](int64_t) { QFAIL("no task to run"); }, {}, "none").done, int64_t(0));
    }

    void cancellingStopsNewTasks()
    {
        std::atomic<bool> stop{false};
        JobHooks hooks;
        hooks.cancel = &stop;
        std::atomic<int64_t> highest{-1};
        const ParallelTasksOutcome o = runParallelTasks(
            1000, 1,
            [&](int64_t i) {
                highest = i;
                if (i == 10)
                    stop = true;
            },
            hooks, "render");
        QVERIFY(o.cancelled);
        QCOMPARE(o.done, int64_t(11));  // one thread: tasks 0..10, the one that cancelled included
        QCOMPARE(highest.load(), int64_t(10));
    }

    void theFirstFailureComesBackAndStopsNewTasks()
    {
        std::atomic<int> ran{0};
        try {
            runParallelTasks(
                100, 1,
                [&](int64_t i) {
                    ++ran;
                    if (i == 5)
                        throw std::runtime_error("clip 5 is broken");
                },
                {}, "render");
            QFAIL("the task's exception was swallowed");
        } catch (const std::runtime_error& e) {
            QCOMPARE(std::string(e.what()), std::string("clip 5 is broken"));
        }
        QCOMPARE(ran.load(), 6);
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestParallelTasks)
#include "tst_ParallelTasks.moc"
