#pragma once
// DistributedContext: data-parallel training over PyTorch's own c10d (Gloo on CPU, NCCL on GPU
// when this LibTorch has it), set up from the environment torchrun and cluster schedulers provide.
//
//   const auto env = DistributedEnvironment::fromProcess();    // RANK, WORLD_SIZE, ... (torchrun, srun)
//   auto dist = DistributedContext::join(env, device);         // null unless env.distributed()
//   if (dist) {
//       dist->broadcastFromRankZero(model->parameters());      // identical start on every rank
//       auto all = dist->allGatherKeepingLocalGrad(localEmbeddings);  // [world * B, D]
//       ...loss over the global batch; backward...
//       dist->sumGradients(model->parameters());
//   }
//
// Where each process stands comes from DistributedEnvironment: rank 0 hosts the TCPStore at
// MASTER_ADDR:MASTER_PORT, unless torchrun's agent hosts it already (every rank is then a client,
// under the attempt's key prefix). Each rank computes the loss of the GLOBAL batch with gradients
// flowing only through its own slice, so summing the gradients over ranks gives exactly the
// gradient a single process would compute at the same global batch. Parameters of the loss itself
// (the temperature) receive the full gradient on every rank already and must not be summed.
#include "train/DistributedEnvironment.h"

#include <torch/types.h>

#include <memory>
#include <vector>

namespace c10d {
class Backend;
class ProcessGroup;
} // namespace c10d

namespace soundframe {

class DistributedContext {
public:
    // Null when `env` is a single process; throws Error when the group cannot be formed (names the
    // address, port and launcher). Blocks until every rank has joined (at most 2 minutes).
    static std::unique_ptr<DistributedContext> join(const DistributedEnvironment& env, const torch::Device& device);
    ~DistributedContext();

    int rank() const { return m_rank; }
    int worldSize() const { return m_worldSize; }
    const char* backendName() const { return m_backendName; }

    // Concatenation over ranks along dim 0 (every rank passes the same shape); the slice of this
    // rank is `local` itself, so gradients reach this rank's inputs.
    torch::Tensor allGatherKeepingLocalGrad(const torch::Tensor& local);
    // Sums the gradients of `parameters` over ranks (in one flat buffer), in place.
    void sumGradients(const std::vector<torch::Tensor>& parameters);
    void broadcastFromRankZero(const std::vector<torch::Tensor>& tensors);
    // Sum of a number over ranks (e.g. for metrics).
    double sum(double value);
    void barrier();

private:
    struct Group;
    DistributedContext(int rank, int worldSize, std::unique_ptr<Group> group, const char* backendName);

    int m_rank;
    int m_worldSize;
    std::unique_ptr<Group> m_group;
    const char* m_backendName;
};

} // namespace soundframe
