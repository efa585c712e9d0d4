#include "ComputeThreads.h"

#include <ATen/Parallel.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/ones.h>

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
    // BLAS allocates its work buffers on the first matrix product, and OpenBLAS retries a failed
    // allocation forever: under an address-space limit a job would hang instead of failing with a
    // clear out-of-memory error. Allocate them now, while memory is free.
    const auto square = at::ones({256, 256});
    at::mm(square, square);
    return count;
}

int computeThreads() { return at::get_num_threads(); }

} // namespace soundframe
