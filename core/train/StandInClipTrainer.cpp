#include "StandInClipTrainer.h"

#include "EpochPlan.h"
#include "InfoNceLoss.h"
#include "LearningRateSchedule.h"
#include "base/Error.h"
#include "eval/RetrievalEvaluation.h"
#include "media/ImageFile.h"
#include "media/ImageResize.h"
#include "model/BpeTrainer.h"
#include "model/ClipImagePreprocessor.h"
#include "model/ClipModel.h"
#include "model/ClipTokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <map>

namespace soundframe {

namespace fs = std::filesystem;

namespace {
struct ImageCaptionPairs {
    std::vector<RgbImage> images;                // (imageSize + margin) squares
    std::vector<std::vector<std::string>> captions;
    std::vector<std::string> skipped;  // "path: reason"
};

ImageCaptionPairs readImageCaptionPairs(const StandInClipOptions& o, int side)
{
    std::ifstream in(o.pairsFile);
    if (!in)
        throw Error(o.pairsFile, "cannot open the image-caption pairs");
    ImageCaptionPairs pairs;
    std::string line;
    int lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception&) {
            throw Error(o.pairsFile.string() + ":" + std::to_string(lineNumber), "not a JSON object");
        }
        const std::string key = j.contains("path") ? "path" : "image";
        if (!j.contains(key) || !j[key].is_string() || !j.contains("captions") || !j["captions"].is_array()
            || j["captions"].empty())
            throw Error(o.pairsFile.string() + ":" + std::to_string(lineNumber), "needs \"path\" and \"captions\"");
        fs::path image = j[key].get<std::string>();
        if (image.is_relative())
            image = o.pairsFile.parent_path() / image;
        try {
            pairs.images.push_back(resizeShorterSideAndCentreCrop(readImageFile(image), side));
        } catch (const Error& e) {
            pairs.skipped.push_back(e.what());
            continue;
        }
        pairs.captions.push_back(j["captions"].get<std::vector<std::string>>());
    }
    if (pairs.images.size() < 2)
        throw Error(o.pairsFile, "fewer than two readable images: nothing to contrast");
    return pairs;
}

// Equal texts share a group id: [N] int64.
torch::Tensor captionGroups(const std::vector<std::string>& texts)
{
    std::map<std::string, int64_t> ids;
    auto groups = torch::empty({int64_t(texts.size())}, torch::kInt64);
    for (size_t i = 0; i < texts.size(); ++i)
        groups[int64_t(i)] = ids.emplace(texts[i], int64_t(ids.size())).first->second;
    return groups;
}

// The batch's token columns up to its longest caption's end token. The text tower's causal mask keeps
// each caption's end token, where it is pooled, from seeing the padding after it, so the columns
// left out change nothing but the time: on the demo a batch needs about 12 of its 16 columns, and the
// stand-in trains 6% faster (docs/demo-study.md section 28).
torch::Tensor withoutTrailingPadding(const torch::Tensor& ids, int64_t endId)
{
    const auto ends = ids.eq(endId).to(torch::kInt32).argmax(1);  // each row's first end token
    return ids.narrow(1, 0, ends.max().item<int64_t>() + 1);
}

ClipConfig standInConfig(const StandInClipOptions& o, const ClipTokenizer& tokenizer)
{
    ClipConfig c;
    c.vision.hiddenSize = o.width;
    c.vision.intermediateSize = 4 * o.width;
    c.vision.numAttentionHeads = o.heads;
    c.vision.numHiddenLayers = o.layers;
    c.vision.imageSize = o.imageSize;
    c.vision.patchSize = o.patchSize;
    c.vision.projectionDim = o.projectionDim;
    c.text.vocabSize = int(tokenizer.vocabSize());
    c.text.hiddenSize = o.width;
    c.text.intermediateSize = 4 * o.width;
    c.text.numAttentionHeads = o.heads;
    c.text.numHiddenLayers = o.layers;
    c.text.maxPositionEmbeddings = o.contextLength;
    c.text.bosTokenId = tokenizer.startId();
    c.text.eosTokenId = tokenizer.endId();
    c.text.padTokenId = tokenizer.endId();
    c.text.projectionDim = o.projectionDim;
    c.projectionDim = o.projectionDim;
    c.validate("stand-in CLIP options");
    return c;
}
} // namespace

StandInClipTrainer::StandInClipTrainer(StandInClipOptions options) : m_options(std::move(options)) {}

StandInClipResult StandInClipTrainer::run(const JobHooks& hooks)
{
    const auto& o = m_options;
    if (o.outDir.empty())
        throw Error("stand-in CLIP: no output folder given");
    const int margin = o.augment ? std::max(1, o.imageSize / 8) : 0;
    const ImageCaptionPairs pairs = readImageCaptionPairs(o, o.imageSize + margin);

    // The tokenizer learns its vocabulary from the captions it will have to read.
    const fs::path tokenizerDir = o.outDir / ".tokenizer";
    BpeTrainerOptions bpe;
    bpe.vocabSize = o.vocabSize;
    BpeTrainer bpeTrainer(bpe);
    for (const auto& captions : pairs.captions)
        for (const auto& caption : captions)
            bpeTrainer.addText(caption);
    bpeTrainer.train();
    bpeTrainer.save(tokenizerDir);
    const auto tokenizer = ClipTokenizer::fromDirectory(tokenizerDir);

    torch::manual_seed(uint64_t(o.seed));
    ClipModel model(standInConfig(o, tokenizer));
    model->train();
    const ClipImagePreprocessor preprocessor(ClipImagePreprocessorConfig::forImageSize(o.imageSize));
    const auto images = int64_t(pairs.images.size());
    const int batch = int(std::min<int64_t>(o.batchSize, images));

    // All images normalised once at the larger size; crops are tensor slices.
    std::vector<RgbImage> squares(pairs.images.begin(), pairs.images.end());
    ClipImagePreprocessorConfig big = ClipImagePreprocessorConfig::forImageSize(o.imageSize + margin);
    const torch::Tensor pixels = ClipImagePreprocessor(big).normalize(squares);  // [N, 3, S+m, S+m]

    InfoNceLoss loss;
    std::vector<torch::optim::OptimizerParamGroup> groups{torch::optim::OptimizerParamGroup(model->parameters())};
    auto lossOptions = std::make_unique<torch::optim::AdamWOptions>(o.learningRate);
    lossOptions->weight_decay(0.0);
    groups.emplace_back(loss->parameters(), std::move(lossOptions));
    torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));

    const EpochPlan plan(images, batch, uint64_t(o.seed));
    const int64_t total = int64_t(o.epochs) * plan.batchesPerEpoch();
    const int64_t warmup = total / 20;
    StandInClipResult result;
    result.images = images;
    result.skippedImages = int64_t(pairs.skipped.size());
    result.skipped = pairs.skipped;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        for (int64_t b = 0; b < plan.batchesPerEpoch(); ++b) {
            if (hooks.cancelled())
                return result;
            const double lr = learningRateAt(result.steps, total, warmup, o.learningRate);
            for (auto& group : optimizer.param_groups())
                group.options().set_lr(lr);
            std::vector<torch::Tensor> crops;
            std::vector<std::string> texts;
            for (int64_t item : plan.globalBatch(epoch, b)) {
                const int64_t dx = o.augment ? EpochPlan::draw(uint64_t(o.seed), epoch, item, 11, margin + 1) : 0;
                const int64_t dy = o.augment ? EpochPlan::draw(uint64_t(o.seed), epoch, item, 12, margin + 1) : 0;
                auto crop = pixels[item].slice(1, dy, dy + o.imageSize).slice(2, dx, dx + o.imageSize);
                if (o.augment && EpochPlan::draw(uint64_t(o.seed), epoch, item, 13, 2))
                    crop = crop.flip({2});
                crops.push_back(crop);
                const auto& captions = pairs.captions[size_t(item)];
                texts.push_back(captions[size_t(EpochPlan::draw(uint64_t(o.seed), epoch, item,
                                                                EpochPlan::kCaptionSalt, int64_t(captions.size())))]);
            }
            auto ids = torch::empty({int64_t(texts.size()), o.contextLength}, torch::kInt64);
            for (size_t i = 0; i < texts.size(); ++i)
                ids[int64_t(i)] = torch::tensor(tokenizer.tokenize(texts[i], o.contextLength), torch::kInt64);
            torch::Tensor groups;
            if (o.maskDuplicateCaptions)
                groups = captionGroups(texts);
            const auto value = loss(model->imageFeatures(torch::stack(crops)),
                                    model->textFeatures(withoutTrailingPadding(ids, tokenizer.endId())), groups);
            result.finalLoss = value.item<double>();
            if (!std::isfinite(result.finalLoss))
                throw Error(o.outDir, "stand-in CLIP training diverged (loss " + std::to_string(result.finalLoss)
                                          + "); lower the learning rate");
            optimizer.zero_grad();
            value.backward();
            torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
            optimizer.step();
            ++result.steps;
            hooks.report({"train-clip", result.steps, total, "loss " + std::to_string(result.finalLoss)});
        }
    }

    model->eval();
    {
        torch::NoGradGuard noGrad;
        model->logit_scale.copy_(loss->logitScaleParameter().detach());
        // Sanity figure: each image against the first caption of every image.
        std::vector<std::string> first;
        for (const auto& captions : pairs.captions)
            first.push_back(captions.front());
        auto ids = torch::empty({images, o.contextLength}, torch::kInt64);
        for (int64_t i = 0; i < images; ++i)
            ids[i] = torch::tensor(tokenizer.tokenize(first[size_t(i)], o.contextLength), torch::kInt64);
        const auto centre = pixels.slice(2, margin / 2, margin / 2 + o.imageSize).slice(3, margin / 2, margin / 2 + o.imageSize);
        const auto sim = cosineSimilarity(model->imageFeatures(centre), model->textFeatures(ids));
        std::vector<std::vector<int64_t>> relevant;
        for (int64_t i = 0; i < images; ++i) {
            std::vector<int64_t> same;  // images sharing a first caption count as relevant too
            for (int64_t j = 0; j < images; ++j)
                if (first[size_t(j)] == first[size_t(i)])
                    same.push_back(j);
            relevant.push_back(same);
        }
        result.imageToTextRecallAt1 = retrievalScores(sim, relevant).recallAt1;
    }
    model->save(o.outDir, tokenizerDir);
    std::error_code ec;
    fs::remove_all(tokenizerDir, ec);
    result.completed = true;
    return result;
}

} // namespace soundframe
