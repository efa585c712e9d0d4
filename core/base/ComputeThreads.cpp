#include "ComputeThreads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace soundframe {

int setComputeThreads(int requested)
{
    const int cores = int(std::thread::hardware_concurrency());
    const int count = requested > 0 ? requested : (cores > 0 ? cores : 1);
    at::set_num_threads(count);
    return count;
}

int computeThreads() { return at::get_num_threads(); }

} // namespace soundframe
