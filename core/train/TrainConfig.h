#pragma once
// TrainConfig: everything that defines a training run (stage 1 audio-image pretraining or stage 2
// audio-text fine-tuning), saved as RUN/config.json so a run can be resumed and compared.
//
//   TrainConfig c = TrainConfig::fromJsonFile("resources/configs/demo-stage1.json");  // defaults + what the file names
//   c.matching = "nearest";                                          // flag overrides
//   c.validate();
//
// JSON keys are the snake_case of the fields; a file overrides only the keys it names, and an
// unknown key or a wrong type is an Error naming the file and key. Defaults are the method's
// documented choices (docs/method.md) at a scale a CPU can train.
#include "TrainStage.h"
#include "WarmupMatching.h"

#include <filesystem>
#include <string>

namespace soundframe {

struct TrainConfig {
    // What to train
    TrainStage stage = TrainStage::Pretrain;  // JSON "tag", "pretrain" or "finetune"
    // Stage 1 frame pairing: a name in ClipPairingRegistry ("random", "nearest", "multiframe", or one
    // a program registers), so a new pairing needs no change here.
    std::string matching = "random";
    int nearestWarmupEpochs = 1;      // nearest: epochs before the argmax takes over (n)
    WarmupMatching nearestWarmupMatching = WarmupMatching::Random;  // nearest: how the warm-up epochs pair
    // nearest: score frame l by cos(f(a), g(i_l)) less its mean cosine with the batch's clips' audio
    // (a hubness correction, ours, not the paper's); false: the paper's plain argmax
    bool nearestCentred = false;
    double segmentSeconds = 1.0;      // multiframe: audio segment length around each frame time
    bool maskSameClipNegatives = false;  // multiframe: leave a clip's other segments out of its softmax

    // Data and models
    std::string trainCache;           // prepared cache (soundframe-cli prepare) to train on
    std::string valCache;             // optional prepared cache for per-epoch validation recalls
    // Optional prepared cache of held-out clips to watch (stage 1): at every epoch end rank 0 records
    // each clip's frame l* = argmax_l cos(f(a), g(i_l)) under the current encoder in
    // RUN/watched_picks.jsonl — even in Nearest's warm-up and for Random and Multiframe runs. For
    // inspection only (the app's Alignment view); training never reads it. An audio-only cache has
    // nothing to watch and records nothing. It may differ on resume (it does not change the weights).
    std::string watchCache;
    std::string clipDir;              // frozen image-text model (HF layout): text tower for stage 2/eval
    std::string audioEncoderConfig;   // JSON for a new audio encoder (empty: built-in defaults)
    std::string initFrom;             // audio encoder dir to start from (stage 2 after stage 1); empty: scratch
    // How the encoder in init_from was trained: its run's matching, "tagging" for an audio tagging run,
    // empty when init_from is empty or not a run's audio-encoder folder. Recorded by AudioTrainer when
    // the run starts, so a stage-2 run says which stage 1 it continues without its parent run.
    std::string initFromMatching;
    std::string runDir;               // where config, checkpoints, metrics and the model go
    // Keep the audio encoder's first K blocks (CNN: bn0 and conv blocks 1..K; transformer: the
    // embeddings and layers 1..K) as init_from left them and train the rest — the partial
    // fine-tune of a pretrained encoder. 0: f trains whole, as the method describes.
    int frozenAudioBlocks = 0;

    // Optimisation
    int epochs = 10;                  // passes over the training cache
    int batchSize = 32;               // clips per global batch (all ranks together)
    double learningRate = 3e-4;       // AdamW peak learning rate
    double weightDecay = 0.01;        // AdamW decoupled weight decay
    double warmupFraction = 0.05;     // share of all steps with a linear warm-up, then cosine to 0
    double gradClipNorm = 1.0;        // clip the global gradient norm; <= 0: off
    double initialTemperature = 0.07; // InfoNCE tau at the start (learnable, 1/tau <= 100)
    int textTowerTrainableBlocks = 0; // stage 2: unfreeze this many last text blocks (0: frozen)
    double textLearningRate = 1e-5;   // stage 2: learning rate of unfrozen text blocks

    // SpecAugment of the training log-mel (SpecAugment.h), any stage; 0 masks: off
    int specAugmentFrequencyMasks = 0;      // mel-band masks a clip
    int specAugmentFrequencyBins = 8;       // widest band mask, mel bins
    int specAugmentTimeMasks = 0;           // time masks a clip
    double specAugmentTimeSeconds = 0.5;    // widest time mask, seconds

    // Running
    int seed = 1;                     // data order, frame draws, initialisation
    int checkpointEverySteps = 200;   // also at every epoch end; <= 0: epoch ends only
    int keepCheckpoints = 2;          // newest checkpoints kept on disk
    std::string device = "cpu";       // "cpu", "cuda", "cuda:N" or "auto"
    int threads = 0;                  // LibTorch compute threads; 0: all cores
    // Training clips' log-mel kept in memory after their first step (LogMelCache), megabytes; 0: the
    // front end runs at every step. The weights are the same either way; only the time differs.
    int logMelCacheMegabytes = 512;
    // What the frozen_audio_blocks make of each training clip, kept in memory after its first step
    // (FrozenFeatureCache), megabytes; 0: computed at every step. Not used with SpecAugment. The
    // weights are the same either way; only the time differs.
    int frozenFeatureCacheMegabytes = 512;
    bool validateEachEpoch = true;    // compute validation recalls at every epoch end (needs valCache)

    std::string toJson() const;
    static TrainConfig fromJson(const std::string& json, const std::string& where);
    static TrainConfig fromJsonFile(const std::filesystem::path& path);
    // Overrides fields from `json` (an object with a subset of keys); Error names `where` and the key.
    void merge(const std::string& json, const std::string& where);
    // Throws Error("<where>: <field>: <reason>") for an invalid combination.
    void validate(const std::string& where = "training config") const;
    // Stage-1 epochs at the start whose frame choices are not the pairing's own: the warm-up
    // (nearestWarmupEpochs) of a matching that picks the most similar frame (Nearest), 0 for every
    // other run. A pick-accuracy figure leaves them out.
    int choiceWarmupEpochs() const;
};

} // namespace soundframe
