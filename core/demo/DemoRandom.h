#pragma once
// DemoRandom: the demo world's random draws, reproducible everywhere.
//
//   DemoRandom random(DemoRandom::mix(seed ^ DemoRandom::hash("clip 7")));
//   double gain = random.uniform(0.85, 1.15);
//   if (random.chance(0.25)) ...
//
// Own uniform draws on top of mt19937_64 (whose output the standard fixes), so the world does not
// depend on the standard library's distribution algorithms: one seed gives one world on every
// platform. Not thread-safe; give each thread (each clip) its own.
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace soundframe {

class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : m_engine(seed) {}

    double uniform(double a, double b) { return a + (b - a) * double(m_engine() >> 11) * 0x1.0p-53; }
    int below(int n) { return n <= 1 ? 0 : int(m_engine() % uint64_t(n)); }  // 0 .. n-1
    bool chance(double p) { return uniform(0, 1) < p; }
    double gauss();                                                          // standard normal
    template <typename T> void shuffle(std::vector<T>& items)
    {
        for (size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[size_t(below(int(i)))]);
    }

    static uint64_t mix(uint64_t x);                 // splitmix64 finaliser: seeds from seeds
    static uint64_t hash(const std::string& text);   // FNV-1a of the bytes

private:
    std::mt19937_64 m_engine;
};

} // namespace soundframe
