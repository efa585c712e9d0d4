#include "PrepareJob.h"

#include "FrameCacheWriter.h"
#include "base/AtomicWrite.h"
#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "media/AudioDecoder.h"
#include "media/VideoFrameReader.h"
#include "model/ImageEmbedder.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace soundframe {

namespace {

// A clip as a decoder thread hands it over: frames still to be embedded, or why it failed.
struct DecodedClip {
    size_t order = 0;  // the clip's place among those to prepare
    CachedClip clip;
    std::vector<RgbImage> frames;
    std::optional<SkipRecord> failure;
};

std::string clipKey(const ClipRecord& clip)
{
    if (!clip.id.empty())
        return clip.id;
    return clip.mediaPath + "#" + std::to_string(clip.start) + "-" + std::to_string(clip.end);
}

DecodedClip decodeClip(size_t order, const ClipRecord& record, const PrepareOptions& options, int frameSize)
{
    DecodedClip out;
    out.order = order;
    out.clip.clip = record;
    try {
        AudioDecodeOptions audioOptions;
        audioOptions.targetRate = options.audioRate;
        audioOptions.startSeconds = record.start;
        audioOptions.endSeconds = record.end;
        DecodedAudio audio = decodeAudio(record.mediaPath, audioOptions);
        if (audio.samples.empty())
            throw Error(record.mediaPath, "no audio in the clip window");
        const auto start = SampleTime::fromSeconds(record.start, options.audioRate);
        const SampleTime end{start.index + int64_t(audio.samples.size()), options.audioRate};
        const int frameCount = options.framesPerClip > 0
            ? options.framesPerClip
            : ClipTimeline::frameCountFor(double(audio.samples.size()) / options.audioRate,
                                          options.framesPerSecond);
        const ClipTimeline timeline(start, end, frameCount);
        out.clip.frameSeconds = timeline.allFrameSeconds();
        if (options.withFrames) {
            VideoFrameReader video(record.mediaPath);
            out.frames = video.framesAt(out.clip.frameSeconds, frameSize);
        }
        out.clip.audio = torch::from_blob(audio.samples.data(), {int64_t(audio.samples.size())},
                                          torch::kFloat32).clone();
    } catch (const Error& e) {
        out.failure = SkipRecord{record.mediaPath, e.reason()};
    } catch (const std::exception& e) {
        out.failure = SkipRecord{record.mediaPath, e.what()};
    }
    return out;
}

// Decoders push, the embedding thread pops; bounded so decoding cannot run far ahead of embedding.
class DecodedQueue {
public:
    explicit DecodedQueue(size_t capacity) : m_capacity(capacity) {}
    void push(DecodedClip item)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_items.size() < m_capacity; });
        m_items.push_back(std::move(item));
        m_notEmpty.notify_one();
    }
    // Blocks until an item arrives or every producer has finished; nullopt at the end.
    std::optional<DecodedClip> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_items.empty() || m_producers == 0; });
        if (m_items.empty())
            return std::nullopt;
        auto item = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return item;
    }
    void setProducers(int n) { m_producers = n; }
    void producerDone()
    {
        std::lock_guard lock(m_mutex);
        --m_producers;
        m_notEmpty.notify_all();
    }

private:
    size_t m_capacity;
    int m_producers = 0;
    std::mutex m_mutex;
    std::condition_variable m_notFull, m_notEmpty;
    std::deque<DecodedClip> m_items;
};

void writeSkipList(const std::filesystem::path& file, const std::vector<SkipRecord>& skipped)
{
    std::string text;
    for (const auto& s : skipped)
        text += nlohmann::json{{"where", s.where}, {"reason", s.reason}}.dump() + "\n";
    writeFileAtomically(file, text);
}

} // namespace

std::map<std::string, int> PrepareSummary::skippedByReason() const
{
    std::map<std::string, int> counts;
    for (const auto& s : skipped)
        ++counts[s.reason.substr(0, s.reason.find(':'))];
    return counts;
}

PrepareJob::PrepareJob(PrepareOptions options, ImageEmbedder* embedder)
    : m_options(std::move(options)), m_embedder(embedder)
{
    if (m_options.withFrames && !m_embedder)
        throw Error("prepare: frames were asked for but no image encoder was given");
    if (m_options.cacheDir.empty())
        throw Error("prepare: no cache folder given");
    if (m_options.audioRate <= 0 || m_options.framesPerSecond <= 0 || m_options.framesPerClip < 0)
        throw Error("prepare: audio rate and frames per second must be positive");
}

PrepareSummary PrepareJob::run(const std::vector<ClipRecord>& clips, const JobHooks& hooks,
                               const std::vector<SkipRecord>& earlierSkips)
{
    const auto started = std::chrono::steady_clock::now();
    CacheSettings settings;
    settings.withFrames = m_options.withFrames;
    if (m_embedder && m_options.withFrames) {
        settings.encoderIdentity = m_embedder->identity();
        settings.embeddingDim = m_embedder->embeddingDim();
        settings.frameSize = m_embedder->inputSize();
    }
    settings.framesPerSecond = m_options.framesPerSecond;
    settings.framesPerClip = m_options.framesPerClip;
    settings.audioRate = m_options.audioRate;
    FrameCacheWriter cache(m_options.cacheDir, settings, m_options.shardSize);

    PrepareSummary summary;
    summary.skipped = earlierSkips;
    std::vector<ClipRecord> todo;
    std::set<std::string> seen;
    for (const auto& clip : clips) {
        ClipRecord keyed = clip;
        keyed.id = clipKey(clip);
        if (!seen.insert(keyed.id).second)
            summary.skipped.push_back({clip.mediaPath, "duplicate clip id: '" + keyed.id + "' appears twice"});
        else if (cache.finishedIds().count(keyed.id))
            ++summary.alreadyCached;
        else
            todo.push_back(std::move(keyed));
    }
    const auto total = int64_t(clips.size() + earlierSkips.size());
    const auto report = [&](const std::string& message) {
        hooks.report({"prepare", summary.alreadyCached + summary.cached + int64_t(summary.skipped.size()),
                      total, message});
    };

    int workers = m_options.decodeThreads > 0 ? m_options.decodeThreads
                                              : std::max(1, int(std::thread::hardware_concurrency()));
    workers = int(std::min<size_t>(size_t(workers), std::max<size_t>(todo.size(), 1)));
    DecodedQueue queue(size_t(2 * workers));
    queue.setProducers(workers);
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    const int frameSize = settings.frameSize;
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&] {
            for (size_t i; !hooks.cancelled() && !failed && (i = next++) < todo.size();)
                queue.push(decodeClip(i, todo[i], m_options, frameSize));
            queue.producerDone();
        });

    // Embeds a batch of decoded clips in one forward pass and hands them to the cache. Clips are
    // cached in the order given and batched by that order alone, whichever decoder finishes first:
    // a cache's rows and embeddings are the same in every run, so a training seed means one run.
    std::vector<DecodedClip> batch;
    int64_t batchFrames = 0;
    const auto storeBatch = [&] {
        if (batch.empty())
            return;
        if (m_options.withFrames) {
            std::vector<RgbImage> frames;
            for (auto& d : batch)
                for (auto& f : d.frames)
                    frames.push_back(std::move(f));
            const torch::Tensor embeddings = m_embedder->embed(frames);
            int64_t row = 0;
            for (auto& d : batch) {
                const auto n = int64_t(d.clip.frameSeconds.size());
                d.clip.frameEmbeddings = embeddings.slice(0, row, row + n).clone();
                row += n;
            }
            summary.framesDecoded += int64_t(frames.size());
        }
        for (auto& d : batch) {
            const std::string id = d.clip.clip.id;
            cache.add(std::move(d.clip));
            ++summary.cached;
            report(id);
        }
        batch.clear();
        batchFrames = 0;
    };

    std::map<size_t, DecodedClip> early;  // decoded ahead of a clip still being decoded
    size_t nextInOrder = 0;
    try {
        while (auto item = queue.pop()) {
            const size_t order = item->order;
            early.emplace(order, std::move(*item));
            for (auto it = early.find(nextInOrder); it != early.end(); it = early.find(++nextInOrder)) {
                DecodedClip d = std::move(it->second);
                early.erase(it);
                if (d.failure) {
                    summary.skipped.push_back(*d.failure);
                    report(d.failure->where + ": " + d.failure->reason);
                    continue;
                }
                batchFrames += int64_t(d.frames.size());
                batch.push_back(std::move(d));
                if (batchFrames >= m_options.embedBatchFrames)
                    storeBatch();
            }
        }
        storeBatch();
    } catch (...) {
        // A failing image tower (or a full disk) ends the job; clips already flushed are kept.
        failed = true;
        while (queue.pop()) {
        }
        for (auto& t : threads)
            t.join();
        try {
            cache.flush();
        } catch (...) {
        }
        throw;
    }
    for (auto& t : threads)
        t.join();
    cache.flush();
    summary.cancelled = hooks.cancelled() && next.load() < todo.size();
    writeSkipList(m_options.cacheDir / "skipped.jsonl", summary.skipped);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace soundframe
