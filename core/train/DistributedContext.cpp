#include "DistributedContext.h"

#include "base/Error.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <torch/torch.h>

namespace soundframe {

// Holds the concrete process group; ProcessGroupGloo and ProcessGroupNCCL share the collective API.
struct DistributedContext::Group {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> gloo;
#ifdef USE_C10D_NCCL
    c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl;
#endif
    template <typename F>
    void run(F&& f)
    {
#ifdef USE_C10D_NCCL
        if (nccl) {
            f(*nccl);
            return;
        }
#endif
        f(*gloo);
    }
};

std::unique_ptr<DistributedContext> DistributedContext::join(const DistributedEnvironment& env, const torch::Device& device)
{
    if (!env.distributed())
        return nullptr;
    const int rank = env.rank;
    const int worldSize = env.worldSize;
    auto group = std::make_unique<Group>();
    const char* backendName = "gloo";
    try {
        c10d::TCPStoreOptions options;
        options.port = uint16_t(env.masterPort);
        options.isServer = rank == 0 && !env.agentStore;
        options.numWorkers = size_t(worldSize);
        options.timeout = std::chrono::milliseconds(120000);
        auto tcpStore = c10::make_intrusive<c10d::TCPStore>(env.masterAddress, options);
        // The agent's store outlives a restart of the workers: each attempt keeps its keys apart.
        if (env.agentStore)
            group->store = c10::make_intrusive<c10d::PrefixStore>(env.storePrefix, tcpStore);
        else
            group->store = tcpStore;
        if (device.is_cuda()) {
#ifdef USE_C10D_NCCL
            group->nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(group->store, rank, worldSize);
            backendName = "nccl";
#else
            throw Error("distributed training on CUDA needs a LibTorch built with NCCL "
                        "(configure with -DSOUNDFRAME_WITH_NCCL=ON against a CUDA LibTorch)");
#endif
        }
        if (!device.is_cuda()) {
            auto glooOptions = c10d::ProcessGroupGloo::Options::create();
            glooOptions->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
            group->gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(group->store, rank, worldSize, glooOptions);
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(env.masterAddress + ":" + std::to_string(env.masterPort),
                    "cannot form the process group (rank " + std::to_string(rank) + " of " + std::to_string(worldSize)
                        + " from " + env.launcher + "; the store "
                        + (env.agentStore ? "hosted by torchrun's agent" : rank == 0 ? "hosted here" : "hosted by rank 0")
                        + "): " + e.what());
    }
    return std::unique_ptr<DistributedContext>(new DistributedContext(rank, worldSize, std::move(group), backendName));
}

DistributedContext::DistributedContext(int rank, int worldSize, std::unique_ptr<Group> group, const char* backendName)
    : m_rank(rank), m_worldSize(worldSize), m_group(std::move(group)), m_backendName(backendName)
{
}

DistributedContext::~DistributedContext() = default;

torch::Tensor DistributedContext::allGatherKeepingLocalGrad(const torch::Tensor& local)
{
    std::vector<at::Tensor> input{local.detach().contiguous()};
    std::vector<std::vector<at::Tensor>> output(1);
    for (int r = 0; r < m_worldSize; ++r)
        output[0].push_back(torch::empty_like(input[0]));
    m_group->run([&](auto& pg) { pg.allgather(output, input)->wait(); });
    output[0][size_t(m_rank)] = local;
    return torch::cat(output[0], 0);
}

void DistributedContext::sumGradients(const std::vector<torch::Tensor>& parameters)
{
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
        if (p.requires_grad() && p.grad().defined())
            grads.push_back(p.grad());
    if (grads.empty())
        return;
    std::vector<torch::Tensor> flat;
    for (const auto& g : grads)
        flat.push_back(g.reshape(-1));
    std::vector<at::Tensor> buffer{torch::cat(flat)};
    m_group->run([&](auto& pg) { pg.allreduce(buffer)->wait(); });
    int64_t offset = 0;
    for (auto& g : grads) {
        g.copy_(buffer[0].slice(0, offset, offset + g.numel()).view_as(g));
        offset += g.numel();
    }
}

void DistributedContext::broadcastFromRankZero(const std::vector<torch::Tensor>& tensors)
{
    torch::NoGradGuard noGrad;
    for (const auto& t : tensors) {
        std::vector<at::Tensor> one{t.detach()};
        m_group->run([&](auto& pg) { pg.broadcast(one)->wait(); });
    }
}

double DistributedContext::sum(double value)
{
    std::vector<at::Tensor> buffer{torch::full({1}, value, torch::kFloat64)};
    m_group->run([&](auto& pg) { pg.allreduce(buffer)->wait(); });
    return buffer[0].item<double>();
}

void DistributedContext::barrier()
{
    m_group->run([&](auto& pg) { pg.barrier()->wait(); });
}

} // namespace soundframe
