#pragma once
// ClipImagePreprocessor: RgbImages to the normalised pixel tensor a CLIP image tower takes,
// configured like Hugging Face's CLIPImageProcessor (preprocessor_config.json).
//
//   auto prep = ClipImagePreprocessor::fromDirectory("models/clip-vit-base-patch32", 224);
//   torch::Tensor pixels = prep.process({readImageFile("cow.png")});   // [1, 3, 224, 224] float32, CPU
//   torch::Tensor same = prep.normalize(squareFrames);                  // frames already 224 x 224
//
// Steps: shorter side to shortestEdge (bicubic, media/ImageResize.h: FFmpeg's bicubic, close to
// but not bit-identical with PIL's), centre crop to cropSize, then x * rescaleFactor, then
// (x - mean) / std per channel. An image already outputSize() square skips the resize.
// Channels are R, G, B. Stateless after construction; any thread.
#include "media/RgbImage.h"

#include <torch/types.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct ClipImagePreprocessorConfig {
    bool doResize = true;                // do_resize: shorter side to shortestEdge
    int shortestEdge = 224;              // size.shortest_edge (or size as a plain int)
    int resample = 3;                    // resample: PIL's code, 3 = bicubic (the only kind offered)
    bool doCenterCrop = true;            // do_center_crop
    int cropSize = 224;                  // crop_size (int or {height, width} with height == width)
    bool doRescale = true;               // do_rescale: multiply by rescaleFactor
    double rescaleFactor = 1.0 / 255.0;  // rescale_factor
    bool doNormalize = true;             // do_normalize: (x - mean) / std
    std::array<double, 3> imageMean{0.48145466, 0.4578275, 0.40821073};  // image_mean, R G B
    std::array<double, 3> imageStd{0.26862954, 0.26130258, 0.27577711};   // image_std, R G B

    // CLIP's values with both sizes set to `imageSize`.
    static ClipImagePreprocessorConfig forImageSize(int imageSize);
    // Missing fields (and nulls) keep the defaults, keys it does not use are ignored (HF's files hold
    // many); wrong types or unsupported values throw Error(path, "key 'crop_size' ...").
    static ClipImagePreprocessorConfig readFile(const std::filesystem::path& path);
    static ClipImagePreprocessorConfig parse(const std::string& json, const std::string& where);
    std::string toJson() const;                                // HF CLIPImageProcessor layout
    void writeFile(const std::filesystem::path& path) const;  // atomic
};

class ClipImagePreprocessor {
public:
    explicit ClipImagePreprocessor(ClipImagePreprocessorConfig config = {});
    // <dir>/preprocessor_config.json when present, else CLIP's values for `imageSize`.
    static ClipImagePreprocessor fromDirectory(const std::filesystem::path& dir, int imageSize);

    const ClipImagePreprocessorConfig& config() const { return m_config; }
    // Side of the square images process() returns.
    int outputSize() const;
    // Resize + crop (as configured) + normalise. Throws Error for an empty image.
    torch::Tensor process(const std::vector<RgbImage>& images) const;
    // The geometric part alone: the outputSize() square the tower will see.
    RgbImage resizeAndCrop(const RgbImage& image) const;
    // Normalise only; every image must already be outputSize() x outputSize() (Error otherwise).
    torch::Tensor normalize(const std::vector<RgbImage>& squareImages) const;

private:
    ClipImagePreprocessorConfig m_config;
};

} // namespace soundframe
