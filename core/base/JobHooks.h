#pragma once
// JobHooks: how a long core job reports progress and learns it should stop.
//
//   std::atomic<bool> stop{false};
//   JobHooks hooks;
//   hooks.cancel = &stop;
//   hooks.onProgress = [](const JobProgress& p) { std::cerr << p.done << "/" << p.total << "\n"; };
//   runSomeJob(params, hooks);   // returns early, with finished work kept, once `stop` is true
//
// Plain C++ so the CLI needs no event loop; the GUI's worker forwards progress as queued
// signals. onProgress is called on the job's thread; keep it cheap.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace soundframe {

struct JobProgress {
    std::string stage;    // short name of what is running, e.g. "prepare"
    int64_t done = 0;     // items finished so far
    int64_t total = 0;    // items in all; 0 when unknown
    std::string message;  // optional detail, e.g. the item just finished or skipped
};

struct JobHooks {
    std::function<void(const JobProgress&)> onProgress;  // may be empty
    const std::atomic<bool>* cancel = nullptr;           // may be null: never cancelled

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void report(const JobProgress& progress) const
    {
        if (onProgress)
            onProgress(progress);
    }
};

} // namespace soundframe
