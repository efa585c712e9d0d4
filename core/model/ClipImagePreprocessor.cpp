#include "ClipImagePreprocessor.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "media/ImageResize.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace soundframe {

namespace {
using nlohmann::json;

[[noreturn]] void fieldError(const std::string& where, const std::string& field, const std::string& reason)
{
    throw Error(where, "field '" + field + "': " + reason);
}

const json* field(const json& root, const char* key)
{
    const auto it = root.find(key);
    return it == root.end() || it->is_null() ? nullptr : &*it;
}

void readBool(const json& root, const char* key, bool& target, const std::string& where)
{
    if (const json* v = field(root, key)) {
        if (!v->is_boolean())
            fieldError(where, key, std::string("expected true or false, found ") + v->type_name());
        target = v->get<bool>();
    }
}

int positiveInt(const json& v, const std::string& name, const std::string& where)
{
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > 1 << 16)
        fieldError(where, name, "expected a positive integer, found " + v.dump());
    return int(v.get<int64_t>());
}

std::array<double, 3> readTriple(const json& v, const char* key, const std::string& where)
{
    std::array<double, 3> out{};
    if (v.is_number()) {
        out.fill(v.get<double>());
        return out;
    }
    if (!v.is_array() || v.size() != 3)
        fieldError(where, key, "expected 3 numbers (R, G, B), found " + v.dump());
    for (size_t i = 0; i < 3; ++i) {
        if (!v[i].is_number())
            fieldError(where, key, "expected 3 numbers (R, G, B), found " + v.dump());
        out[i] = v[i].get<double>();
    }
    return out;
}

RgbImage centreCrop(const RgbImage& image, int size)
{
    const int left = (image.width - size) / 2;
    const int top = (image.height - size) / 2;
    RgbImage out;
    out.width = size;
    out.height = size;
    out.pixels.resize(size_t(size) * size * 3);
    for (int y = 0; y < size; ++y)
        std::memcpy(&out.pixels[size_t(y) * size * 3], &image.pixels[(size_t(top + y) * image.width + left) * 3],
                    size_t(size) * 3);
    return out;
}
} // namespace

ClipImagePreprocessorConfig ClipImagePreprocessorConfig::forImageSize(int imageSize)
{
    ClipImagePreprocessorConfig c;
    c.shortestEdge = imageSize;
    c.cropSize = imageSize;
    return c;
}

ClipImagePreprocessorConfig ClipImagePreprocessorConfig::parse(const std::string& text, const std::string& where)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(where, std::string("malformed JSON: ") + e.what());
    }
    if (!root.is_object())
        throw Error(where, "expected a JSON object at the top level");
    ClipImagePreprocessorConfig c;
    readBool(root, "do_resize", c.doResize, where);
    readBool(root, "do_center_crop", c.doCenterCrop, where);
    readBool(root, "do_rescale", c.doRescale, where);
    readBool(root, "do_normalize", c.doNormalize, where);
    if (const json* v = field(root, "size")) {
        if (v->is_object()) {
            if (!v->contains("shortest_edge"))
                fieldError(where, "size", "only {\"shortest_edge\": N} (CLIP's resize) is supported, found " + v->dump());
            c.shortestEdge = positiveInt((*v)["shortest_edge"], "size.shortest_edge", where);
        } else {
            c.shortestEdge = positiveInt(*v, "size", where);
        }
    }
    if (const json* v = field(root, "crop_size")) {
        if (v->is_object()) {
            const auto h = v->find("height");
            const auto w = v->find("width");
            if (h == v->end() || w == v->end())
                fieldError(where, "crop_size", "expected {\"height\": N, \"width\": N}, found " + v->dump());
            c.cropSize = positiveInt(*h, "crop_size.height", where);
            if (positiveInt(*w, "crop_size.width", where) != c.cropSize)
                fieldError(where, "crop_size", "only square crops are supported, found " + v->dump());
        } else {
            c.cropSize = positiveInt(*v, "crop_size", where);
        }
    }
    if (const json* v = field(root, "resample")) {
        if (!v->is_number_integer())
            fieldError(where, "resample", "expected an integer, found " + v->dump());
        c.resample = v->get<int>();
        if (c.resample != 3)
            fieldError(where, "resample", "only 3 (bicubic) is supported, found " + v->dump());
    }
    if (const json* v = field(root, "rescale_factor")) {
        if (!v->is_number())
            fieldError(where, "rescale_factor", "expected a number, found " + v->dump());
        c.rescaleFactor = v->get<double>();
    }
    if (const json* v = field(root, "image_mean"))
        c.imageMean = readTriple(*v, "image_mean", where);
    if (const json* v = field(root, "image_std")) {
        c.imageStd = readTriple(*v, "image_std", where);
        for (double s : c.imageStd)
            if (!(s > 0))
                fieldError(where, "image_std", "must be positive, found " + v->dump());
    }
    if (c.doResize && c.doCenterCrop && c.cropSize > c.shortestEdge)
        fieldError(where, "crop_size", "a crop larger than size.shortest_edge (padding) is not supported");
    if (c.doResize && !c.doCenterCrop)
        fieldError(where, "do_center_crop", "resizing without a centre crop gives non-square images; not supported");
    return c;
}

ClipImagePreprocessorConfig ClipImagePreprocessorConfig::readFile(const std::filesystem::path& path)
{
    return parse(readFileText(path, "the preprocessor config"), path.string());
}

std::string ClipImagePreprocessorConfig::toJson() const
{
    const json root = {
        {"image_processor_type", "CLIPImageProcessor"},
        {"do_resize", doResize},
        {"size", {{"shortest_edge", shortestEdge}}},
        {"resample", resample},
        {"do_center_crop", doCenterCrop},
        {"crop_size", {{"height", cropSize}, {"width", cropSize}}},
        {"do_rescale", doRescale},
        {"rescale_factor", rescaleFactor},
        {"do_normalize", doNormalize},
        {"image_mean", imageMean},
        {"image_std", imageStd},
        {"do_convert_rgb", true},
    };
    return root.dump(2) + "\n";
}

void ClipImagePreprocessorConfig::writeFile(const std::filesystem::path& path) const
{
    writeFileAtomically(path, toJson());
}

ClipImagePreprocessor::ClipImagePreprocessor(ClipImagePreprocessorConfig config)
    : m_config(std::move(config))
{
}

ClipImagePreprocessor ClipImagePreprocessor::fromDirectory(const std::filesystem::path& dir, int imageSize)
{
    const auto file = dir / "preprocessor_config.json";
    if (std::filesystem::exists(file))
        return ClipImagePreprocessor(ClipImagePreprocessorConfig::readFile(file));
    return ClipImagePreprocessor(ClipImagePreprocessorConfig::forImageSize(imageSize));
}

int ClipImagePreprocessor::outputSize() const
{
    return m_config.doCenterCrop ? m_config.cropSize : m_config.shortestEdge;
}

RgbImage ClipImagePreprocessor::resizeAndCrop(const RgbImage& image) const
{
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 3)
        throw Error("CLIP preprocessing: empty or inconsistent image");
    const int s = outputSize();
    if (image.width == s && image.height == s)
        return image;
    if (m_config.doResize) {
        // Cropping the resized square again equals one centre crop up to a pixel of rounding.
        const auto resized = resizeShorterSideAndCentreCrop(image, m_config.shortestEdge);
        return m_config.cropSize == m_config.shortestEdge ? resized : centreCrop(resized, m_config.cropSize);
    }
    if (m_config.doCenterCrop && image.width >= s && image.height >= s)
        return centreCrop(image, s);
    throw Error("CLIP preprocessing: a " + std::to_string(image.width) + "x" + std::to_string(image.height)
                + " image cannot become " + std::to_string(s) + "x" + std::to_string(s) + " without resizing");
}

torch::Tensor ClipImagePreprocessor::process(const std::vector<RgbImage>& images) const
{
    std::vector<RgbImage> squares;
    squares.reserve(images.size());
    for (const auto& image : images)
        squares.push_back(resizeAndCrop(image));
    return normalize(squares);
}

torch::Tensor ClipImagePreprocessor::normalize(const std::vector<RgbImage>& squareImages) const
{
    const int s = outputSize();
    auto out = torch::empty({int64_t(squareImages.size()), 3, s, s}, torch::kFloat32);
    float* dst = out.data_ptr<float>();
    const size_t plane = size_t(s) * s;
    float scale[3], offset[3];
    for (int c = 0; c < 3; ++c) {
        const double r = m_config.doRescale ? m_config.rescaleFactor : 1.0;
        const double mean = m_config.doNormalize ? m_config.imageMean[size_t(c)] : 0.0;
        const double std = m_config.doNormalize ? m_config.imageStd[size_t(c)] : 1.0;
        scale[c] = float(r / std);
        offset[c] = float(-mean / std);
    }
    for (size_t n = 0; n < squareImages.size(); ++n) {
        const RgbImage& image = squareImages[n];
        if (image.width != s || image.height != s || image.pixels.size() != plane * 3)
            throw Error("CLIP preprocessing: expected a " + std::to_string(s) + "x" + std::to_string(s) + " image, got "
                        + std::to_string(image.width) + "x" + std::to_string(image.height));
        const uint8_t* src = image.pixels.data();
        float* base = dst + n * 3 * plane;
        for (size_t i = 0; i < plane; ++i)
            for (int c = 0; c < 3; ++c)
                base[size_t(c) * plane + i] = float(src[i * 3 + size_t(c)]) * scale[c] + offset[c];
    }
    return out;
}

} // namespace soundframe
