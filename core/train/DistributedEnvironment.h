#pragma once
// DistributedEnvironment: where this process stands in a data-parallel run, as its launcher told it
// through environment variables. A pure function of those variables (parse), so every launcher's
// case is tested without the launcher.
//
//   const auto env = DistributedEnvironment::fromProcess();      // throws Error when they disagree
//   const auto device = parseComputeDevice(config.device, env.gpuFor(config.device));  // cuda -> cuda:LOCAL_RANK
//   auto dist = DistributedContext::join(env, device);             // null unless env.distributed()
//
// Launchers understood:
// - by hand: RANK, WORLD_SIZE, MASTER_ADDR (default 127.0.0.1), MASTER_PORT (default 29500) and,
//   for GPUs, LOCAL_RANK. Rank 0 hosts the TCPStore.
// - torchrun (python3 -m torch.distributed.run, recognised by its TORCHELASTIC_* variables): the
//   same, LOCAL_RANK always. With its default static rendezvous it sets
//   TORCHELASTIC_USE_AGENT_STORE=True: its agent already serves the TCPStore on MASTER_PORT, so every
//   rank, rank 0 included, connects as a client, its keys under "/worker/attempt_<TORCHELASTIC_RESTART_COUNT>"
//   (what PyTorch's env:// rendezvous does: torch/distributed/rendezvous.py, _create_c10d_store).
//   Under torchrun SLURM's variables describe torchrun's own tasks (srun ... torchrun) and are ignored.
// - SLURM's srun, when RANK and WORLD_SIZE are not set: SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID;
//   MASTER_ADDR, unless set, is the first host of SLURM_STEP_NODELIST, SLURM_JOB_NODELIST or
//   SLURM_NODELIST (the first found), where srun starts task 0. RANK, WORLD_SIZE or LOCAL_RANK set
//   beside srun's variables must equal them.
// Errors (soundframe::Error naming the variables and values): a value that is not a whole number in
// range; RANK without WORLD_SIZE or the reverse (for WORLD_SIZE > 1); RANK >= WORLD_SIZE; LOCAL_RANK
// >= LOCAL_WORLD_SIZE or >= WORLD_SIZE; torchrun's variables without LOCAL_RANK, or its agent store
// without TORCHELASTIC_RESTART_COUNT, MASTER_ADDR or MASTER_PORT; srun's and the generic variables
// disagreeing; a node list that cannot be read.
#include <map>
#include <string>

namespace soundframe {

struct DistributedEnvironment {
    using Variables = std::map<std::string, std::string>;

    std::string launcher = "none";   // for messages: "none", "RANK/WORLD_SIZE", "torchrun" or "srun"
    int rank = 0;                    // this process, 0..worldSize-1
    int worldSize = 1;               // processes in the run
    int localRank = -1;              // this process among those of its node (its GPU); -1 when not given
    std::string masterAddress = "127.0.0.1";  // host of the TCPStore
    int masterPort = 29500;          // port of the TCPStore
    bool agentStore = false;         // torchrun's agent serves the TCPStore: every rank connects as a client
    std::string storePrefix;         // with agentStore: the prefix of this attempt's keys ("/worker/attempt_0")

    bool distributed() const { return worldSize > 1; }

    // The GPU a bare "cuda" (or "auto" finding CUDA) means for this process: its local rank, 0 when it
    // runs alone or was not told. Throws Error for "cuda" in a run of several processes that were not
    // given LOCAL_RANK: all of them would share GPU 0.
    int gpuFor(const std::string& requestedDevice) const;

    // Throws Error when the variables disagree (see above). Empty values count as unset.
    static DistributedEnvironment parse(const Variables& variables);
    // parse() of this process's environment.
    static DistributedEnvironment fromProcess();
    // The first host of a SLURM node list: "node[01-04],gpu7" -> "node01", "rack[2-3]-n[5,7]" ->
    // "rack2-n5". Throws Error naming `variable` when the list is empty or its brackets do not close.
    static std::string firstHost(const std::string& nodeList, const std::string& variable = "node list");
};

} // namespace soundframe
