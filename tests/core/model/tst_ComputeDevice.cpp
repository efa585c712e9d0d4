// parseComputeDevice: accepted spellings and clear errors.
#include "base/Error.h"
#include "model/ComputeDevice.h"

#include <QtTest>
#include <torch/cuda.h>

using namespace soundframe;

class TestComputeDevice : public QObject {
    Q_OBJECT
private slots:
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

QTEST_GUILESS_MAIN(TestComputeDevice)
#include "tst_ComputeDevice.moc"
