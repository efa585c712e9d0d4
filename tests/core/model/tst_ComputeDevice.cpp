// parseComputeDevice: accepted spellings, clear errors, and a bare cuda meaning the local rank's GPU.
#include "base/Error.h"
#include "model/ComputeDevice.h"

#include <QtTest>

#include "TestRegistry.h"
#include <torch/cuda.h>

using namespace soundframe;

class TestComputeDevice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cpuAndAuto()
    {
        QVERIFY(parseComputeDevice("cpu").is_cpu());
        QCOMPARE(parseComputeDevice("auto").is_cuda(), torch::cuda::is_available());
    }
    void malformedNamesAreErrors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, parseComputeDevice("gpu"));
        QVERIFY_THROWS_EXCEPTION(Error, parseComputeDevice("cuda:x"));
        QVERIFY_THROWS_EXCEPTION(Error, parseComputeDevice("cuda:-1"));
        QVERIFY_THROWS_EXCEPTION(Error, parseComputeDevice("cuda:"));
    }
    void bareCudaMeansTheLocalGpu()
    {
        QVERIFY(parseComputeDevice("cpu", 3).is_cpu());
        if (!torch::cuda::is_available())
            QSKIP("needs a GPU");
        const int visible = int(torch::cuda::device_count());
        QCOMPARE(int(parseComputeDevice("cuda", visible - 1).index()), visible - 1);
        QCOMPARE(int(parseComputeDevice("auto", visible - 1).index()), visible - 1);
        QCOMPARE(int(parseComputeDevice("cuda:0", visible - 1).index()), 0);
        if (visible == 1)
            QCOMPARE(int(parseComputeDevice("cuda", 5).index()), 0);  // the one GPU this process was given
        else
            QVERIFY_THROWS_EXCEPTION(Error, parseComputeDevice("cuda", visible));
    }
    void cudaWithoutGpuSaysWhy()
    {
        if (torch::cuda::is_available())
            QSKIP("a GPU is present");
        try {
            parseComputeDevice("cuda");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("no CUDA"));
        }
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestComputeDevice)
#include "tst_ComputeDevice.moc"
