#include "AudioEncoderConfig.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace soundframe {

namespace {

using Json = nlohmann::ordered_json;
constexpr int kFormatVersion = 1;

// Reads the fields of one JSON object, naming each by its dotted path in Errors, and rejects
// keys nobody asked for (a typo in a named config must not silently fall back to a default).
class ObjectReader {
public:
    ObjectReader(const Json& object, std::string prefix, const std::string& where)
        : m_object(object), m_prefix(std::move(prefix)), m_where(where)
    {
        if (!m_object.is_object())
            fail(m_prefix.empty() ? std::string("top level") : m_prefix.substr(0, m_prefix.size() - 1),
                 "expected a JSON object");
    }

    template <typename T>
    void take(const char* key, T& out)
    {
        m_known.insert(key);
        const auto it = m_object.find(key);
        if (it == m_object.end())
            return;
        try {
            if constexpr (std::is_same_v<T, int>) {
                if (!it->is_number_integer() || it->template get<int64_t>() != it->template get<int>()
                    || (it->is_number_unsigned() && it->template get<uint64_t>() > uint64_t(INT32_MAX)))
                    throw std::invalid_argument("expected an integer (32-bit)");
                out = it->template get<int>();
            } else if constexpr (std::is_same_v<T, double>) {
                if (!it->is_number())
                    throw std::invalid_argument("expected a number");
                out = it->template get<double>();
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (!it->is_string())
                    throw std::invalid_argument("expected a string");
                out = it->template get<std::string>();
            } else {
                if (!it->is_array())
                    throw std::invalid_argument("expected an array of integers");
                out.clear();
                for (const auto& v : *it) {
                    if (!v.is_number_integer() || v.template get<int64_t>() != v.template get<int>()
                        || (v.is_number_unsigned() && v.template get<uint64_t>() > uint64_t(INT32_MAX)))
                        throw std::invalid_argument("expected an array of integers");
                    out.push_back(v.template get<int>());
                }
            }
        } catch (const std::exception& e) {
            fail(m_prefix + key, e.what());
        }
    }

    const Json* child(const char* key)
    {
        m_known.insert(key);
        const auto it = m_object.find(key);
        return it == m_object.end() ? nullptr : &*it;
    }

    void rejectUnknown() const
    {
        for (const auto& item : m_object.items())
            if (!m_known.count(item.key()))
                fail(m_prefix + item.key(), "unknown field");
    }

private:
    [[noreturn]] void fail(const std::string& field, const std::string& reason) const
    {
        throw Error(m_where, "field '" + field + "': " + reason);
    }

    const Json& m_object;
    std::string m_prefix;
    const std::string& m_where;
    std::set<std::string> m_known;
};

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
    Json j;
    try {
        j = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
    AudioEncoderConfig c;
    ObjectReader top(j, "", where);
    int version = kFormatVersion;
    top.take("format_version", version);
    if (version > kFormatVersion)
        throw Error(where, "field 'format_version': " + std::to_string(version)
                               + " is newer than this program reads (" + std::to_string(kFormatVersion) + ")");
    top.take("architecture", c.architecture);
    top.take("embed_dim", c.embedDim);
    top.take("clip_seconds", c.clipSeconds);
    if (const Json* m = top.child("log_mel")) {
        ObjectReader r(*m, "log_mel.", where);
        r.take("sample_rate", c.logMel.sampleRate);
        r.take("n_fft", c.logMel.nFft);
        r.take("win_length", c.logMel.winLength);
        r.take("hop_length", c.logMel.hopLength);
        r.take("n_mels", c.logMel.nMels);
        r.take("f_min", c.logMel.fMin);
        r.take("f_max", c.logMel.fMax);
        r.take("log_offset", c.logMel.logOffset);
        r.rejectUnknown();
    }
    if (const Json* m = top.child("cnn")) {
        ObjectReader r(*m, "cnn.", where);
        r.take("variant", c.cnn.variant);
        r.take("channels", c.cnn.channels);
        r.take("block_dropout", c.cnn.blockDropout);
        r.take("head_dropout", c.cnn.headDropout);
        r.rejectUnknown();
    }
    if (const Json* m = top.child("transformer")) {
        auto& t = c.transformer;
        ObjectReader r(*m, "transformer.", where);
        r.take("patch_mel", t.patchMel);
        r.take("patch_time", t.patchTime);
        r.take("stride_mel", t.strideMel);
        r.take("stride_time", t.strideTime);
        r.take("hidden_size", t.hiddenSize);
        r.take("layers", t.layers);
        r.take("heads", t.heads);
        r.take("mlp_size", t.mlpSize);
        r.take("max_time_patches", t.maxTimePatches);
        r.take("activation", t.activation);
        r.take("layer_norm_eps", t.layerNormEps);
        r.take("pooling", t.pooling);
        r.take("clip_patch_reduce", t.clipPatchReduce);
        r.rejectUnknown();
    }
    top.rejectUnknown();
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
