#include "AudioEncoderConfig.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/JsonFields.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace soundframe {

namespace {

using Json = nlohmann::ordered_json;
constexpr int kFormatVersion = 1;

[[noreturn]] void invalid(const std::string& where, const std::string& field, const std::string& reason)
{
    throw Error(where, "field '" + field + "': " + reason);
}

void requirePositive(const std::string& where, const std::string& field, double value)
{
    if (!(value > 0))
        invalid(where, field, "must be positive (is " + std::to_string(value) + ")");
}

void requireOneOf(const std::string& where, const std::string& field, const std::string& value,
                  std::initializer_list<const char*> allowed)
{
    std::string list;
    for (const char* a : allowed) {
        if (value == a)
            return;
        list += std::string(list.empty() ? "" : ", ") + "\"" + a + "\"";
    }
    invalid(where, field, "\"" + value + "\" is not one of " + list);
}

void requireDropout(const std::string& where, const std::string& field, double p)
{
    if (!(p >= 0 && p < 1))
        invalid(where, field, "dropout must be in [0, 1)");
}

} // namespace

std::vector<int> AudioEncoderConfig::cnnChannels() const
{
    if (!cnn.channels.empty())
        return cnn.channels;
    if (cnn.variant == "cnn14")
        return {64, 128, 256, 512, 1024, 2048};
    return {64, 128, 256, 512};
}

int64_t AudioEncoderConfig::framesFor(double seconds) const
{
    const auto samples = int64_t(std::llround(seconds * logMel.sampleRate));  // as AudioFrontEnd cuts clips
    return samples / logMel.hopLength + 1;
}

void AudioEncoderConfig::validate(const std::string& where) const
{
    requireOneOf(where, "architecture", architecture, {"cnn", "transformer"});
    requirePositive(where, "embed_dim", embedDim);
    requirePositive(where, "clip_seconds", clipSeconds);

    requirePositive(where, "log_mel.sample_rate", logMel.sampleRate);
    requirePositive(where, "log_mel.n_fft", logMel.nFft);
    requirePositive(where, "log_mel.win_length", logMel.winLength);
    requirePositive(where, "log_mel.hop_length", logMel.hopLength);
    requirePositive(where, "log_mel.n_mels", logMel.nMels);
    if (logMel.winLength > logMel.nFft)
        invalid(where, "log_mel.win_length", "must not exceed n_fft");
    if (!(logMel.fMin >= 0 && logMel.fMin < logMel.fMax && logMel.fMax <= logMel.sampleRate / 2.0))
        invalid(where, "log_mel.f_max", "need 0 <= f_min < f_max <= sample_rate / 2");
    requirePositive(where, "log_mel.log_offset", logMel.logOffset);

    if (architecture == "cnn") {
        if (cnn.channels.empty())
            requireOneOf(where, "cnn.variant", cnn.variant, {"cnn10", "cnn14"});
        for (int c : cnn.channels)
            requirePositive(where, "cnn.channels", c);
        requireDropout(where, "cnn.block_dropout", cnn.blockDropout);
        requireDropout(where, "cnn.head_dropout", cnn.headDropout);
        // Each of the first five blocks halves both axes; the mel axis must survive them.
        const auto blocks = std::min<size_t>(cnnChannels().size(), 5);
        if ((logMel.nMels >> blocks) < 1)
            invalid(where, "log_mel.n_mels", std::to_string(logMel.nMels) + " mel bins vanish after "
                                                 + std::to_string(blocks) + " 2x2 poolings");
        return;
    }

    const auto& t = transformer;
    requirePositive(where, "transformer.patch_mel", t.patchMel);
    requirePositive(where, "transformer.patch_time", t.patchTime);
    requirePositive(where, "transformer.stride_mel", t.strideMel);
    requirePositive(where, "transformer.stride_time", t.strideTime);
    requirePositive(where, "transformer.hidden_size", t.hiddenSize);
    requirePositive(where, "transformer.layers", t.layers);
    requirePositive(where, "transformer.heads", t.heads);
    requirePositive(where, "transformer.mlp_size", t.mlpSize);
    requirePositive(where, "transformer.max_time_patches", t.maxTimePatches);
    requirePositive(where, "transformer.layer_norm_eps", t.layerNormEps);
    if (t.hiddenSize % t.heads != 0)
        invalid(where, "transformer.heads", "hidden_size " + std::to_string(t.hiddenSize)
                                                + " is not a multiple of " + std::to_string(t.heads));
    if (t.patchMel > logMel.nMels)
        invalid(where, "transformer.patch_mel", "larger than log_mel.n_mels");
    requireOneOf(where, "transformer.activation", t.activation, {"quick_gelu", "gelu"});
    requireOneOf(where, "transformer.pooling", t.pooling, {"cls", "mean"});
    requireOneOf(where, "transformer.clip_patch_reduce", t.clipPatchReduce, {"sum", "mean"});
    const auto frames = framesFor(clipSeconds);
    const auto timePatches = frames < t.patchTime ? 0 : (frames - t.patchTime) / t.strideTime + 1;
    if (timePatches > t.maxTimePatches)
        invalid(where, "transformer.max_time_patches",
                std::to_string(t.maxTimePatches) + " is less than the " + std::to_string(timePatches)
                    + " time patches of a " + std::to_string(clipSeconds) + " s clip");
}

std::string audioEncoderConfigToJson(const AudioEncoderConfig& c)
{
    Json j;
    j["format_version"] = kFormatVersion;
    j["architecture"] = c.architecture;
    j["embed_dim"] = c.embedDim;
    j["clip_seconds"] = c.clipSeconds;
    j["log_mel"] = {{"sample_rate", c.logMel.sampleRate}, {"n_fft", c.logMel.nFft},
                    {"win_length", c.logMel.winLength}, {"hop_length", c.logMel.hopLength},
                    {"n_mels", c.logMel.nMels},         {"f_min", c.logMel.fMin},
                    {"f_max", c.logMel.fMax},           {"log_offset", c.logMel.logOffset}};
    j["cnn"] = {{"variant", c.cnn.variant}, {"channels", c.cnn.channels},
                {"block_dropout", c.cnn.blockDropout}, {"head_dropout", c.cnn.headDropout}};
    const auto& t = c.transformer;
    j["transformer"] = {{"patch_mel", t.patchMel},       {"patch_time", t.patchTime},
                        {"stride_mel", t.strideMel},     {"stride_time", t.strideTime},
                        {"hidden_size", t.hiddenSize},   {"layers", t.layers},
                        {"heads", t.heads},              {"mlp_size", t.mlpSize},
                        {"max_time_patches", t.maxTimePatches}, {"activation", t.activation},
                        {"layer_norm_eps", t.layerNormEps},     {"pooling", t.pooling},
                        {"clip_patch_reduce", t.clipPatchReduce}};
    return j.dump(2) + "\n";
}

AudioEncoderConfig audioEncoderConfigFromJson(const std::string& text, const std::string& where)
{
    // Strict: our own format, so a typo in a named config must not silently fall back to a default.
    JsonFields top = JsonFields::parse(text, where);
    int version = kFormatVersion;
    top.read("format_version", version);
    if (version > kFormatVersion)
        top.fail("format_version", std::to_string(version) + " is newer than this program reads ("
                                       + std::to_string(kFormatVersion) + ")");
    AudioEncoderConfig c;
    top.read("architecture", c.architecture);
    top.read("embed_dim", c.embedDim);
    top.read("clip_seconds", c.clipSeconds);

    JsonFields m = top.child("log_mel");
    m.read("sample_rate", c.logMel.sampleRate);
    m.read("n_fft", c.logMel.nFft);
    m.read("win_length", c.logMel.winLength);
    m.read("hop_length", c.logMel.hopLength);
    m.read("n_mels", c.logMel.nMels);
    m.read("f_min", c.logMel.fMin);
    m.read("f_max", c.logMel.fMax);
    m.read("log_offset", c.logMel.logOffset);
    m.finish();

    JsonFields cnn = top.child("cnn");
    cnn.read("variant", c.cnn.variant);
    cnn.read("channels", c.cnn.channels);
    cnn.read("block_dropout", c.cnn.blockDropout);
    cnn.read("head_dropout", c.cnn.headDropout);
    cnn.finish();

    auto& t = c.transformer;
    JsonFields r = top.child("transformer");
    r.read("patch_mel", t.patchMel);
    r.read("patch_time", t.patchTime);
    r.read("stride_mel", t.strideMel);
    r.read("stride_time", t.strideTime);
    r.read("hidden_size", t.hiddenSize);
    r.read("layers", t.layers);
    r.read("heads", t.heads);
    r.read("mlp_size", t.mlpSize);
    r.read("max_time_patches", t.maxTimePatches);
    r.read("activation", t.activation);
    r.read("layer_norm_eps", t.layerNormEps);
    r.read("pooling", t.pooling);
    r.read("clip_patch_reduce", t.clipPatchReduce);
    r.finish();

    top.finish();
    c.validate(where);
    return c;
}

AudioEncoderConfig readAudioEncoderConfig(const std::filesystem::path& path)
{
    return audioEncoderConfigFromJson(readFileText(path, "audio encoder config"), path.string());
}

void writeAudioEncoderConfig(const AudioEncoderConfig& config, const std::filesystem::path& path)
{
    config.validate(path.string());
    writeFileAtomically(path, audioEncoderConfigToJson(config));
}

} // namespace soundframe
