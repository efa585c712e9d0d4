#pragma once
// DemoPicture: a source's picture (photo, drawing or sprite) ready to be drawn into frames, and
// DemoLook, how one clip or scene shows it.
//
//   DemoPicture cow = DemoPicture::load("sources/gcompris/farm/cow.svg");   // throws Error
//   DemoLook look;  look.scale = 0.6;  look.flip = true;
//   cow.draw(frame, look, /*areaX=*/0, /*areaW=*/frame.width);
//
// Drawings and sprites come composited over white (readImageFile): white counts as see-through
// and the picture is cut to what is drawn, so a small sprite on a large canvas fills its box.
// Photos are opaque. draw() is const and thread-safe.
#include "media/RgbImage.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace soundframe {

struct DemoLook {
    int source = -1;                                    // index of the source in the world
    int picture = 0;                                    // index among the source's pictures
    bool flip = false;                                  // mirrored left-right
    double cropX = 0, cropY = 0, cropW = 1, cropH = 1;  // kept part, fractions of the picture
    double gain[3] = {1, 1, 1};                         // per-channel colour gain
    double offset = 0;                                  // added to every channel, 0..255 scale
    double scale = 0.7;                                 // box side as a share of the area
    double posX = 0.5, posY = 0.5;                      // box position within the free room, 0..1
};

class DemoPicture {
public:
    static DemoPicture load(const std::filesystem::path& path);

    // Draws the picture as `look` says into the columns [areaX, areaX + areaW) of `frame`.
    void draw(RgbImage& frame, const DemoLook& look, int areaX, int areaW) const;

    const std::filesystem::path& path() const { return m_path; }
    const std::string& kind() const { return m_kind; }  // "photo", "drawing" or "sprite"

private:
    std::filesystem::path m_path;
    RgbImage m_image;
    std::vector<uint8_t> m_opaque;  // per pixel: 0 where the picture is see-through
    std::string m_kind;
};

} // namespace soundframe
