#include "ComputeThreads.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <thread>

namespace soundframe {

int setComputeThreads(int requested)
{
    int count = requested;
    if (count <= 0) {
        // The user's OMP_NUM_THREADS wins over the core count (e.g. several jobs sharing a machine).
        const char* environment = std::getenv("OMP_NUM_THREADS");
        count = environment ? std::atoi(environment) : 0;
    }
    if (count <= 0)
        count = int(std::thread::hardware_concurrency());
    count = count > 0 ? count : 1;
    at::set_num_threads(count);
    return count;
}

int computeThreads() { return at::get_num_threads(); }

} // namespace soundframe
