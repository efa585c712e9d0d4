#include "ParallelTasks.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace soundframe {

ParallelTasksOutcome runParallelTasks(int64_t count, int threads, const std::function<void(int64_t)>& task,
                                      const JobHooks& hooks, const std::string& stage)
{
    std::atomic<int64_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex mutex;
    std::condition_variable wake;
    auto worker = [&] {
        for (;;) {
            if (hooks.cancelled() || failed.load())
                break;
            const int64_t i = next++;
            if (i >= count)
                break;
            try {
                task(i);
                ++done;
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure)
                    failure = std::current_exception();
                failed = true;
            }
            wake.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t)
        pool.emplace_back(worker);
    int64_t reported = -1;
    {
        // Progress from this thread whenever it moved: woken by each finished task, else every 100 ms.
        std::unique_lock<std::mutex> lock(mutex);
        while (done.load() < count && !failed.load() && !hooks.cancelled()) {
            wake.wait_for(lock, std::chrono::milliseconds(100));
            if (done.load() != reported) {
                reported = done.load();
                lock.unlock();
                hooks.report({stage, reported, count, ""});
                lock.lock();
            }
        }
    }
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    if (done.load() != reported)  // the last figure, also when every task ended before the first wait
        hooks.report({stage, done.load(), count, ""});
    return {done.load(), done.load() < count};
}

} // namespace soundframe
