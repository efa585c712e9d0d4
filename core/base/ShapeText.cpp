#include "ShapeText.h"

namespace soundframe {

std::string shapeText(c10::IntArrayRef sizes)
{
    std::string s = "[";
    for (size_t i = 0; i < sizes.size(); ++i)
        s += (i ? ", " : "") + std::to_string(sizes[i]);
    return s + "]";
}

} // namespace soundframe
