#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "EmbedCommand.h"

#include "ArgumentBytes.h"
#include "CommonOptions.h"
#include "base/Error.h"
#include "base/TorchTensors.h"
#include "media/AudioDecoder.h"
#include "media/ImageFile.h"
#include "model/AudioEncoder.h"
#include "model/AudioFrontEnd.h"
#include "model/ClipImageEmbedder.h"
#include "model/ClipTextEmbedder.h"
#include "model/ComputeDevice.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>

namespace soundframe {

namespace {
namespace fs = std::filesystem;

std::vector<std::string> readLines(const fs::path& file, bool pathList)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot open");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (pathList && line[0] == '#')
            continue;
        if (pathList) {
            const fs::path p = fs::u8path(line);
            lines.push_back(p.is_absolute() ? line : (file.parent_path() / p).lexically_normal().string());
        } else {
            lines.push_back(line);
        }
    }
    return lines;
}

struct Skipped {
    std::string path;
    std::string reason;
};

// Embeds `paths` in chunks of `batch`, loading each file with `load` (which throws Error for an
// unusable file): such files are reported and skipped, the rest embedded in order.
template <typename Item>
torch::Tensor embedFiles(const std::vector<std::string>& paths, int batch, const std::function<Item(const fs::path&)>& load,
                         const std::function<torch::Tensor(const std::vector<Item>&)>& embed,
                         std::vector<std::string>& kept, std::vector<Skipped>& skipped, std::ostream& err)
{
    std::vector<torch::Tensor> parts;
    for (size_t begin = 0; begin < paths.size(); begin += size_t(batch)) {
        std::vector<Item> items;
        for (size_t i = begin; i < std::min(paths.size(), begin + size_t(batch)); ++i) {
            try {
                items.push_back(load(fs::u8path(paths[i])));
                kept.push_back(paths[i]);
            } catch (const Error& e) {
                err << "skipped " << paths[i] << ": " << e.reason() << "\n";
                skipped.push_back({paths[i], e.reason()});
            }
        }
        if (!items.empty())
            parts.push_back(embed(items));
    }
    return parts.empty() ? torch::Tensor() : torch::cat(parts, 0);
}
} // namespace

int EmbedCommand::run(const QStringList& arguments, CliStreams& io)
{
    QCommandLineParser parser;
    CommonOptions common(parser,
                         "soundframe-cli embed (--clip DIR (--texts FILE | --images LIST) | --model DIR --audio LIST)"
                         " --out OUT.safetensors",
                         "Embed texts or images with a CLIP checkpoint (Hugging Face layout), or audio files with a "
                         "trained audio encoder, into a float32 \"embeddings\" [N, D] safetensors file. Unreadable "
                         "images or audio files are reported and skipped; the metadata lists each row's item.", {true, std::nullopt});
    const QCommandLineOption clipOpt("clip", "CLIP folder: config.json, model.safetensors, vocab.json, merges.txt.", "DIR");
    const QCommandLineOption modelOpt("model", "Audio encoder folder (config.json, model.safetensors).", "DIR");
    const QCommandLineOption textsOpt("texts", "Text file, one text per line (blank lines ignored).", "FILE");
    const QCommandLineOption imagesOpt("images", "List file, one image path per line (relative to the list).", "LIST");
    const QCommandLineOption audioOpt("audio", "List file, one audio/video path per line (relative to the list).", "LIST");
    const QCommandLineOption outOpt("out", "Output .safetensors file.", "OUT");
    const QCommandLineOption normalizeOpt("normalize", "Scale every embedding to unit length.");
    const QCommandLineOption batchOpt("batch", "Items per forward pass (default 32).", "N", "32");
    for (const auto& o : {clipOpt, modelOpt, textsOpt, imagesOpt, audioOpt, outOpt, normalizeOpt, batchOpt})
        parser.addOption(o);
    if (auto code = common.parse(arguments, io))
        return *code;

    const int inputs = int(parser.isSet(textsOpt)) + int(parser.isSet(imagesOpt)) + int(parser.isSet(audioOpt));
    if (inputs != 1)
        return common.usageError("give exactly one of --texts, --images and --audio", io);
    if (!parser.isSet(outOpt))
        return common.usageError("--out is required", io);
    const bool audio = parser.isSet(audioOpt);
    if (audio && !parser.isSet(modelOpt))
        return common.usageError("--audio needs --model DIR (a trained audio encoder)", io);
    if (!audio && !parser.isSet(clipOpt))
        return common.usageError("--texts and --images need --clip DIR", io);
    bool ok = false;
    const int batch = parser.value(batchOpt).toInt(&ok);
    if (!ok || batch < 1)
        return common.usageError("--batch takes a whole number >= 1", io);
    torch::Device device(torch::kCPU);
    try {
        device = parseComputeDevice(common.device());
    } catch (const Error& e) {
        return common.usageError(QString::fromStdString(e.what()), io);
    }

    const fs::path out = argumentPath(parser.value(outOpt));
    const fs::path modelDir = argumentPath(parser.value(audio ? modelOpt : clipOpt));
    std::string kind;
    std::vector<std::string> kept;
    std::vector<Skipped> skipped;
    torch::Tensor embeddings;
    int64_t dim = 0;

    if (parser.isSet(textsOpt)) {
        kind = "text";
        kept = readLines(argumentPath(parser.value(textsOpt)), false);
        ClipTextEmbedder embedder(modelDir, device, batch);
        dim = embedder.model()->config().projectionDim;
        embeddings = embedder.embed(kept);
    } else if (parser.isSet(imagesOpt)) {
        kind = "image";
        const auto paths = readLines(argumentPath(parser.value(imagesOpt)), true);
        ClipImageEmbedder embedder(modelDir, device, batch);
        dim = embedder.embeddingDim();
        embeddings = embedFiles<RgbImage>(
            paths, batch, [](const fs::path& p) { return readImageFile(p); },
            [&](const std::vector<RgbImage>& images) { return embedder.embed(images); }, kept, skipped, io.err);
    } else {
        kind = "audio";
        const auto paths = readLines(argumentPath(parser.value(audioOpt)), true);
        AudioEncoder encoder = loadAudioEncoder(modelDir, device);
        const AudioFrontEnd front(encoder->config());
        dim = encoder->config().embedDim;
        AudioDecodeOptions decode;
        decode.targetRate = encoder->config().logMel.sampleRate;
        torch::NoGradGuard noGrad;
        embeddings = embedFiles<torch::Tensor>(
            paths, batch,
            [&](const fs::path& p) {
                auto samples = decodeAudio(p, decode).samples;
                return torch::tensor(samples, torch::kFloat32);
            },
            [&](const std::vector<torch::Tensor>& clips) {
                return encoder->forward(front.logMel(clips, device)).to(torch::kCPU);
            },
            kept, skipped, io.err);
    }

    if (!embeddings.defined() || embeddings.size(0) == 0) {
        if (kind == "text")
            throw Error(argumentBytes(parser.value(textsOpt)), "no texts to embed");
        throw Error(argumentBytes(parser.value(kind == "image" ? imagesOpt : audioOpt)),
                    skipped.empty() ? "no files listed" : "none of the listed files could be read");
    }
    embeddings = embeddings.to(torch::kCPU, torch::kFloat32).contiguous();
    const bool normalize = parser.isSet(normalizeOpt);
    if (normalize)
        embeddings = embeddings / embeddings.norm(2, 1, true).clamp_min(1e-12);

    std::map<std::string, std::string> metadata{{"format", "soundframe-embeddings/1"},
                                                {"kind", kind},
                                                {"model", modelDir.string()},
                                                {"normalized", normalize ? "true" : "false"},
                                                {"items", nlohmann::json(kept).dump()}};
    if (!audio)  // names the checkpoint's config and weights, as caches do
        metadata["model_identity"] = ClipImageEmbedder::fingerprint(modelDir);
    nlohmann::json skippedJson = nlohmann::json::array();
    for (const auto& s : skipped)
        skippedJson.push_back({{"path", s.path}, {"reason", s.reason}});
    metadata["skipped"] = skippedJson.dump();
    saveTorchTensors(out, {{"embeddings", embeddings}}, metadata);
    const nlohmann::json summary = {{"out", out.string()},   {"kind", kind},
                                    {"rows", embeddings.size(0)}, {"dim", dim},
                                    {"skipped", skipped.size()}};
    io.out << summary.dump() << "\n";
    return ExitSuccess;
}

} // namespace soundframe
