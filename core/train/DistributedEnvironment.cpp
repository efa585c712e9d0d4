#include "DistributedEnvironment.h"

#include "base/Error.h"

#include <cstdlib>
#include <optional>

namespace soundframe {

namespace {

// Every variable parse() reads, so fromProcess() hands it exactly those.
const char* const kVariables[] = {"RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT",
    "TORCHELASTIC_RUN_ID", "TORCHELASTIC_RESTART_COUNT", "TORCHELASTIC_USE_AGENT_STORE", "SLURM_PROCID",
    "SLURM_NTASKS", "SLURM_LOCALID", "SLURM_STEP_NODELIST", "SLURM_JOB_NODELIST", "SLURM_NODELIST"};

class Reader {
public:
    explicit Reader(const DistributedEnvironment::Variables& variables) : m_variables(variables) {}

    std::optional<std::string> text(const std::string& name) const
    {
        const auto it = m_variables.find(name);
        if (it == m_variables.end() || it->second.empty())
            return std::nullopt;
        return it->second;
    }
    bool has(const std::string& name) const { return text(name).has_value(); }

    // A whole number in [minimum, maximum], or nullopt when unset.
    std::optional<int> number(const std::string& name, long minimum, long maximum = 1L << 30) const
    {
        const auto value = text(name);
        if (!value)
            return std::nullopt;
        char* end = nullptr;
        const long parsed = std::strtol(value->c_str(), &end, 10);
        if (*end != '\0' || parsed < minimum || parsed > maximum)
            throw Error("environment variable " + name,
                        "'" + *value + "' is not a whole number from " + std::to_string(minimum)
                            + (maximum < (1L << 30) ? " to " + std::to_string(maximum) : std::string(" up")));
        return int(parsed);
    }

private:
    const DistributedEnvironment::Variables& m_variables;
};

std::string named(const std::string& name, int value) { return name + "=" + std::to_string(value); }

// A variable of srun's set beside its generic counterpart must say the same.
void requireSame(const Reader& env, const std::string& generic, const std::string& slurm)
{
    const auto a = env.number(generic, 0);
    const auto b = env.number(slurm, 0);
    if (a && b && *a != *b)
        throw Error("environment variables " + generic + " and " + slurm,
                    named(generic, *a) + " but " + named(slurm, *b)
                        + ": srun numbers the tasks itself; unset " + generic
                        + " (and the other generic variables) or make them agree");
}

} // namespace

DistributedEnvironment DistributedEnvironment::parse(const Variables& variables)
{
    const Reader env(variables);
    DistributedEnvironment d;
    const bool torchrun = env.has("TORCHELASTIC_RUN_ID") || env.has("TORCHELASTIC_RESTART_COUNT")
        || env.has("TORCHELASTIC_USE_AGENT_STORE");
    const bool generic = env.has("RANK") || env.has("WORLD_SIZE");
    const bool srun = !torchrun && env.has("SLURM_PROCID") && env.has("SLURM_NTASKS");

    std::optional<int> rank, world, local;
    if (torchrun) {
        d.launcher = "torchrun";
        rank = env.number("RANK", 0);
        world = env.number("WORLD_SIZE", 1);
        local = env.number("LOCAL_RANK", 0);
        if (!rank || !world || !local)
            throw Error(std::string("environment variables RANK, WORLD_SIZE, LOCAL_RANK"),
                        "torchrun's variables (TORCHELASTIC_*) are set but not "
                            + std::string(!rank ? "RANK" : !world ? "WORLD_SIZE" : "LOCAL_RANK")
                            + ": start the command through torchrun itself, or unset TORCHELASTIC_*");
    } else if (srun) {
        d.launcher = "srun";
        requireSame(env, "RANK", "SLURM_PROCID");
        requireSame(env, "WORLD_SIZE", "SLURM_NTASKS");
        requireSame(env, "LOCAL_RANK", "SLURM_LOCALID");
        rank = env.number("SLURM_PROCID", 0);
        world = env.number("SLURM_NTASKS", 1);
        local = env.number("SLURM_LOCALID", 0);
    } else if (generic) {
        d.launcher = "RANK/WORLD_SIZE";
        rank = env.number("RANK", 0);
        world = env.number("WORLD_SIZE", 1);
        local = env.number("LOCAL_RANK", 0);
        if (!world && *rank != 0)
            throw Error(std::string("environment variables RANK, WORLD_SIZE"),
                        named("RANK", *rank) + " but WORLD_SIZE is not set: set both for every process");
        if (!rank && *world > 1)
            throw Error(std::string("environment variables RANK, WORLD_SIZE"),
                        named("WORLD_SIZE", *world) + " but RANK is not set: set RANK to 0.."
                            + std::to_string(*world - 1) + ", a different one for every process");
    } else {
        local = env.number("LOCAL_RANK", 0);
    }
    d.rank = rank.value_or(0);
    d.worldSize = world.value_or(1);
    d.localRank = local.value_or(-1);

    const std::string rankName = d.launcher == "srun" ? "SLURM_PROCID" : "RANK";
    const std::string worldName = d.launcher == "srun" ? "SLURM_NTASKS" : "WORLD_SIZE";
    const std::string localName = d.launcher == "srun" ? "SLURM_LOCALID" : "LOCAL_RANK";
    if (d.rank >= d.worldSize)
        throw Error("environment variables " + rankName + ", " + worldName,
                    named(rankName, d.rank) + " but " + named(worldName, d.worldSize) + ": ranks run from 0 to "
                        + std::to_string(d.worldSize - 1));
    if (d.localRank >= d.worldSize)
        throw Error("environment variables " + localName + ", " + worldName,
                    named(localName, d.localRank) + " but " + named(worldName, d.worldSize)
                        + ": a node cannot hold more processes than the run");
    if (const auto localWorld = env.number("LOCAL_WORLD_SIZE", 1)) {
        if (*localWorld > d.worldSize)
            throw Error("environment variables LOCAL_WORLD_SIZE, " + worldName,
                        named("LOCAL_WORLD_SIZE", *localWorld) + " but " + named(worldName, d.worldSize)
                            + ": a node cannot hold more processes than the run");
        if (d.localRank >= *localWorld)
            throw Error("environment variables " + localName + ", LOCAL_WORLD_SIZE",
                        named(localName, d.localRank) + " but " + named("LOCAL_WORLD_SIZE", *localWorld)
                            + ": local ranks run from 0 to " + std::to_string(*localWorld - 1));
    }

    d.agentStore = torchrun && env.text("TORCHELASTIC_USE_AGENT_STORE") == std::string("True");
    if (d.agentStore) {
        // The agent's store is wherever torchrun says; a default would only connect to something else.
        for (const char* name : {"TORCHELASTIC_RESTART_COUNT", "MASTER_ADDR", "MASTER_PORT"})
            if (!env.has(name))
                throw Error(std::string("environment variable ") + name,
                            "not set, but TORCHELASTIC_USE_AGENT_STORE=True says torchrun's agent hosts the "
                            "store: start the command through torchrun itself");
        d.storePrefix = "/worker/attempt_" + *env.text("TORCHELASTIC_RESTART_COUNT");
    }
    if (const auto address = env.text("MASTER_ADDR")) {
        d.masterAddress = *address;
    } else if (d.launcher == "srun") {
        for (const char* name : {"SLURM_STEP_NODELIST", "SLURM_JOB_NODELIST", "SLURM_NODELIST"})
            if (const auto list = env.text(name)) {
                d.masterAddress = firstHost(*list, std::string("environment variable ") + name);
                break;
            }
    }
    d.masterPort = env.number("MASTER_PORT", 1, 65535).value_or(d.masterPort);
    return d;
}

DistributedEnvironment DistributedEnvironment::fromProcess()
{
    Variables variables;
    for (const char* name : kVariables)
        if (const char* value = std::getenv(name))
            variables[name] = value;
    return parse(variables);
}

int DistributedEnvironment::gpuFor(const std::string& requestedDevice) const
{
    if (localRank >= 0)
        return localRank;
    if (requestedDevice == "cuda" && distributed())
        throw Error(std::string("environment variable LOCAL_RANK"),
                    "not set, but " + std::to_string(worldSize) + " processes were asked for device 'cuda': they "
                        "would all use GPU 0. Set LOCAL_RANK to each process's GPU on its node (torchrun and srun "
                        "do), or give --device cuda:N");
    return 0;
}

std::string DistributedEnvironment::firstHost(const std::string& nodeList, const std::string& variable)
{
    // Up to the first comma outside brackets; inside each bracket, the first number of its first range.
    std::string host;
    bool inBracket = false, skipping = false;
    for (const char c : nodeList) {
        if (!inBracket && c == ',')
            break;
        if (c == '[') {
            if (inBracket)
                break;
            inBracket = true;
            skipping = false;
        } else if (c == ']') {
            if (!inBracket)
                throw Error(variable, "'" + nodeList + "': a ']' without its '['");
            inBracket = false;
        } else if (inBracket) {
            skipping = skipping || c == '-' || c == ',';
            if (!skipping)
                host += c;
        } else {
            host += c;
        }
    }
    if (inBracket)
        throw Error(variable, "'" + nodeList + "': a '[' without its ']'");
    if (host.empty())
        throw Error(variable, "'" + nodeList + "' names no host");
    return host;
}

} // namespace soundframe
