#pragma once
// runParallelTasks: independent tasks 0..count-1 on a few threads, with the long job's hooks. The
// calling thread only waits and reports progress — `hooks.onProgress` runs on it, as JobHooks asks,
// as tasks finish (woken by each, else every 100 ms) and once more with the final count.
//
//   std::atomic<int> written{0};
//   const ParallelTasksOutcome o = runParallelTasks(plans.size(), 2, [&](int64_t i) { render(plans[i]); },
//                                                   hooks, "demo-world");
//   if (o.cancelled) return;   // the tasks that finished stay finished
//
// No new task starts once hooks are cancelled or a task has thrown; the running ones finish. The
// first exception a task threw is rethrown here after every thread has joined. Tasks run in no
// fixed order: each must write only what is its own.
#include "base/JobHooks.h"

#include <cstdint>
#include <functional>
#include <string>

namespace soundframe {

struct ParallelTasksOutcome {
    int64_t done = 0;        // tasks that ran to the end
    bool cancelled = false;  // hooks were cancelled before every task had run
};

ParallelTasksOutcome runParallelTasks(int64_t count, int threads, const std::function<void(int64_t)>& task,
                                      const JobHooks& hooks, const std::string& stage);

} // namespace soundframe
