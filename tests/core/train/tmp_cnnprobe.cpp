#include <torch/torch.h>
#include "SyntheticTrainingData.h"
#include "eval/CacheEmbedding.h"
#include "eval/RetrievalEvaluation.h"
#include "model/AudioFrontEnd.h"
#include "train/AudioTrainer.h"
#include <QtTest>
using namespace soundframe;
namespace fs = std::filesystem;
int main(int argc, char** argv)
{
    fs::path root = "/tmp/cnnprobe";
    fs::remove_all(root);
    test::SyntheticWorld w;
    w.writeCache(root / "train", 12, 1, "train");
    w.writeCache(root / "test", 6, 2, "test");
    auto ec = w.encoderConfig("cnn");
    if (argc > 2) { ec.cnn.blockDropout = 0; ec.cnn.headDropout = 0; }
    writeAudioEncoderConfig(ec, root / "cnn.json");
    TrainConfig c;
    c.trainCache = (root / "train").string();
    c.runDir = (root / "run").string();
    c.audioEncoderConfig = (root / "cnn.json").string();
    c.epochs = 12; c.batchSize = 8; c.learningRate = argc > 1 ? atof(argv[1]) : 1e-2; c.threads = 1;
    auto r = AudioTrainer(c).run();
    auto enc = loadAudioEncoder(r.encoderDir, torch::kCPU);
    const FrameCacheReader test(root / "test");
    for (int mode = 0; mode < 2; ++mode) {
        EvaluationEmbeddings e;
        if (mode == 0) e.audio = embedCachedAudio(enc, test, torch::kCPU);
        else {
            torch::NoGradGuard g; enc->train();
            AudioFrontEnd front(enc->config());
            std::vector<torch::Tensor> a; for (size_t i = 0; i < test.size(); ++i) a.push_back(test.load(i).audio);
            e.audio = enc->forward(front.logMel(a, torch::kCPU));
        }
        e.images = middleFrameEmbeddings(test);
        auto rep = evaluateRetrieval(e);
        printf("mode %s: R@5 %.1f meanR %.2f\n", mode ? "train" : "eval", rep.get("audio_to_image").recallAt5, rep.get("audio_to_image").meanRank);
    }
}
