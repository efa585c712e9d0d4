#include "DemoPicture.h"

#include "base/Error.h"
#include "media/ImageFile.h"

#include <algorithm>

namespace soundframe {
namespace {

// Area-averaging resize (nearest when enlarging): good enough for pictures on a small screen.
RgbImage resizeBox(const RgbImage& in, const std::vector<uint8_t>& inMask, const DemoLook& look, int outW, int outH,
                   std::vector<uint8_t>& outMask)
{
    RgbImage out;
    out.width = outW;
    out.height = outH;
    out.pixels.assign(size_t(outW) * outH * 3, 0);
    outMask.assign(size_t(outW) * outH, 0);
    const double sx = look.cropW * in.width / outW, sy = look.cropH * in.height / outH;
    for (int y = 0; y < outH; ++y) {
        const int ya = std::clamp(int(look.cropY * in.height + y * sy), 0, in.height - 1);
        const int yb = std::clamp(int(look.cropY * in.height + (y + 1) * sy), ya + 1, in.height);
        for (int x = 0; x < outW; ++x) {
            const int xs = look.flip ? outW - 1 - x : x;
            const int xa = std::clamp(int(look.cropX * in.width + xs * sx), 0, in.width - 1);
            const int xb = std::clamp(int(look.cropX * in.width + (xs + 1) * sx), xa + 1, in.width);
            double sum[3] = {0, 0, 0};
            int count = 0, opaque = 0;
            for (int yy = ya; yy < yb; ++yy)
                for (int xx = xa; xx < xb; ++xx) {
                    const size_t i = size_t(yy) * in.width + xx;
                    ++count;
                    if (!inMask[i])
                        continue;
                    ++opaque;
                    for (int c = 0; c < 3; ++c)
                        sum[c] += in.pixels[i * 3 + c];
                }
            const size_t o = size_t(y) * outW + x;
            if (opaque * 2 >= count && opaque > 0) {
                outMask[o] = 1;
                for (int c = 0; c < 3; ++c)
                    out.pixels[o * 3 + c] = uint8_t(sum[c] / opaque + 0.5);
            }
        }
    }
    return out;
}

} // namespace

DemoPicture DemoPicture::load(const std::filesystem::path& path)
{
    DemoPicture picture;
    picture.m_path = path;
    picture.m_image = readImageFile(path);
    const std::string ext = path.extension().string();
    picture.m_kind = ext == ".svg" ? "drawing" : ext == ".png" ? "sprite" : "photo";
    // Near-white counts as see-through for sprites too: their soft edges were blended with white.
    RgbImage& image = picture.m_image;
    const size_t n = size_t(image.width) * image.height;
    picture.m_opaque.assign(n, 1);
    const int seeThrough = picture.m_kind == "sprite" ? 235 : picture.m_kind == "drawing" ? 255 : 256;
    int left = image.width, right = -1, top = image.height, bottom = -1;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            const size_t p = size_t(y) * image.width + x;
            const uint8_t* px = &image.pixels[p * 3];
            if (std::min({px[0], px[1], px[2]}) >= seeThrough) {
                picture.m_opaque[p] = 0;
                continue;
            }
            left = std::min(left, x);
            right = std::max(right, x);
            top = std::min(top, y);
            bottom = std::max(bottom, y);
        }
    if (right < 0)
        throw Error(path, "the picture is blank");
    if (left > 0 || top > 0 || right < image.width - 1 || bottom < image.height - 1) {
        RgbImage cut;
        cut.width = right - left + 1;
        cut.height = bottom - top + 1;
        std::vector<uint8_t> cutMask;
        for (int y = top; y <= bottom; ++y) {
            const size_t row = size_t(y) * image.width;
            cut.pixels.insert(cut.pixels.end(), image.pixels.begin() + std::ptrdiff_t((row + left) * 3),
                              image.pixels.begin() + std::ptrdiff_t((row + right + 1) * 3));
            cutMask.insert(cutMask.end(), picture.m_opaque.begin() + std::ptrdiff_t(row + left),
                           picture.m_opaque.begin() + std::ptrdiff_t(row + right + 1));
        }
        image = std::move(cut);
        picture.m_opaque = std::move(cutMask);
    }
    return picture;
}

void DemoPicture::draw(RgbImage& frame, const DemoLook& look, int areaX, int areaW) const
{
    const int S = frame.height;
    const int box = std::max(4, int(look.scale * std::min(areaW, S)));
    const double pw = look.cropW * m_image.width, ph = look.cropH * m_image.height;
    const double fit = std::min(box / pw, box / ph);
    const int w = std::max(2, int(pw * fit)), h = std::max(2, int(ph * fit));
    std::vector<uint8_t> mask;
    const RgbImage shown = resizeBox(m_image, m_opaque, look, w, h, mask);
    const int x0 = areaX + int(look.posX * std::max(0, areaW - w));
    const int y0 = int(look.posY * std::max(0, S - h));
    for (int y = 0; y < h && y0 + y < S; ++y)
        for (int x = 0; x < w && x0 + x < areaX + areaW; ++x) {
            const size_t i = size_t(y) * w + x;
            if (!mask[i])
                continue;
            uint8_t* out = &frame.pixels[(size_t(y0 + y) * frame.width + x0 + x) * 3];
            for (int c = 0; c < 3; ++c)
                out[c] = uint8_t(std::clamp(shown.pixels[i * 3 + c] * look.gain[c] + look.offset, 0.0, 255.0));
        }
}

} // namespace soundframe
