#include "DemoRandom.h"

#include <algorithm>
#include <cmath>

namespace soundframe {

double DemoRandom::gauss()
{
    // Box-Muller with our own uniforms.
    const double u = std::max(uniform(0, 1), 1e-300), v = uniform(0, 1);
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
}

uint64_t DemoRandom::mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t DemoRandom::hash(const std::string& text)
{
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text)
        h = (h ^ c) * 1099511628211ULL;
    return h;
}

} // namespace soundframe
