#pragma once
// DistributedContext: data-parallel training over PyTorch's own c10d (Gloo on CPU, NCCL on GPU
// when this LibTorch has it), set up from the environment torchrun and cluster schedulers provide.
//
//   auto dist = DistributedContext::fromEnvironment(device);   // null unless WORLD_SIZE > 1
//   if (dist) {
//       dist->broadcastFromRankZero(model->parameters());      // identical start on every rank
//       auto all = dist->allGatherKeepingLocalGrad(localEmbeddings);  // [world * B, D]
//       ...loss over the global batch; backward...
//       dist->sumGradients(model->parameters());
//   }
//
// Environment: RANK, WORLD_SIZE, MASTER_ADDR (default 127.0.0.1), MASTER_PORT (default 29500);
// rank 0 hosts the TCPStore. Each rank computes the loss of the GLOBAL batch with gradients
// flowing only through its own slice, so summing the gradients over ranks gives exactly the
// gradient a single process would compute at the same global batch. Parameters of the loss itself
// (the temperature) receive the full gradient on every rank already and must not be summed.
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
    // Null when WORLD_SIZE is unset or 1; throws Error for inconsistent variables or when the
    // group cannot be formed (names the address and port).
    static std::unique_ptr<DistributedContext> fromEnvironment(const torch::Device& device);
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
