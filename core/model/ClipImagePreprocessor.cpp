#include "ClipImagePreprocessor.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/FileText.h"
#include "base/JsonFields.h"
#include "media/ImageResize.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>

namespace soundframe {

namespace {
using nlohmann::json;

// An image side: 1 to 65536 pixels.
void requireSide(const JsonFields& fields, const char* key, int side)
{
    if (side <= 0 || side > 1 << 16)
        fields.fail(key, "expected 1 to 65536 pixels, found " + std::to_string(side));
}

// image_mean / image_std: three numbers (R, G, B), or one for every channel.
void readPerChannel(JsonFields& fields, const char* key, std::array<double, 3>& target)
{
    const json* v = fields.value(key);
    if (v && v->is_number()) {
        double all = 0;
        fields.read(key, all);
        target.fill(all);
    } else {
        fields.read(key, target);
    }
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
    // Hugging Face's preprocessor_config.json holds keys we do not use, and null for unset ones.
    JsonFields f = JsonFields::parse(text, where, JsonFields::Mode::Lenient);
    ClipImagePreprocessorConfig c;
    f.read("do_resize", c.doResize);
    f.read("do_center_crop", c.doCenterCrop);
    f.read("do_rescale", c.doRescale);
    f.read("do_normalize", c.doNormalize);
    // size: {"shortest_edge": N} (current HF) or a plain N (older files).
    if (const json* size = f.value("size"); size && size->is_object()) {
        JsonFields s = f.child("size");
        if (!s.has("shortest_edge"))
            f.fail("size", "only {\"shortest_edge\": N} (CLIP's resize) is supported, found " + size->dump());
        s.read("shortest_edge", c.shortestEdge);
    } else {
        f.read("size", c.shortestEdge);
    }
    requireSide(f, "size", c.shortestEdge);
    // crop_size: {"height": N, "width": N} or a plain N.
    if (const json* crop = f.value("crop_size"); crop && crop->is_object()) {
        JsonFields s = f.child("crop_size");
        if (!s.has("height") || !s.has("width"))
            f.fail("crop_size", "expected {\"height\": N, \"width\": N}, found " + crop->dump());
        int width = 0;
        s.read("height", c.cropSize);
        s.read("width", width);
        if (width != c.cropSize)
            f.fail("crop_size", "only square crops are supported, found " + crop->dump());
    } else {
        f.read("crop_size", c.cropSize);
    }
    requireSide(f, "crop_size", c.cropSize);
    f.read("resample", c.resample);
    if (c.resample != 3)
        f.fail("resample", "only 3 (bicubic) is supported, found " + std::to_string(c.resample));
    f.read("rescale_factor", c.rescaleFactor);
    readPerChannel(f, "image_mean", c.imageMean);
    readPerChannel(f, "image_std", c.imageStd);
    for (double s : c.imageStd)
        if (!(s > 0))
            f.fail("image_std", "must be positive, found " + std::to_string(s));
    if (c.doResize && c.doCenterCrop && c.cropSize > c.shortestEdge)
        f.fail("crop_size", "a crop larger than size.shortest_edge (padding) is not supported");
    if (c.doResize && !c.doCenterCrop)
        f.fail("do_center_crop", "resizing without a centre crop gives non-square images; not supported");
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
