#include "DemoWorldBuilder.h"

#include "base/AtomicWrite.h"
#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "data/JsonlManifest.h"
#include "media/AudioDecoder.h"
#include "media/ImageFile.h"
#include "media/VideoWriter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace soundframe {
namespace {

namespace fs = std::filesystem;
const char* const kSplits[3] = {"train", "val", "test"};

// Own uniform draws on top of mt19937_64 (whose output the standard fixes), so the world does
// not depend on the standard library's distribution algorithms.
class Random {
public:
    explicit Random(uint64_t seed) : m_engine(seed) {}
    double uniform(double a, double b) { return a + (b - a) * double(m_engine() >> 11) * 0x1.0p-53; }
    int below(int n) { return n <= 1 ? 0 : int(m_engine() % uint64_t(n)); }
    bool chance(double p) { return uniform(0, 1) < p; }
    double gauss()
    {
        const double u = std::max(uniform(0, 1), 1e-300), v = uniform(0, 1);
        return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
    }
    template <typename T> void shuffle(std::vector<T>& items)
    {
        for (size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[size_t(below(int(i)))]);
    }

private:
    std::mt19937_64 m_engine;
};

uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t fnv1a(const std::string& text)
{
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text)
        h = (h ^ c) * 1099511628211ULL;
    return h;
}

struct Picture {
    fs::path path;
    RgbImage image;
    std::vector<uint8_t> opaque;  // per pixel: 0 where a drawing or sprite is transparent
    std::string kind;             // "photo", "drawing", "sprite"
};

struct Recording {
    fs::path path;
    std::vector<float> samples;   // mono at the world's rate, leading/trailing silence trimmed
    int split = 0;                // index into kSplits
};

struct LoadedSource {
    const DemoSource* source = nullptr;
    std::vector<Recording> recordings;
    std::vector<Picture> pictures;
};

// How a picture is shown in one clip.
struct Look {
    int source = -1;
    int picture = 0;
    bool flip = false;
    double cropX = 0, cropY = 0, cropW = 1, cropH = 1;  // fractions of the picture
    double gain[3] = {1, 1, 1};
    double offset = 0;                                  // added to every channel, 0..255 scale
    double scale = 0.7;                                 // box side as a share of the area
    double posX = 0.5, posY = 0.5;                      // box position within the free room, 0..1
};

struct PlannedEvent {
    int source = 0;
    int recording = 0;
    double offsetSeconds = 0;  // where the excerpt starts in the recording
    double speed = 1;
    double gainDb = 0;
    double start = 0, end = 0; // in the clip
    bool onScreen = false;
    double visibleFrom = 0, visibleTo = 0;
    Look look;
    std::string phrase;
};

struct Segment {
    double start = 0, end = 0;
    bool empty = true;
    Look look;
};

struct Background {
    int kind = 0;  // 0 plain, 1 vertical gradient, 2 grain
    uint8_t a[3] = {128, 128, 128};
    uint8_t b[3] = {128, 128, 128};
    double grain = 0;
};

struct ClipPlan {
    std::string id;
    int split = 0;
    uint64_t seed = 0;
    std::vector<PlannedEvent> events;
    std::vector<Segment> segments;
    Background background;
    double noiseRms = 0;
    std::vector<std::string> captions;
    fs::path video;
};

// What frame k shows: up to two events (side by side), else a segment.
struct FrameContent {
    std::vector<int> events;
    int segment = -1;
};

FrameContent contentAt(const ClipPlan& plan, double t)
{
    FrameContent c;
    for (size_t e = 0; e < plan.events.size() && c.events.size() < 2; ++e) {
        const auto& ev = plan.events[e];
        if (ev.onScreen && t >= ev.visibleFrom && t < ev.visibleTo)
            c.events.push_back(int(e));
    }
    if (c.events.empty())
        for (size_t s = 0; s < plan.segments.size(); ++s)
            if (t >= plan.segments[s].start && t < plan.segments[s].end && !plan.segments[s].empty)
                c.segment = int(s);
    return c;
}

// Area-averaging resize (nearest when enlarging): good enough for pictures on a small screen.
RgbImage resizeBox(const RgbImage& in, const std::vector<uint8_t>& inMask, double x0, double y0, double w, double h,
                   int outW, int outH, bool flip, std::vector<uint8_t>& outMask)
{
    RgbImage out;
    out.width = outW;
    out.height = outH;
    out.pixels.assign(size_t(outW) * outH * 3, 0);
    outMask.assign(size_t(outW) * outH, 0);
    const double sx = w * in.width / outW, sy = h * in.height / outH;
    for (int y = 0; y < outH; ++y) {
        const int ya = std::clamp(int(y0 * in.height + y * sy), 0, in.height - 1);
        const int yb = std::clamp(int(y0 * in.height + (y + 1) * sy), ya + 1, in.height);
        for (int x = 0; x < outW; ++x) {
            const int xs = flip ? outW - 1 - x : x;
            const int xa = std::clamp(int(x0 * in.width + xs * sx), 0, in.width - 1);
            const int xb = std::clamp(int(x0 * in.width + (xs + 1) * sx), xa + 1, in.width);
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

// "a cow", "an owl", "rain", "japanese music": names as they read after "of".
std::string withArticle(const std::string& name)
{
    static const std::set<std::string> uncountable{
        "applause", "bongos", "castanets", "coins", "crumpling paper", "factory", "fire", "frogs", "lightning",
        "maracas", "merfolk", "rain", "rumble", "timpani", "water splash", "knocking"};
    const bool music = name.size() >= 5 && name.compare(name.size() - 5, 5, "music") == 0;
    if (name.empty() || music || uncountable.count(name))
        return name;
    return (std::string("aeiou").find(name[0]) != std::string::npos ? "an " : "a ") + name;
}

class WorldJob {
public:
    WorldJob(const DemoSourceCatalog& catalog, const DemoWorldParams& params, fs::path folder, const JobHooks& hooks)
        : m_catalog(catalog), m_params(params), m_folder(std::move(folder)), m_hooks(hooks)
    {
    }

    DemoWorldSummary run();

private:
    void load();
    void assignSplits();
    ClipPlan plan(int split, int index) const;
    Look randomLook(Random& random, int source) const;
    void render(const ClipPlan& plan) const;
    void drawLook(RgbImage& frame, const Look& look, int areaX, int areaW) const;
    std::vector<float> eventAudio(const PlannedEvent& event) const;
    ClipRecord record(const ClipPlan& plan) const;
    nlohmann::ordered_json worldJson(const DemoWorldSummary& summary) const;

    const DemoSourceCatalog& m_catalog;
    const DemoWorldParams& m_params;
    fs::path m_folder;
    const JobHooks& m_hooks;
    std::vector<LoadedSource> m_sources;
    std::vector<std::string> m_skipped;
    std::string m_fingerprint;
};

void WorldJob::load()
{
    const auto& sources = m_catalog.sources();
    m_sources.resize(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
        LoadedSource& loaded = m_sources[i];
        loaded.source = &sources[i];
        for (const auto& path : sources[i].recordings) {
            try {
                AudioDecodeOptions options;
                options.targetRate = m_params.audioRate;
                std::vector<float> samples = decodeAudio(path, options).samples;
                // Trim silence: 10 ms windows quieter than 5% of the loudest window's RMS.
                const size_t window = size_t(std::max(1, m_params.audioRate / 100));
                std::vector<double> rms;
                for (size_t at = 0; at < samples.size(); at += window) {
                    double sum = 0;
                    const size_t end = std::min(samples.size(), at + window);
                    for (size_t j = at; j < end; ++j)
                        sum += double(samples[j]) * samples[j];
                    rms.push_back(std::sqrt(sum / double(end - at)));
                }
                const double loudest = rms.empty() ? 0 : *std::max_element(rms.begin(), rms.end());
                if (loudest < 1e-4)
                    throw Error(path, "silent");
                const double threshold = std::max(1e-3, 0.05 * loudest);
                size_t first = 0, last = rms.size();
                while (first < last && rms[first] < threshold)
                    ++first;
                while (last > first && rms[last - 1] < threshold)
                    --last;
                std::vector<float> trimmed(samples.begin() + std::ptrdiff_t(first * window),
                                           samples.begin() + std::ptrdiff_t(std::min(samples.size(), last * window)));
                if (trimmed.size() < window * 5)
                    throw Error(path, "shorter than 50 ms of sound");
                loaded.recordings.push_back({path, std::move(trimmed), 0});
            } catch (const Error& e) {
                m_skipped.push_back(e.what());
            }
        }
        for (const auto& path : sources[i].pictures) {
            try {
                Picture picture;
                picture.path = path;
                picture.image = readImageFile(path);
                const std::string ext = path.extension().string();
                picture.kind = ext == ".svg" ? "drawing" : ext == ".png" ? "sprite" : "photo";
                // Drawings and sprites come composited over white: treat white as see-through
                // (near-white too for sprites, whose soft edges were blended with it).
                RgbImage& image = picture.image;
                const size_t n = size_t(image.width) * image.height;
                picture.opaque.assign(n, 1);
                const int seeThrough = picture.kind == "sprite" ? 235 : picture.kind == "drawing" ? 255 : 256;
                int left = image.width, right = -1, top = image.height, bottom = -1;
                for (int y = 0; y < image.height; ++y)
                    for (int x = 0; x < image.width; ++x) {
                        const size_t p = size_t(y) * image.width + x;
                        const uint8_t* px = &image.pixels[p * 3];
                        if (std::min({px[0], px[1], px[2]}) >= seeThrough) {
                            picture.opaque[p] = 0;
                            continue;
                        }
                        left = std::min(left, x);
                        right = std::max(right, x);
                        top = std::min(top, y);
                        bottom = std::max(bottom, y);
                    }
                if (right < 0)
                    throw Error(path, "the picture is blank");
                // Cut to what is drawn, so a small sprite on a large canvas fills its box.
                if (left > 0 || top > 0 || right < image.width - 1 || bottom < image.height - 1) {
                    RgbImage cut;
                    cut.width = right - left + 1;
                    cut.height = bottom - top + 1;
                    std::vector<uint8_t> cutMask;
                    for (int y = top; y <= bottom; ++y) {
                        const size_t row = size_t(y) * image.width;
                        cut.pixels.insert(cut.pixels.end(), image.pixels.begin() + std::ptrdiff_t((row + left) * 3),
                                          image.pixels.begin() + std::ptrdiff_t((row + right + 1) * 3));
                        cutMask.insert(cutMask.end(), picture.opaque.begin() + std::ptrdiff_t(row + left),
                                       picture.opaque.begin() + std::ptrdiff_t(row + right + 1));
                    }
                    image = std::move(cut);
                    picture.opaque = std::move(cutMask);
                }
                loaded.pictures.push_back(std::move(picture));
            } catch (const Error& e) {
                m_skipped.push_back(e.what());
            }
        }
    }
}

void WorldJob::assignSplits()
{
    Random random(mix(m_params.seed ^ 0x5eed5eedULL));
    for (LoadedSource& source : m_sources) {
        std::vector<int> order(source.recordings.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = int(i);
        random.shuffle(order);
        const size_t n = order.size();
        for (size_t k = 0; k < n; ++k) {
            int split = 0;
            if (n >= 3)
                split = k == 0 ? 2 : k == 1 ? 1 : 0;       // one test, one val, the rest train
            else if (n == 2)
                split = k == 0 ? (random.chance(0.5) ? 2 : 1) : 0;
            else {
                const double u = random.uniform(0, 1);
                split = u < m_params.testRecordingShare                                     ? 2
                        : u < m_params.testRecordingShare + m_params.valRecordingShare ? 1
                                                                                         : 0;
            }
            source.recordings[size_t(order[k])].split = split;
        }
    }
}

Look WorldJob::randomLook(Random& random, int source) const
{
    Look look;
    look.source = source;
    look.picture = random.below(int(m_sources[size_t(source)].pictures.size()));
    look.flip = random.chance(0.5);
    look.cropW = random.uniform(m_params.cropMin, 1.0);
    look.cropH = random.uniform(m_params.cropMin, 1.0);
    look.cropX = random.uniform(0, 1 - look.cropW);
    look.cropY = random.uniform(0, 1 - look.cropH);
    for (double& g : look.gain)
        g = random.uniform(1 - m_params.colourJitter, 1 + m_params.colourJitter);
    look.offset = random.uniform(-12, 12);
    look.scale = random.uniform(m_params.pictureScaleMin, m_params.pictureScaleMax);
    look.posX = random.uniform(0, 1);
    look.posY = random.uniform(0, 1);
    return look;
}

ClipPlan WorldJob::plan(int split, int index) const
{
    ClipPlan plan;
    plan.split = split;
    char id[32];
    std::snprintf(id, sizeof id, "%s-%05d", kSplits[split], index);
    plan.id = id;
    plan.video = m_folder / "videos" / (plan.id + ".mp4");
    plan.seed = mix(m_params.seed ^ mix(uint64_t(split) * 1000003ULL + uint64_t(index)) ^ fnv1a(m_fingerprint));
    Random random(plan.seed);
    const double T = m_params.clipSeconds;

    // Recordings of this split, by source: a class is drawn first, then one of its
    // recordings, so classes with many variants (wesnoth's) do not crowd out the others.
    std::vector<std::pair<int, std::vector<int>>> candidates;
    for (size_t s = 0; s < m_sources.size(); ++s) {
        std::vector<int> recordings;
        for (size_t r = 0; r < m_sources[s].recordings.size(); ++r)
            if (m_sources[s].recordings[r].split == split)
                recordings.push_back(int(r));
        if (!recordings.empty())
            candidates.emplace_back(int(s), std::move(recordings));
    }
    if (candidates.empty())
        throw Error(std::string(kSplits[split]), "no recording in this split");

    const int count = m_params.minEvents + random.below(m_params.maxEvents - m_params.minEvents + 1);
    std::set<int> used;
    for (int e = 0; e < count; ++e) {
        // Prefer a source not yet in the clip; a repeat is allowed when nothing else is left.
        int pick = random.below(int(candidates.size()));
        for (int tries = 0; tries < 8 && used.count(candidates[size_t(pick)].first); ++tries)
            pick = random.below(int(candidates.size()));
        PlannedEvent ev;
        ev.source = candidates[size_t(pick)].first;
        const auto& recordings = candidates[size_t(pick)].second;
        ev.recording = recordings[size_t(random.below(int(recordings.size())))];
        used.insert(ev.source);
        const LoadedSource& src = m_sources[size_t(ev.source)];
        const double length = double(src.recordings[size_t(ev.recording)].samples.size()) / m_params.audioRate;
        ev.speed = random.uniform(m_params.speedMin, m_params.speedMax);
        ev.gainDb = random.uniform(m_params.gainDbMin, m_params.gainDbMax);
        const double wanted = random.uniform(m_params.minEventSeconds, m_params.maxEventSeconds);
        const double available = length / ev.speed;
        const double duration = std::min({wanted, available, T});
        ev.offsetSeconds = random.uniform(0, std::max(0.0, length - duration * ev.speed));
        ev.start = random.uniform(0, std::max(0.0, T - std::max(0.3, duration * 0.6)));
        ev.end = std::min(T, ev.start + duration);
        ev.start = std::round(ev.start * 1000) / 1000;  // millisecond times read well in manifests
        ev.end = std::max(ev.start + 0.05, std::round(ev.end * 1000) / 1000);
        ev.onScreen = !src.pictures.empty() && !random.chance(m_params.offScreenProbability);
        const double lead = random.uniform(0, m_params.visibleMarginSeconds);
        const double lag = random.uniform(0, m_params.visibleMarginSeconds);
        ev.visibleFrom = std::max(0.0, ev.start - lead);
        ev.visibleTo = std::min(T, ev.end + lag);
        if (!src.pictures.empty())
            ev.look = randomLook(random, ev.source);
        ev.phrase = src.source->phrases.empty() ? src.source->name
                                                : src.source->phrases[size_t(random.below(int(src.source->phrases.size())))];
        plan.events.push_back(std::move(ev));
    }
    std::stable_sort(plan.events.begin(), plan.events.end(),
                     [](const PlannedEvent& a, const PlannedEvent& b) { return a.start < b.start; });

    // The rest of the screen time: empty scenes and pictures of sources not heard in the clip.
    std::vector<int> distractors;
    for (size_t s = 0; s < m_sources.size(); ++s)
        if (!m_sources[s].pictures.empty() && !used.count(int(s)))
            distractors.push_back(int(s));
    for (double t = 0; t < T;) {
        Segment segment;
        segment.start = t;
        segment.end = std::min(T, t + random.uniform(0.5, 2.0));
        segment.empty = distractors.empty() || random.chance(m_params.emptySceneProbability);
        if (!segment.empty)
            segment.look = randomLook(random, distractors[size_t(random.below(int(distractors.size())))]);
        t = segment.end;
        plan.segments.push_back(segment);
    }

    Background& bg = plan.background;
    bg.kind = random.below(3);
    for (uint8_t* colour : {bg.a, bg.b}) {
        // Low saturation: a grey with a slight tint, so pictures stand out and colours stay theirs.
        const double grey = random.uniform(40, 215);
        for (int c = 0; c < 3; ++c)
            colour[c] = uint8_t(std::clamp(grey + random.uniform(-18, 18), 0.0, 255.0));
    }
    bg.grain = bg.kind == 2 ? random.uniform(6, 20) : 0;
    plan.noiseRms = random.uniform(m_params.noiseRmsMin, m_params.noiseRmsMax);

    // Captions from varied templates, in the order the events start.
    std::vector<std::string> names, phrases;
    for (const auto& ev : plan.events) {
        const std::string& name = m_sources[size_t(ev.source)].source->name;
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
            phrases.push_back(ev.phrase);
        }
    }
    auto otherPhrase = [&] {
        const auto& all = m_sources[size_t(plan.events[0].source)].source->phrases;
        for (const auto& phrase : all)
            if (phrase != phrases[0])
                return phrase;
        return "sounds of " + names[0];
    };
    auto joinNames = [&](const std::vector<std::string>& items, const std::string& last) {
        std::string out;
        for (size_t i = 0; i < items.size(); ++i)
            out += (i == 0 ? "" : i + 1 == items.size() ? " " + last + " " : ", ") + items[i];
        return out;
    };
    std::vector<std::string> candidatesText;
    if (phrases.size() == 1) {
        const size_t n = plan.events.size();
        candidatesText = {phrases[0], otherPhrase(), "the sound of " + withArticle(names[0]), names[0] + " sounds",
                          phrases[0] + (n == 1 ? " once" : n == 2 ? " twice" : " again and again"),
                          "a short clip where " + phrases[0]};
    } else {
        std::string sequence = phrases[0];
        for (size_t i = 1; i < phrases.size(); ++i)
            sequence += ", then " + phrases[i];
        candidatesText.push_back(sequence);
        candidatesText.push_back("first " + sequence);
        candidatesText.push_back(joinNames(phrases, "and"));
        candidatesText.push_back("sounds of " + joinNames(names, "and"));
        const auto& a = plan.events[0];
        const auto& b = plan.events[1];
        if (b.start < a.end && a.source != b.source)
            candidatesText.push_back(phrases[0] + " while " + phrases[1]);
        else
            candidatesText.push_back(phrases[1] + " after " + phrases[0]);
        candidatesText.push_back(names.size() == 2 ? names[0] + " and " + names[1] : joinNames(names, "and") + " together");
    }
    random.shuffle(candidatesText);
    std::vector<std::string> captions;
    for (const auto& text : candidatesText)
        if (std::find(captions.begin(), captions.end(), text) == captions.end())
            captions.push_back(text);
    captions.resize(std::min(captions.size(), size_t(3 + random.below(3))));
    plan.captions = captions;
    return plan;
}

void WorldJob::drawLook(RgbImage& frame, const Look& look, int areaX, int areaW) const
{
    const Picture& picture = m_sources[size_t(look.source)].pictures[size_t(look.picture)];
    const int S = frame.height;
    const int box = std::max(4, int(look.scale * std::min(areaW, S)));
    const double pw = look.cropW * picture.image.width, ph = look.cropH * picture.image.height;
    const double fit = std::min(box / pw, box / ph);
    const int w = std::max(2, int(pw * fit)), h = std::max(2, int(ph * fit));
    std::vector<uint8_t> mask;
    const RgbImage shown
        = resizeBox(picture.image, picture.opaque, look.cropX, look.cropY, look.cropW, look.cropH, w, h, look.flip, mask);
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

std::vector<float> WorldJob::eventAudio(const PlannedEvent& event) const
{
    const auto& source = m_sources[size_t(event.source)].recordings[size_t(event.recording)].samples;
    const int rate = m_params.audioRate;
    const size_t n = size_t(std::max(1.0, std::round((event.end - event.start) * rate)));
    std::vector<float> out(n);
    const double begin = event.offsetSeconds * rate;
    float peak = 0;
    for (size_t j = 0; j < n; ++j) {
        // Reading the recording at `speed` shifts pitch and tempo together (linear interpolation).
        const double at = begin + double(j) * event.speed;
        const size_t i = size_t(at);
        const double frac = at - double(i);
        const float a = i < source.size() ? source[i] : 0.f;
        const float b = i + 1 < source.size() ? source[i + 1] : 0.f;
        out[j] = float(a + (b - a) * frac);
        peak = std::max(peak, std::fabs(out[j]));
    }
    const double gain = peak > 0 ? 0.5 / peak * std::pow(10.0, event.gainDb / 20) : 0;
    const size_t fade = std::min(n / 2, size_t(rate / 100));
    for (size_t j = 0; j < n; ++j) {
        double g = gain;
        if (j < fade)
            g *= double(j) / fade;
        if (n - 1 - j < fade)
            g *= double(n - 1 - j) / fade;
        out[j] = float(out[j] * g);
    }
    return out;
}

void WorldJob::render(const ClipPlan& plan) const
{
    Random random(plan.seed ^ 0xa5a5a5a5ULL);
    const int S = m_params.frameSize;
    const int rate = m_params.audioRate;
    const size_t total = size_t(std::llround(m_params.clipSeconds * rate));

    std::vector<float> audio(total, 0.f);
    for (const auto& ev : plan.events) {
        const std::vector<float> samples = eventAudio(ev);
        const size_t at = size_t(std::llround(ev.start * rate));
        for (size_t j = 0; j < samples.size() && at + j < total; ++j)
            audio[at + j] += samples[j];
    }
    float peak = 0;
    for (float& s : audio) {
        s += float(plan.noiseRms * random.gauss());
        peak = std::max(peak, std::fabs(s));
    }
    if (peak > 0.95f)
        for (float& s : audio)
            s *= 0.95f / peak;

    RgbImage background;
    background.width = background.height = S;
    background.pixels.resize(size_t(S) * S * 3);
    const Background& bg = plan.background;
    for (int y = 0; y < S; ++y)
        for (int x = 0; x < S; ++x) {
            const double t = bg.kind == 1 ? double(y) / (S - 1) : 0.0;
            const double grain = bg.grain > 0 ? bg.grain * random.gauss() : 0.0;
            for (int c = 0; c < 3; ++c)
                background.pixels[(size_t(y) * S + x) * 3 + c]
                    = uint8_t(std::clamp(bg.a[c] * (1 - t) + bg.b[c] * t + grain, 0.0, 255.0));
        }

    VideoWriterOptions options;
    options.width = options.height = S;
    options.fps = m_params.videoFps;
    options.audioRate = rate;
    VideoWriter writer(plan.video, options);
    const int frames = int(std::llround(m_params.clipSeconds * m_params.videoFps));
    for (int k = 0; k < frames; ++k) {
        RgbImage frame = background;
        const FrameContent content = contentAt(plan, double(k) / m_params.videoFps);
        if (content.events.size() == 1)
            drawLook(frame, plan.events[size_t(content.events[0])].look, 0, S);
        else if (content.events.size() == 2) {
            drawLook(frame, plan.events[size_t(content.events[0])].look, 0, S / 2);
            drawLook(frame, plan.events[size_t(content.events[1])].look, S / 2, S - S / 2);
        } else if (content.segment >= 0)
            drawLook(frame, plan.segments[size_t(content.segment)].look, 0, S);
        writer.addFrame(frame);
    }
    writer.addAudio(audio);
    writer.finish();
}

ClipRecord WorldJob::record(const ClipPlan& plan) const
{
    ClipRecord clip;
    clip.id = plan.id;
    clip.mediaPath = fs::absolute(plan.video).lexically_normal().string();
    clip.start = 0;
    clip.end = m_params.clipSeconds;
    clip.captions = plan.captions;
    clip.split = kSplits[plan.split];
    const ClipTimeline timeline(SampleTime{0, m_params.audioRate},
                                SampleTime::fromSeconds(m_params.clipSeconds, m_params.audioRate),
                                ClipTimeline::frameCountFor(m_params.clipSeconds, 1.0));
    for (size_t e = 0; e < plan.events.size(); ++e) {
        const auto& ev = plan.events[e];
        SoundEvent event;
        event.label = m_sources[size_t(ev.source)].source->name;
        event.start = ev.start;
        event.end = ev.end;
        for (int l = 0; l < timeline.frameCount(); ++l) {
            // The video frame a reader picks at that time: the first at or after it.
            const double t = timeline.frameSeconds(l);
            const double shown = std::ceil(t * m_params.videoFps - 1e-9) / m_params.videoFps;
            const FrameContent content = contentAt(plan, shown);
            if (std::find(content.events.begin(), content.events.end(), int(e)) != content.events.end())
                event.visibleFrames.push_back(l);
        }
        if (std::find(clip.labels.begin(), clip.labels.end(), event.label) == clip.labels.end())
            clip.labels.push_back(event.label);
        clip.events.push_back(std::move(event));
    }
    return clip;
}

nlohmann::ordered_json WorldJob::worldJson(const DemoWorldSummary& summary) const
{
    nlohmann::ordered_json j;
    j["format"] = "soundframe-demo-world/1";
    j["fingerprint"] = m_fingerprint;
    j["params"] = nlohmann::ordered_json::parse(m_params.fingerprint());
    j["seed"] = m_params.seed;
    if (!summary.videoCodec.empty())
        j["video_codec"] = summary.videoCodec;
    nlohmann::ordered_json packages = nlohmann::ordered_json::object();
    for (const auto& [name, count] : m_catalog.countsByPackage())
        packages[name] = {{"classes", count.classes}, {"recordings", count.recordings}, {"pictures", count.pictures}};
    j["packages"] = packages;
    j["missing_packages"] = m_catalog.missingPackages();
    j["clips_per_split"] = summary.clipsPerSplit;
    j["classes_shared_train_test"] = summary.classesSharedTrainTest;
    nlohmann::ordered_json classes = nlohmann::ordered_json::array();
    for (const auto& source : m_sources) {
        nlohmann::ordered_json c;
        c["name"] = source.source->name;
        c["packages"] = source.source->packages;
        c["phrases"] = source.source->phrases;
        nlohmann::ordered_json splits = {{"train", nlohmann::json::array()}, {"val", nlohmann::json::array()},
                                         {"test", nlohmann::json::array()}};
        for (const auto& r : source.recordings)
            splits[kSplits[r.split]].push_back(r.path.string());
        c["recordings"] = splits;
        nlohmann::ordered_json pictures = nlohmann::json::array();
        for (const auto& p : source.pictures)
            pictures.push_back(p.path.string());
        c["pictures"] = pictures;
        classes.push_back(c);
    }
    j["classes"] = classes;
    j["skipped"] = m_skipped;
    return j;
}

DemoWorldSummary WorldJob::run()
{
    const auto started = std::chrono::steady_clock::now();
    DemoWorldSummary summary;
    const DemoWorldParams& p = m_params;
    if (p.frameSize < 16 || p.frameSize % 2 || p.videoFps < 1 || !(p.clipSeconds > 0) || p.minEvents < 1
        || p.maxEvents < p.minEvents || p.clipsTrain < 0 || p.clipsVal < 0 || p.clipsTest < 0 || p.audioRate < 1000)
        throw Error(m_folder, "invalid demo world parameters");

    // Identity of the content: params plus the exact source files.
    std::string identity = p.fingerprint();
    for (const auto& s : m_catalog.sources()) {
        identity += "|" + s.name;
        for (const auto& r : s.recordings)
            identity += ";" + r.string();
        for (const auto& q : s.pictures)
            identity += ";" + q.string();
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fnv1a(identity));
    m_fingerprint = hex;

    std::error_code error;
    const fs::path videos = m_folder / "videos";
    fs::create_directories(videos, error);
    if (error)
        throw Error(m_folder, "cannot create the folder: " + error.message());

    // Another fingerprint: the videos there belong to another world.
    const fs::path worldFile = m_folder / "world.json";
    std::string previous;
    {
        std::ifstream in(worldFile);
        if (in) {
            try {
                previous = nlohmann::json::parse(in).value("fingerprint", "");
            } catch (const nlohmann::json::exception&) {
            }
        }
    }
    // Hidden files there are temporaries of an interrupted run.
    std::vector<fs::path> stale;
    for (const auto& entry : fs::directory_iterator(videos, error)) {
        const std::string name = entry.path().filename().string();
        if ((previous != m_fingerprint && entry.path().extension() == ".mp4") || (!name.empty() && name[0] == '.'))
            stale.push_back(entry.path());
    }
    for (const auto& file : stale)
        fs::remove(file, error);

    m_hooks.report({"demo-world", 0, 0, "decoding sources"});
    load();
    assignSplits();
    for (const auto& s : m_sources) {
        summary.recordingsUsed += int(s.recordings.size());
        summary.picturesUsed += int(s.pictures.size());
        summary.classesPictured += s.pictures.empty() ? 0 : 1;
        bool train = false, test = false;
        for (const auto& r : s.recordings) {
            train |= r.split == 0;
            test |= r.split == 2;
        }
        summary.classesSharedTrainTest += train && test ? 1 : 0;
    }
    if (summary.recordingsUsed == 0)
        throw Error(m_folder, "no usable recording among the sources");
    summary.skipped = m_skipped;
    writeFileAtomically(worldFile, worldJson(summary).dump(2) + "\n");

    std::vector<ClipPlan> plans;
    const int counts[3] = {p.clipsTrain, p.clipsVal, p.clipsTest};
    for (int split = 0; split < 3; ++split) {
        for (int i = 0; i < counts[split]; ++i)
            plans.push_back(plan(split, i));
        summary.clipsPerSplit[kSplits[split]] = counts[split];
    }

    // Render in parallel; progress is reported from this thread.
    std::atomic<size_t> next{0};
    std::atomic<int> done{0}, written{0}, skippedVideos{0};
    std::mutex mutex;
    std::condition_variable wake;
    std::string failure;
    auto worker = [&] {
        for (;;) {
            if (m_hooks.cancelled())
                break;
            const size_t i = next++;
            if (i >= plans.size())
                break;
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure.empty())
                    break;
            }
            try {
                if (fs::exists(plans[i].video)) {
                    ++skippedVideos;
                } else {
                    render(plans[i]);
                    ++written;
                }
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(mutex);
                if (failure.empty())
                    failure = e.what();
            }
            ++done;
            wake.notify_all();
        }
    };
    const int threads = std::max(1, p.threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    {
        std::unique_lock<std::mutex> lock(mutex);
        int reported = -1;
        while (done.load() < int(plans.size()) && failure.empty() && !m_hooks.cancelled()) {
            wake.wait_for(lock, std::chrono::milliseconds(100));
            if (done.load() != reported) {
                reported = done.load();
                lock.unlock();
                m_hooks.report({"demo-world", reported, int64_t(plans.size()), ""});
                lock.lock();
            }
        }
    }
    for (auto& t : pool)
        t.join();
    if (!failure.empty())
        throw Error(m_folder, "rendering failed: " + failure);
    summary.videosWritten = written;
    summary.videosSkipped = skippedVideos;
    if (m_hooks.cancelled() && done.load() < int(plans.size())) {
        summary.cancelled = true;
        return summary;
    }

    // Manifests, picture captions, and the final world.json.
    std::vector<ClipRecord> perSplit[3];
    std::map<std::pair<int, int>, int> trainPictures;  // (source, picture) shown in train clips
    for (const ClipPlan& plan : plans) {
        perSplit[plan.split].push_back(record(plan));
        if (plan.split != 0)
            continue;
        for (const auto& ev : plan.events)
            if (ev.onScreen)
                trainPictures[{ev.source, ev.look.picture}]++;
        for (const auto& seg : plan.segments)
            if (!seg.empty)
                trainPictures[{seg.look.source, seg.look.picture}]++;
    }
    for (int split = 0; split < 3; ++split)
        JsonlManifest::write(m_folder / ("manifest-" + std::string(kSplits[split]) + ".jsonl"), perSplit[split]);
    std::string lines;
    for (const auto& [key, uses] : trainPictures) {
        (void)uses;
        const LoadedSource& source = m_sources[size_t(key.first)];
        const Picture& picture = source.pictures[size_t(key.second)];
        const std::string& name = source.source->name;
        std::vector<std::string> captions{"a " + picture.kind + " of " + withArticle(name), name};
        if (!source.source->phrases.empty())
            captions.push_back(source.source->phrases[0]);
        for (const auto& d : source.source->descriptions)
            if (captions.size() < 4 && d.size() < 120)
                captions.push_back(d);
        nlohmann::ordered_json line;
        line["path"] = picture.path.string();
        line["label"] = name;
        line["captions"] = captions;
        lines += line.dump() + "\n";
    }
    writeFileAtomically(m_folder / "image-captions.jsonl", lines);

    for (const auto& entry : fs::directory_iterator(videos, error))
        if (entry.path().extension() == ".mp4" && entry.path().filename().string()[0] != '.')
            summary.videoBytes += entry.file_size(error);
    summary.videoCodec = VideoWriter::defaultVideoCodec();
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    writeFileAtomically(worldFile, worldJson(summary).dump(2) + "\n");
    return summary;
}

} // namespace

DemoWorldBuilder::DemoWorldBuilder(DemoSourceCatalog catalog, DemoWorldParams params)
    : m_catalog(std::move(catalog)), m_params(std::move(params))
{
}

DemoWorldSummary DemoWorldBuilder::build(const fs::path& folder, const JobHooks& hooks) const
{
    WorldJob job(m_catalog, m_params, folder, hooks);
    return job.run();
}

} // namespace soundframe
