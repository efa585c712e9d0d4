// DistributedEnvironment: the variables of each launcher (by hand, torchrun with its agent's store or
// its c10d rendezvous, torchrun started by srun, srun alone) give the rank, world size, local rank,
// store address and key prefix; variables that disagree are errors naming them; SLURM node lists
// give their first host; a bare cuda means the process's local GPU.
#include "base/Error.h"
#include "train/DistributedEnvironment.h"

#include <QtTest>

#include "TestRegistry.h"

#include "ErrorExpectations.h"

#include <functional>

using namespace soundframe;
using Variables = DistributedEnvironment::Variables;

namespace {
// What torchrun's agent (torch 1.13, local_elastic_agent.py) gives worker 3 of 4 on node 1 of 2.
Variables torchrunWorker()
{
    return {{"LOCAL_RANK", "3"}, {"RANK", "7"}, {"GROUP_RANK", "1"}, {"ROLE_RANK", "7"}, {"ROLE_NAME", "default"},
            {"LOCAL_WORLD_SIZE", "4"}, {"WORLD_SIZE", "8"}, {"GROUP_WORLD_SIZE", "2"}, {"ROLE_WORLD_SIZE", "8"},
            {"MASTER_ADDR", "node01"}, {"MASTER_PORT", "29511"}, {"TORCHELASTIC_RESTART_COUNT", "2"},
            {"TORCHELASTIC_MAX_RESTARTS", "3"}, {"TORCHELASTIC_RUN_ID", "none"},
            {"TORCHELASTIC_USE_AGENT_STORE", "True"}};
}

// What srun gives task 5 of 8, the second on its node.
Variables srunTask()
{
    return {{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"}, {"SLURM_LOCALID", "1"}, {"SLURM_NODEID", "2"},
            {"SLURM_JOB_NODELIST", "node[01-04],gpu7"}, {"SLURM_NODELIST", "node[01-04],gpu7"}};
}

Variables with(Variables base, const Variables& changes)
{
    for (const auto& [name, value] : changes)
        base[name] = value;
    return base;
}
} // namespace

class TestDistributedEnvironment : public QObject {
    Q_OBJECT

    static void expectParseError(const Variables& v, const std::vector<std::string>& fragments)
    {
        test::expectErrorMentioning([&] { DistributedEnvironment::parse(v); }, fragments);
    }

private Q_SLOTS:
    void noVariablesIsOneProcess()
    {
        const auto d = DistributedEnvironment::parse({});
        QVERIFY(!d.distributed());
        QCOMPARE(d.launcher, std::string("none"));
        QCOMPARE(d.rank, 0);
        QCOMPARE(d.worldSize, 1);
        QCOMPARE(d.localRank, -1);
        QCOMPARE(d.gpuFor("cuda"), 0);
        QVERIFY(!d.agentStore);
        // Empty values count as unset; WORLD_SIZE=1 alone is one process.
        QVERIFY(!DistributedEnvironment::parse({{"RANK", ""}, {"WORLD_SIZE", ""}}).distributed());
        QVERIFY(!DistributedEnvironment::parse({{"WORLD_SIZE", "1"}}).distributed());
    }

    void byHand()
    {
        const auto d = DistributedEnvironment::parse(
            {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "10.0.0.5"}, {"MASTER_PORT", "1234"}});
        QVERIFY(d.distributed());
        QCOMPARE(d.launcher, std::string("RANK/WORLD_SIZE"));
        QCOMPARE(d.rank, 1);
        QCOMPARE(d.worldSize, 2);
        QCOMPARE(d.masterAddress, std::string("10.0.0.5"));
        QCOMPARE(d.masterPort, 1234);
        QVERIFY(!d.agentStore);
        QCOMPARE(d.gpuFor("cpu"), 0);
        const auto defaults = DistributedEnvironment::parse({{"RANK", "0"}, {"WORLD_SIZE", "3"}, {"LOCAL_RANK", "0"}});
        QCOMPARE(defaults.masterAddress, std::string("127.0.0.1"));
        QCOMPARE(defaults.masterPort, 29500);
        QCOMPARE(defaults.localRank, 0);
    }

    void torchrunWithItsAgentsStore()
    {
        const auto d = DistributedEnvironment::parse(torchrunWorker());
        QCOMPARE(d.launcher, std::string("torchrun"));
        QCOMPARE(d.rank, 7);
        QCOMPARE(d.worldSize, 8);
        QCOMPARE(d.localRank, 3);
        QCOMPARE(d.masterAddress, std::string("node01"));
        QCOMPARE(d.masterPort, 29511);
        QVERIFY(d.agentStore);  // rank 0 too connects as a client
        QCOMPARE(d.storePrefix, std::string("/worker/attempt_2"));
        QCOMPARE(d.gpuFor("cuda"), 3);
        QCOMPARE(d.gpuFor("auto"), 3);
    }

    void torchrunWithC10dRendezvous()
    {
        // --rdzv_backend c10d / --standalone: the agent's store is elsewhere; rank 0 hosts the workers'.
        const auto d = DistributedEnvironment::parse(with(torchrunWorker(), {{"TORCHELASTIC_USE_AGENT_STORE", "False"}}));
        QVERIFY(!d.agentStore);
        QVERIFY(d.storePrefix.empty());
        QCOMPARE(d.rank, 7);
    }

    void torchrunStartedBySrun()
    {
        // srun starts one torchrun per node: SLURM's numbers are the nodes', torchrun's the workers'.
        const auto d = DistributedEnvironment::parse(with(torchrunWorker(), srunTask()));
        QCOMPARE(d.launcher, std::string("torchrun"));
        QCOMPARE(d.rank, 7);
        QCOMPARE(d.worldSize, 8);
        QCOMPARE(d.localRank, 3);
        QCOMPARE(d.masterAddress, std::string("node01"));
    }

    void srunAlone()
    {
        auto d = DistributedEnvironment::parse(srunTask());
        QCOMPARE(d.launcher, std::string("srun"));
        QCOMPARE(d.rank, 5);
        QCOMPARE(d.worldSize, 8);
        QCOMPARE(d.localRank, 1);
        QCOMPARE(d.masterAddress, std::string("node01"));
        QCOMPARE(d.masterPort, 29500);
        QVERIFY(!d.agentStore);
        QCOMPARE(d.gpuFor("cuda"), 1);
        // The step's nodes first, where srun starts task 0; MASTER_ADDR / MASTER_PORT when set.
        d = DistributedEnvironment::parse(with(srunTask(), {{"SLURM_STEP_NODELIST", "gpu[12-13]"}}));
        QCOMPARE(d.masterAddress, std::string("gpu12"));
        d = DistributedEnvironment::parse(with(srunTask(), {{"MASTER_ADDR", "login2"}, {"MASTER_PORT", "4000"}}));
        QCOMPARE(d.masterAddress, std::string("login2"));
        QCOMPARE(d.masterPort, 4000);
        // The generic variables may repeat srun's.
        d = DistributedEnvironment::parse(with(srunTask(), {{"RANK", "5"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"}}));
        QCOMPARE(d.rank, 5);
        // One task: one process.
        QVERIFY(!DistributedEnvironment::parse({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}).distributed());
    }

    void disagreementsAreErrors()
    {
        expectParseError({{"RANK", "2"}, {"WORLD_SIZE", "2"}}, {"RANK=2", "WORLD_SIZE=2", "0 to 1"});
        expectParseError({{"RANK", "1"}}, {"RANK=1", "WORLD_SIZE is not set"});
        expectParseError({{"WORLD_SIZE", "4"}}, {"WORLD_SIZE=4", "RANK is not set", "0..3"});
        expectParseError({{"RANK", "-1"}, {"WORLD_SIZE", "2"}}, {"RANK", "'-1'"});
        expectParseError({{"RANK", "one"}, {"WORLD_SIZE", "2"}}, {"RANK", "'one'", "whole number"});
        expectParseError({{"RANK", "0"}, {"WORLD_SIZE", "0"}}, {"WORLD_SIZE", "'0'"});
        expectParseError({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "70000"}}, {"MASTER_PORT", "'70000'", "65535"});
        expectParseError({{"RANK", "0"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "4"}}, {"LOCAL_RANK=4", "WORLD_SIZE=4"});
        expectParseError({{"RANK", "0"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "2"}, {"LOCAL_WORLD_SIZE", "2"}},
                         {"LOCAL_RANK=2", "LOCAL_WORLD_SIZE=2"});
        expectParseError({{"RANK", "0"}, {"WORLD_SIZE", "4"}, {"LOCAL_WORLD_SIZE", "5"}}, {"LOCAL_WORLD_SIZE=5", "WORLD_SIZE=4"});
        // torchrun's variables incomplete.
        auto v = torchrunWorker();
        v.erase("LOCAL_RANK");
        expectParseError(v, {"LOCAL_RANK", "torchrun"});
        v = torchrunWorker();
        v.erase("TORCHELASTIC_RESTART_COUNT");
        expectParseError(v, {"TORCHELASTIC_RESTART_COUNT", "TORCHELASTIC_USE_AGENT_STORE=True"});
        v = torchrunWorker();
        v.erase("MASTER_PORT");
        expectParseError(v, {"MASTER_PORT", "agent"});
        // srun's numbers and the generic ones differ.
        expectParseError(with(srunTask(), {{"RANK", "4"}}), {"RANK=4", "SLURM_PROCID=5"});
        expectParseError(with(srunTask(), {{"WORLD_SIZE", "4"}}), {"WORLD_SIZE=4", "SLURM_NTASKS=8"});
        expectParseError(with(srunTask(), {{"LOCAL_RANK", "0"}}), {"LOCAL_RANK=0", "SLURM_LOCALID=1"});
        expectParseError(with(srunTask(), {{"SLURM_PROCID", "8"}}), {"SLURM_PROCID=8", "SLURM_NTASKS=8"});
        expectParseError(with(srunTask(), {{"SLURM_JOB_NODELIST", "node[01-04"}, {"SLURM_NODELIST", ""}}),
                         {"SLURM_JOB_NODELIST", "node[01-04", "'['"});
        // Several processes on `cuda` with no word of which GPU is theirs would all take GPU 0.
        const auto unplaced = DistributedEnvironment::parse({{"RANK", "1"}, {"WORLD_SIZE", "2"}});
        test::expectErrorMentioning([&] { unplaced.gpuFor("cuda"); }, {"LOCAL_RANK", "cuda"});
        QCOMPARE(unplaced.gpuFor("cpu"), 0);
        QCOMPARE(unplaced.gpuFor("cuda:1"), 0);  // an explicit index is kept by parseComputeDevice
    }

    void firstHostOfANodeList()
    {
        QCOMPARE(DistributedEnvironment::firstHost("node01"), std::string("node01"));
        QCOMPARE(DistributedEnvironment::firstHost("node[01-04],gpu7"), std::string("node01"));
        QCOMPARE(DistributedEnvironment::firstHost("gpu7,node[01-04]"), std::string("gpu7"));
        QCOMPARE(DistributedEnvironment::firstHost("node[007,009-012]"), std::string("node007"));
        QCOMPARE(DistributedEnvironment::firstHost("rack[2-3]-n[5,7]"), std::string("rack2-n5"));
        QCOMPARE(DistributedEnvironment::firstHost("n[1-2]-ib,x"), std::string("n1-ib"));
        QCOMPARE(DistributedEnvironment::firstHost("cn-a-1"), std::string("cn-a-1"));
        test::expectErrorMentioning([] { DistributedEnvironment::firstHost("", "SLURM_NODELIST"); },
                                    {"SLURM_NODELIST", "no host"});
        test::expectErrorMentioning([] { DistributedEnvironment::firstHost("node[1-2"); }, {"node[1-2", "'['"});
        test::expectErrorMentioning([] { DistributedEnvironment::firstHost("node1]"); }, {"node1]", "']'"});
        test::expectErrorMentioning([] { DistributedEnvironment::firstHost(",node1"); }, {"no host"});
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestDistributedEnvironment)
#include "tst_DistributedEnvironment.moc"
