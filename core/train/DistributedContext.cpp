#include "DistributedContext.h"

#include "base/Error.h"

#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <torch/torch.h>

#include <cstdlib>

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

namespace {
int environmentInt(const char* name, int fallback)
{
    const char* value = std::getenv(name);
    if (!value || !*value)
        return fallback;
    char* end = nullptr;
    const long parsed = std::strtol(value, &end, 10);
    if (*end != '\0' || parsed < 0 || parsed > 65535)
        throw Error(std::string("environment variable ") + name + "='" + value + "' is not a valid number");
    return int(parsed);
}
} // namespace

std::unique_ptr<DistributedContext> DistributedContext::fromEnvironment(const torch::Device& device)
{
    const int worldSize = environmentInt("WORLD_SIZE", 1);
    if (worldSize <= 1)
        return nullptr;
    const int rank = environmentInt("RANK", -1);
    if (rank < 0 || rank >= worldSize)
        throw Error("distributed training: RANK must be set to 0.." + std::to_string(worldSize - 1));
    const char* addressVariable = std::getenv("MASTER_ADDR");
    const std::string address = addressVariable && *addressVariable ? addressVariable : "127.0.0.1";
    const int port = environmentInt("MASTER_PORT", 29500);

    auto group = std::make_unique<Group>();
    const char* backendName = "gloo";
    try {
        c10d::TCPStoreOptions options;
        options.port = uint16_t(port);
        options.isServer = rank == 0;
        options.numWorkers = size_t(worldSize);
        options.timeout = std::chrono::milliseconds(120000);
        group->store = c10::make_intrusive<c10d::TCPStore>(address, options);
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
        throw Error(address + ":" + std::to_string(port),
                    "cannot form the process group (rank " + std::to_string(rank) + " of "
                        + std::to_string(worldSize) + "): " + e.what());
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
