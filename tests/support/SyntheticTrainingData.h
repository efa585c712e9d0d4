#pragma once
// Small generated training worlds for the training, evaluation and CLI tests and the train_step
// benchmark (bench/train_step.cpp; header-only; include it before any Qt header).
//
//   SyntheticWorld world;                                   // 4 classes, 16-dim "image" space
//   world.writeCache(dir / "train", 8, /*seed=*/1);          // 8 clips per class
//   world.writeEncoderConfig(dir / "cnn.json", "cnn");      // a tiny audio encoder
//   world.writeClip(dir / "clip", {dir / "train"});          // tiny random CLIP + BPE tokenizer
//
// Each clip belongs to one class. Its audio (8 kHz, 2 s) is a tone at the class frequency in the
// spans of the frames that "show" the source, low noise elsewhere; its L = 4 frame embeddings are
// the class vector plus noise for showing frames and pure noise for the others. The middle frame
// (L / 2) always shows the source, one or two other frames may. A random frame therefore often does
// not show what is heard; the showing frames are recorded as events[0].visibleFrames.
#include <torch/torch.h>  // first: Qt's `slots` macro (in tests) breaks LibTorch's headers

#include "base/AtomicWrite.h"
#include "data/FrameCacheReader.h"
#include "data/FrameCacheWriter.h"
#include "model/AudioEncoderConfig.h"
#include "model/BpeTrainer.h"
#include "model/ClipModel.h"
#include "model/ClipTokenizer.h"

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace soundframe::test {

struct SyntheticWorld {
    int classes = 4;           // sound classes
    int dim = 16;              // joint embedding size (cache frames, CLIP projection)
    int frames = 4;            // L
    int rate = 8000;           // Hz
    double seconds = 2.0;      // clip length
    double frameNoise = 0.35;  // noise added to showing frames' class vectors
    uint64_t worldSeed = 7;    // class vectors: shared by every cache of one world
    torch::Tensor fixedClassVectors;  // [classes, dim] unit rows used instead of random ones when defined
    bool numberedCaptions = false;    // end each caption with its clip's number, so no two clips share one
    bool withLabels = true;           // false: clips carry no class label (captions and events only)
    int folds = 0;                    // > 0: clip n carries fold n % folds + 1 (ClipRecord::fold)

    static std::string className(int k)
    {
        static const char* names[] = {"cow", "bell", "engine", "bird", "rain", "drum", "horn", "frog"};
        return names[k % 8];
    }
    static double frequency(int k) { return 300.0 * std::pow(1.8, k); }  // 300, 540, 972, 1750 Hz ...

    torch::Tensor classVectors() const
    {
        if (fixedClassVectors.defined())
            return fixedClassVectors;
        auto g = torch::make_generator<at::CPUGeneratorImpl>(worldSeed);
        auto v = torch::randn({classes, dim}, g);
        return v / v.norm(2, 1, true);
    }

    // Writes a cache of `perClass` clips per class to `dir`; ids "<prefix><n>".
    void writeCache(const std::filesystem::path& dir, int perClass, uint64_t seed, const std::string& prefix = "clip") const
    {
        CacheSettings settings;
        settings.withFrames = true;
        settings.encoderIdentity = "synthetic";
        settings.embeddingDim = dim;
        settings.frameSize = 32;
        settings.framesPerClip = frames;
        settings.audioRate = rate;
        FrameCacheWriter writer(dir, settings, 16);
        const auto vectors = classVectors();
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> normal(0.0, 1.0);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        auto g = torch::make_generator<at::CPUGeneratorImpl>(seed * 7919 + 1);
        const int64_t samples = int64_t(seconds * rate);
        int n = 0;
        for (int i = 0; i < perClass; ++i)
            for (int k = 0; k < classes; ++k, ++n) {
                CachedClip c;
                c.clip.id = prefix + std::to_string(n);
                c.clip.start = 0;
                c.clip.end = seconds;
                if (withLabels)
                    c.clip.labels = {className(k)};
                if (folds > 0)
                    c.clip.fold = n % folds + 1;
                static const char* patterns[] = {"a %s is heard", "the sound of a %s", "someone hears a %s nearby"};
                for (const char* pattern : patterns) {
                    char caption[128];
                    std::snprintf(caption, sizeof caption, pattern, className(k).c_str());
                    c.clip.captions.push_back(numberedCaptions ? std::string(caption) + " " + std::to_string(n) : caption);
                }
                SoundEvent event;
                event.label = className(k);
                event.start = 0;
                event.end = seconds;
                std::vector<bool> shows(size_t(frames), false);
                for (int l = 0; l < frames; ++l)
                    shows[size_t(l)] = l == frames / 2 || uniform(rng) < 0.4;
                auto emb = torch::randn({frames, dim}, g) / std::sqrt(double(dim));
                auto audio = torch::empty({samples}, torch::kFloat32);
                auto* a = audio.data_ptr<float>();
                const double phase = uniform(rng) * 6.28;
                for (int64_t s = 0; s < samples; ++s) {
                    const int span = int(s * frames / samples);
                    double v = 0.02 * normal(rng);
                    if (shows[size_t(span)])
                        v += 0.5 * std::sin(2 * M_PI * frequency(k) * double(s) / rate + phase);
                    a[s] = float(v);
                }
                for (int l = 0; l < frames; ++l) {
                    c.frameSeconds.push_back((l + 0.5) * seconds / frames);
                    if (shows[size_t(l)]) {
                        emb[l] = vectors[k] + frameNoise * emb[l];
                        event.visibleFrames.push_back(l);
                    }
                }
                c.clip.events.push_back(event);
                c.frameEmbeddings = emb;
                c.audio = audio;
                writer.add(std::move(c));
            }
        writer.flush();
    }

    // A tiny audio encoder: "cnn" (2 blocks of 8 and 16 channels) or "transformer" (1 layer, no
    // dropout, no BatchNorm).
    AudioEncoderConfig encoderConfig(const std::string& architecture) const
    {
        AudioEncoderConfig c;
        c.architecture = architecture;
        c.embedDim = dim;
        c.clipSeconds = seconds;
        c.logMel.sampleRate = rate;
        c.logMel.nFft = 256;
        c.logMel.winLength = 200;
        c.logMel.hopLength = 80;
        c.logMel.nMels = 32;
        c.logMel.fMax = rate / 2.0;
        c.cnn.channels = {8, 16};
        c.cnn.blockDropout = 0.1;
        c.cnn.headDropout = 0.1;
        c.transformer.patchMel = 8;
        c.transformer.patchTime = 10;
        c.transformer.strideMel = 8;
        c.transformer.strideTime = 10;
        c.transformer.hiddenSize = 32;
        c.transformer.layers = 1;
        c.transformer.heads = 2;
        c.transformer.mlpSize = 64;
        c.transformer.maxTimePatches = 32;
        c.transformer.pooling = "mean";
        return c;
    }
    void writeEncoderConfig(const std::filesystem::path& file, const std::string& architecture) const
    {
        writeAudioEncoderConfig(encoderConfig(architecture), file);
    }

    // A tiny random CLIP (text and vision towers) whose tokenizer is trained on the caches' captions.
    void writeClip(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& caches,
                   uint64_t seed = 3) const
    {
        BpeTrainerOptions options;
        options.vocabSize = 600;
        options.minFrequency = 1;
        BpeTrainer bpe(options);
        for (const auto& cacheDir : caches) {
            const FrameCacheReader cache(cacheDir);
            for (size_t i = 0; i < cache.size(); ++i)
                for (const auto& caption : cache.record(i).captions)
                    bpe.addText(caption);
        }
        for (int k = 0; k < classes; ++k)
            bpe.addText("the sound of a " + className(k));
        bpe.train();
        const auto tokenizerDir = dir.parent_path() / (dir.filename().string() + "-tokenizer");
        bpe.save(tokenizerDir);
        const auto tokenizer = ClipTokenizer::fromDirectory(tokenizerDir);
        ClipConfig config;
        config.projectionDim = dim;
        config.text.vocabSize = int(tokenizer.vocabSize());
        config.text.hiddenSize = 32;
        config.text.intermediateSize = 64;
        config.text.numAttentionHeads = 2;
        config.text.numHiddenLayers = 2;
        config.text.maxPositionEmbeddings = 16;
        config.text.bosTokenId = tokenizer.startId();
        config.text.eosTokenId = tokenizer.endId();
        config.text.projectionDim = dim;
        config.vision.hiddenSize = 32;
        config.vision.intermediateSize = 64;
        config.vision.numAttentionHeads = 2;
        config.vision.numHiddenLayers = 1;
        config.vision.imageSize = 32;
        config.vision.patchSize = 16;
        config.vision.projectionDim = dim;
        torch::manual_seed(seed);
        ClipModel clip(config);
        clip->save(dir, tokenizerDir);
    }
};

} // namespace soundframe::test
