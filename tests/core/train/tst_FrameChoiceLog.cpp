// FrameChoiceLog: choices.jsonl reads back in file order (a torn or foreign line skipped), and
// framePerEpoch gives one clip's choice in each epoch — the epoch's last, -1 where it has none.
#include <torch/torch.h>  // before Qt: Qt's `slots` macro breaks torch's JIT headers

#include "train/FrameChoiceLog.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <fstream>

using namespace soundframe;
namespace fs = std::filesystem;

class TestFrameChoiceLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perEpochFromTheFile()
    {
        QTemporaryDir dir;
        const fs::path run(dir.path().toStdString());
        std::ofstream(run / "choices.jsonl")
            << "{\"step\":1,\"epoch\":0,\"matching\":\"nearest\",\"clip\":\"a\",\"frame\":3}" "\n"
            << "{\"step\":1,\"epoch\":0,\"matching\":\"nearest\",\"clip\":\"b\",\"frame\":1}" "\n"
            << "{\"step\":2,\"epoch\":0,\"matching\":\"nearest\",\"clip\":\"a\",\"frame\":2}" "\n"
            << "{\"step\":3,\"epoch\":2,\"matching\":\"nearest\",\"clip\":\"a\",\"frame\":0}" "\n"
            << "{\"step\":4,\"epoch\":\"x\",\"clip\":\"a\",\"frame\":1}" "\n"
            << "{\"step\":5,\"epoch\":5,\"matching\":\"nearest\",\"clip\":\"a\",\"fr";  // torn by a kill
        const auto choices = FrameChoiceLog::read(run);
        QCOMPARE(choices.size(), size_t(4));
        QCOMPARE(choices[3].epoch, 2);
        QCOMPARE(choices[3].frame, 0);

        QCOMPARE(FrameChoiceLog::framePerEpoch(choices, "a", 4), std::vector<int>({2, -1, 0, -1}));
        QCOMPARE(FrameChoiceLog::framePerEpoch(choices, "a", 2), std::vector<int>({2, -1, 0}));  // recorded past the config
        QCOMPARE(FrameChoiceLog::framePerEpoch(choices, "b", 3), std::vector<int>({1, -1, -1}));
        QVERIFY(FrameChoiceLog::framePerEpoch(choices, "c", 3).empty());
        QVERIFY(FrameChoiceLog::read(run / "missing").empty());
    }
};

SOUNDFRAME_TEST_MAIN(TestFrameChoiceLog)
#include "tst_FrameChoiceLog.moc"
