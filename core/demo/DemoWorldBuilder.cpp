#include "DemoWorldBuilder.h"

#include "base/AtomicWrite.h"
#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "base/ParallelTasks.h"
#include "data/JsonlManifest.h"
#include "demo/DemoBackground.h"
#include "demo/DemoCaptions.h"
#include "demo/DemoPicture.h"
#include "demo/DemoRandom.h"
#include "demo/DemoRecording.h"
#include "media/ImageFile.h"
#include "media/VideoWriter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace soundframe {
namespace {

namespace fs = std::filesystem;
const char* const kSplits[3] = {"train", "val", "test"};

struct LoadedSource {
    const DemoSource* source = nullptr;
    std::vector<DemoRecording> recordings;
    std::vector<DemoPicture> pictures;
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
    DemoLook look;
    std::string phrase;
};

struct Segment {
    double start = 0, end = 0;
    bool empty = true;
    DemoLook look;
};

struct ClipPlan {
    std::string id;
    int split = 0;
    uint64_t seed = 0;
    std::vector<PlannedEvent> events;
    std::vector<Segment> segments;
    DemoBackground background;
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
    DemoLook randomLook(DemoRandom& random, int source) const;
    void render(const ClipPlan& plan) const;
    nlohmann::ordered_json renderScene(int index) const;
    void drawLook(RgbImage& frame, const DemoLook& look, int areaX, int areaW) const;
    ClipRecord record(const ClipPlan& plan) const;
    nlohmann::ordered_json worldJson(const DemoWorldSummary& summary) const;
    fs::path placeInWorld(const fs::path& file) const;
    std::string pairsPath(const fs::path& image) const;

    const DemoSourceCatalog& m_catalog;
    const DemoWorldParams& m_params;
    fs::path m_folder;
    const JobHooks& m_hooks;
    std::vector<LoadedSource> m_sources;
    std::vector<std::string> m_skipped;
    std::string m_fingerprint;
};

// A file's path relative to the world folder when it lies inside it (gcompris' unpacked bundles),
// else empty. The catalog names unpacked files under the folder as given, possibly relative.
fs::path WorldJob::placeInWorld(const fs::path& file) const
{
    const fs::path inside = fs::absolute(file).lexically_normal().lexically_relative(fs::absolute(m_folder).lexically_normal());
    return inside.empty() || *inside.begin() == ".." ? fs::path() : inside;
}

// An image's "path" in image-captions.jsonl, which readers resolve against the world folder (as the
// scenes' "scenes/..."): its place in the world, else its absolute path. A world built in a relative
// folder once named unpacked pictures from the builder's working folder, and the stand-in skipped
// every one of them as unreadable.
std::string WorldJob::pairsPath(const fs::path& image) const
{
    const fs::path inside = placeInWorld(image);
    return inside.empty() ? fs::absolute(image).lexically_normal().string() : inside.string();
}

void WorldJob::load()
{
    const auto& sources = m_catalog.sources();
    m_sources.resize(sources.size());
    for (size_t i = 0; i < sources.size(); ++i) {
        LoadedSource& loaded = m_sources[i];
        loaded.source = &sources[i];
        for (const auto& path : sources[i].recordings) {
            try {
                loaded.recordings.push_back(DemoRecording::load(path, m_params.audioRate));
            } catch (const Error& e) {
                m_skipped.push_back(e.what());
            }
        }
        for (const auto& path : sources[i].pictures) {
            try {
                loaded.pictures.push_back(DemoPicture::load(path));
            } catch (const Error& e) {
                m_skipped.push_back(e.what());
            }
        }
    }
}

void WorldJob::assignSplits()
{
    if (m_params.splitBy == DemoSplitBy::Clip) {
        for (LoadedSource& source : m_sources)
            for (DemoRecording& recording : source.recordings)
                recording.split = DemoRecording::kEverySplit;
        return;
    }
    DemoRandom random(DemoRandom::mix(m_params.seed ^ 0x5eed5eedULL));
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

DemoLook WorldJob::randomLook(DemoRandom& random, int source) const
{
    DemoLook look;
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
    plan.seed = DemoRandom::mix(m_params.seed ^ DemoRandom::mix(uint64_t(split) * 1000003ULL + uint64_t(index))
                                ^ DemoRandom::hash(m_fingerprint));
    DemoRandom random(plan.seed);
    const double T = m_params.clipSeconds;

    // Recordings of this split, by source: a class is drawn first, then one of its
    // recordings, so classes with many variants (wesnoth's) do not crowd out the others.
    std::vector<std::pair<int, std::vector<int>>> candidates;
    for (size_t s = 0; s < m_sources.size(); ++s) {
        std::vector<int> recordings;
        for (size_t r = 0; r < m_sources[s].recordings.size(); ++r)
            if (m_sources[s].recordings[r].soundsIn(split))
                recordings.push_back(int(r));
        if (!recordings.empty())
            candidates.emplace_back(int(s), std::move(recordings));
    }
    if (candidates.empty())
        throw Error(std::string(kSplits[split]), "no recording in this split");

    // Fewer events are likelier (1 to 4: 50%, 21%, 16%, 13%): busy clips stay the exception.
    const double u = random.uniform(0, 1);
    const int count = m_params.minEvents + std::min(m_params.maxEvents - m_params.minEvents,
                                                    int(u * u * (m_params.maxEvents - m_params.minEvents + 1)));
    std::set<int> used;
    for (int e = 0; e < count; ++e) {
        // Prefer a source not yet in the clip (a repeat is allowed when nothing else is left), and
        // one with a picture unless this event is drawn to be one of the never-seen sounds.
        const bool unpictured = random.chance(m_params.unpicturedEventProbability);
        auto fits = [&](int pick) {
            const int s = candidates[size_t(pick)].first;
            return !used.count(s) && m_sources[size_t(s)].pictures.empty() == unpictured;
        };
        int pick = random.below(int(candidates.size()));
        for (int tries = 0; tries < 32 && !fits(pick); ++tries)
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

    plan.background = DemoBackground::draw(random);
    plan.noiseRms = random.uniform(m_params.noiseRmsMin, m_params.noiseRmsMax);

    std::vector<DemoCaptions::Heard> heard;
    for (const auto& ev : plan.events)
        heard.push_back({m_sources[size_t(ev.source)].source, ev.phrase, ev.start, ev.end});
    plan.captions = DemoCaptions::forClip(heard, random);
    return plan;
}

void WorldJob::drawLook(RgbImage& frame, const DemoLook& look, int areaX, int areaW) const
{
    m_sources[size_t(look.source)].pictures[size_t(look.picture)].draw(frame, look, areaX, areaW);
}

void WorldJob::render(const ClipPlan& plan) const
{
    DemoRandom random(plan.seed ^ 0xa5a5a5a5ULL);
    const int S = m_params.frameSize;
    const int rate = m_params.audioRate;
    const size_t total = size_t(std::llround(m_params.clipSeconds * rate));

    std::vector<float> audio(total, 0.f);
    for (const auto& ev : plan.events) {
        const std::vector<float> samples = m_sources[size_t(ev.source)].recordings[size_t(ev.recording)].excerpt(
            ev.offsetSeconds, ev.end - ev.start, ev.speed, ev.gainDb, rate);
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

    const RgbImage background = plan.background.paint(S, random);

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

// A still like a video frame (0 to 2 pictures on a background) with captions of what it shows:
// image-text pairs for the stand-in tower, so it learns to name sources inside composed scenes
// rather than only the isolated pictures. Written once; a re-run reuses it.
nlohmann::ordered_json WorldJob::renderScene(int index) const
{
    char name[32];
    std::snprintf(name, sizeof name, "scene-%05d.png", index);
    const fs::path path = m_folder / "scenes" / name;
    DemoRandom random(DemoRandom::mix(DemoRandom::hash(m_fingerprint) ^ DemoRandom::mix(0x5ce7e5ULL + uint64_t(index))));
    std::vector<int> pictured;
    for (size_t s = 0; s < m_sources.size(); ++s)
        if (!m_sources[s].pictures.empty())
            pictured.push_back(int(s));
    const double u = random.uniform(0, 1);
    const int count = std::min(int(pictured.size()), u < 0.1 ? 0 : u < 0.6 ? 1 : 2);
    random.shuffle(pictured);
    const int S = m_params.frameSize;
    RgbImage frame = DemoBackground::draw(random).paint(S, random);
    std::vector<DemoCaptions::Seen> seen;
    for (int k = 0; k < count; ++k) {
        const DemoLook look = randomLook(random, pictured[size_t(k)]);
        const int areaW = count == 1 ? S : S / 2;
        drawLook(frame, look, k * (S / 2), k == 0 ? areaW : S - S / 2);
        seen.push_back({m_sources[size_t(look.source)].source,
                        m_sources[size_t(look.source)].pictures[size_t(look.picture)].kind()});
    }
    const std::vector<std::string> captions = DemoCaptions::forScene(seen, random);
    if (!fs::exists(path))
        writePng(frame, path);
    nlohmann::ordered_json line;
    line["path"] = "scenes/" + std::string(name);
    line["label"] = seen.empty() ? "" : seen[0].source->name;
    line["captions"] = captions;
    return line;
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
            for (int split = 0; split < 3; ++split)
                if (r.soundsIn(split))
                    splits[kSplits[split]].push_back(r.path.string());
        c["recordings"] = splits;
        nlohmann::ordered_json pictures = nlohmann::json::array();
        for (const auto& p : source.pictures)
            pictures.push_back(p.path().string());
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
    p.validate(m_folder.string());

    // Identity of the content: params plus the exact source files.
    std::string identity = p.fingerprint();
    // Files unpacked into the world folder (gcompris' bundles) count by their place inside it, so
    // the same seed gives the same world in any folder.
    const auto named = [this](const fs::path& file) {
        const fs::path inside = placeInWorld(file);
        return inside.empty() ? file.string() : inside.string();
    };
    for (const auto& s : m_catalog.sources()) {
        identity += "|" + s.name;
        for (const auto& r : s.recordings)
            identity += ";" + named(r);
        for (const auto& q : s.pictures)
            identity += ";" + named(q);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)DemoRandom::hash(identity));
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
    fs::create_directories(m_folder / "scenes", error);
    for (const auto& entry : fs::directory_iterator(m_folder / "scenes", error))
        if (previous != m_fingerprint || entry.path().filename().string()[0] == '.')
            stale.push_back(entry.path());
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
            train |= r.soundsIn(0);
            test |= r.soundsIn(2);
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

    // Render in parallel (a clip's video is its own file; a finished one is kept).
    std::atomic<int> written{0}, skippedVideos{0};
    ParallelTasksOutcome rendered;
    try {
        rendered = runParallelTasks(
            int64_t(plans.size()), p.threads,
            [&](int64_t i) {
                if (fs::exists(plans[size_t(i)].video)) {
                    ++skippedVideos;
                } else {
                    render(plans[size_t(i)]);
                    ++written;
                }
            },
            m_hooks, "demo-world");
    } catch (const std::exception& e) {
        throw Error(m_folder, std::string("rendering failed: ") + e.what());
    }
    summary.videosWritten = written;
    summary.videosSkipped = skippedVideos;
    if (rendered.cancelled) {
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
        const DemoPicture& picture = source.pictures[size_t(key.second)];
        nlohmann::ordered_json line;
        line["path"] = pairsPath(picture.path());
        line["label"] = source.source->name;
        line["captions"] = DemoCaptions::forPicture(*source.source, picture.kind());
        lines += line.dump() + "\n";
    }
    for (int i = 0; i < p.sceneImages && !m_hooks.cancelled(); ++i) {
        lines += renderScene(i).dump() + "\n";
        if (i % 100 == 99)
            m_hooks.report({"demo-world", i + 1, int64_t(p.sceneImages), "scenes"});
    }
    if (m_hooks.cancelled()) {
        summary.cancelled = true;
        return summary;
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

bool DemoWorldBuilder::pairsResolve(const fs::path& folder)
{
    std::ifstream in(folder / "image-captions.jsonl");
    if (!in)
        return false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("path") || !j["path"].is_string())
            return false;
        fs::path image = j["path"].get<std::string>();
        if (image.is_relative())
            image = folder / image;
        if (!fs::exists(image))
            return false;
    }
    return true;
}

DemoWorldSummary DemoWorldBuilder::build(const fs::path& folder, const JobHooks& hooks) const
{
    WorldJob job(m_catalog, m_params, folder, hooks);
    return job.run();
}

} // namespace soundframe
