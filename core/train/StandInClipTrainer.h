#pragma once
// StandInClipTrainer: stage 0 — trains a small CLIP-architecture image-text model from
// image-caption pairs, for worlds where no real CLIP checkpoint is available (the demo).
//
//   StandInClipOptions o;
//   o.pairsFile = "demo/image-captions.jsonl";
//   o.outDir = "demo/runs/standin-clip";
//   StandInClipResult r = StandInClipTrainer(o).run(hooks);
//   ClipModel clip = ClipModel::load(o.outDir);        // the same loader as for real CLIP
//
// The result is NOT CLIP: it is the same architecture (ClipModel, ClipTokenizer) at a small size,
// trained only on the given pairs, saved in the Hugging Face layout (config.json,
// model.safetensors, vocab.json, merges.txt, preprocessor_config.json) so the rest of SoundFrame,
// and Python users, load it exactly like a real checkpoint. Its BPE vocabulary is learned from
// the captions (BpeTrainer). Deterministic for a seed and thread count.
//
// Pairs file: JSON lines {"path": IMAGE, "captions": ["...", ...]} ("image" is accepted for "path");
// relative paths start at the file's folder. Unreadable images are skipped and counted.
#include "base/JobHooks.h"

#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct StandInClipOptions {
    std::filesystem::path pairsFile;  // JSONL of images and their captions
    std::filesystem::path outDir;     // written in the Hugging Face CLIP layout
    int imageSize = 64;               // square input side, pixels
    int patchSize = 8;                // ViT patch side, pixels (divides imageSize)
    int width = 128;                  // hidden size of both towers
    int layers = 4;                   // transformer blocks per tower
    int heads = 4;                    // attention heads (divide width)
    int projectionDim = 128;          // joint embedding size
    int contextLength = 32;           // text tokens, start and end tokens included
    int vocabSize = 2048;             // BPE vocabulary learned from the captions
    int epochs = 40;                  // passes over the images
    int batchSize = 64;               // images per step (each with one drawn caption)
    double learningRate = 5e-4;       // AdamW peak, with warm-up and cosine decay
    double weightDecay = 0.1;         // AdamW decoupled weight decay
    int seed = 1;                     // initialisation, order, caption and crop draws
    bool augment = true;              // random crops (of an image 1/8 larger) and horizontal flips
    // true: pairs of a batch whose drawn captions are the same text are neither positives nor
    // negatives of each other (InfoNceLoss groups), as a fix for few distinct captions. Off by
    // default, as in CLIP: on the demo's scenes it cost 2-3 points of frame recognition in both
    // worlds measured (docs/demo-study.md, section 2).
    bool maskDuplicateCaptions = false;
};

struct StandInClipResult {
    bool completed = false;
    int64_t images = 0;           // pairs used
    int64_t skippedImages = 0;    // unreadable images
    std::vector<std::string> skipped;  // each of them: "path: reason"
    int64_t steps = 0;
    double finalLoss = 0;
    double imageToTextRecallAt1 = 0;  // percent, on the training pairs (a sanity figure, not a score)
};

class StandInClipTrainer {
public:
    explicit StandInClipTrainer(StandInClipOptions options);
    StandInClipResult run(const JobHooks& hooks = {});

private:
    StandInClipOptions m_options;
};

} // namespace soundframe
