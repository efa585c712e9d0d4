// Torch first: Qt's `slots` macro breaks LibTorch's headers.
#include "eval/AlignmentFile.h"
#include "eval/ClipAlignment.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "media/VideoFrameReader.h"
#include "model/AudioEncoder.h"
#include "train/FrameChoiceLog.h"

#include <torch/torch.h>

#include "AlignmentWorker.h"

#include <QFileInfo>
#include <QHash>

#include <optional>

namespace soundframe::gui {

namespace fs = std::filesystem;

// Per file (each run's choices.jsonl and watched_picks.jsonl): its version and its lines.
using ChoiceFiles = QHash<QString, std::pair<QString, std::vector<FrameChoice>>>;

// What is kept open between requests: side-by-side runs ask in turn, so one encoder per run.
struct AlignmentWorker::Open {
    QHash<QString, std::shared_ptr<AudioEncoder>> encoders;  // by folder
    QString cacheFolder;
    std::unique_ptr<FrameCacheReader> cache;
    ChoiceFiles choices;
    QHash<QString, AlignmentSummary> summaries;              // by file + modification time
};

AlignmentWorker::AlignmentWorker(QObject* parent) : QObject(parent), m_open(std::make_unique<Open>()) {}

AlignmentWorker::~AlignmentWorker() = default;

void AlignmentWorker::compute(const AlignmentRequest& request)
{
    Q_EMIT computed(run(request));
}

namespace {
fs::path fsPath(const QString& s)
{
    return fs::u8path(s.toStdString());
}

// A file's identity for the caches: its path and when it last changed (a run still training appends).
QString versionKey(const QString& file)
{
    const QFileInfo info(file);
    return file + '|' + QString::number(info.lastModified().toMSecsSinceEpoch()) + '|' + QString::number(info.size());
}

// The lines of a choices.jsonl-like file, read again when it changed; none when it is missing.
const std::vector<FrameChoice>& choicesIn(ChoiceFiles& files, const QString& file)
{
    static const std::vector<FrameChoice> none;
    if (file.isEmpty() || !QFileInfo::exists(file))
        return none;
    const QString key = versionKey(file);
    auto& [version, lines] = files[file];
    if (version != key) {  // new, or appended to since (a run still training)
        const fs::path path = fsPath(file);
        lines = FrameChoiceLog::read(path.parent_path(), path.filename().string());
        version = key;
    }
    return lines;
}
} // namespace

void AlignmentWorker::addRecordedChoices(const AlignmentRequest& request, const std::string& clipId, int frames,
                                         AlignmentCurves& out)
{
    // A training clip's choices; for a clip the run never trained on, its watched picks if any.
    for (const bool watched : {false, true}) {
        const std::vector<FrameChoice>& all = choicesIn(m_open->choices, watched ? request.watchedFile : request.choicesFile);
        for (const FrameChoice& c : all) {
            if (c.clip != clipId || c.frame < 0 || c.frame >= frames)
                continue;
            if (out.choiceCounts.isEmpty())
                out.choiceCounts.fill(0, frames);
            ++out.choiceCounts[c.frame];
            out.choiceMatching = QString::fromStdString(c.matching);
        }
        if (out.choiceCounts.isEmpty())
            continue;
        const std::vector<int> perEpoch = FrameChoiceLog::framePerEpoch(all, clipId, request.epochs);
        out.choicePerEpoch = QVector<int>(perEpoch.begin(), perEpoch.end());
        out.warmupEpochs = std::min(request.warmupEpochs, int(perEpoch.size()));
        out.choicesWatched = watched;
        return;
    }
}

void AlignmentWorker::addSummary(const AlignmentRequest& request, AlignmentCurves& out)
{
    if (request.alignmentFile.isEmpty() || !QFileInfo::exists(request.alignmentFile)) {
        out.summaryError = tr("no evaluation of this run yet (eval/alignment.json)");
        return;
    }
    const QString key = versionKey(request.alignmentFile) + '|' + QString::number(request.sourceFrames.size());
    try {
        if (!m_open->summaries.contains(key))
            m_open->summaries.insert(key, AlignmentSummary::compute(AlignmentFile::read(fsPath(request.alignmentFile)),
                                                                    request.sourceFrames));
        out.summary = m_open->summaries[key];
        out.hasSummary = true;
    } catch (const Error& e) {
        out.summaryError = QString::fromStdString(e.what());
    }
}

AlignmentCurves AlignmentWorker::run(const AlignmentRequest& request)
{
    AlignmentCurves out;
    out.requestId = request.id;
    out.clipId = request.clipId;
    out.runName = request.runName;
    out.matching = request.matching;
    try {
        if (request.cacheFolder.isEmpty())
            throw Error("no prepared frame cache holds this clip's split");
        if (!m_open->cache || m_open->cacheFolder != request.cacheFolder) {
            m_open->cache.reset();
            m_open->cache = std::make_unique<FrameCacheReader>(fsPath(request.cacheFolder));
            m_open->cacheFolder = request.cacheFolder;
        }
        std::shared_ptr<AudioEncoder> encoder = m_open->encoders.value(request.encoderFolder);
        if (!encoder) {
            if (!QFileInfo::exists(request.encoderFolder + "/model.safetensors"))
                throw Error(request.encoderFolder.toStdString(), "no trained audio encoder here");
            encoder = std::make_shared<AudioEncoder>(loadAudioEncoder(fsPath(request.encoderFolder), torch::kCPU));
            m_open->encoders.insert(request.encoderFolder, encoder);
        }
        const auto& cache = *m_open->cache;
        const int64_t index = cache.indexOf(request.clipId.toStdString());
        if (index < 0)
            throw Error(request.cacheFolder.toStdString(), "the cache holds no clip " + request.clipId.toStdString());
        if (cache.settings().audioRate != (*encoder)->config().logMel.sampleRate)
            throw Error(request.cacheFolder.toStdString(), "the cache's audio rate differs from the audio encoder's");
        const CachedClip clip = cache.load(size_t(index));
        const ClipAlignment a = computeClipAlignment(*encoder, clip, request.segmentSeconds, torch::kCPU);

        const int L = int(a.audioToFrame.size());
        out.frameSeconds = QVector<double>(clip.frameSeconds.begin(), clip.frameSeconds.end());
        out.audioToFrame = QVector<double>(a.audioToFrame.begin(), a.audioToFrame.end());
        for (const auto& row : a.segmentToFrame)
            out.segmentToFrame += QVector<double>(row.begin(), row.end());
        out.argmaxFrame = a.argmaxFrame;
        addRecordedChoices(request, clip.clip.id, L, out);
        addSummary(request, out);

        if (request.withThumbnails && request.mediaPath.isEmpty()) {
            out.thumbnailError = tr("no media file");
        } else if (request.withThumbnails) {
            try {
                VideoFrameReader reader(fsPath(request.mediaPath));
                for (const RgbImage& image : reader.framesAt(clip.frameSeconds)) {
                    const QImage view(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
                    out.thumbnails << view.scaledToWidth(request.thumbnailWidth, Qt::SmoothTransformation);
                }
            } catch (const Error& e) {
                out.thumbnails.clear();
                out.thumbnailError = QString::fromStdString(e.what());
            }
        }
    } catch (const std::exception& e) {
        // Error, torch's c10::Error and JSON errors alike end up as the view's message.
        out = AlignmentCurves();
        out.requestId = request.id;
        out.clipId = request.clipId;
        out.runName = request.runName;
        out.matching = request.matching;
        out.error = QString::fromLocal8Bit(e.what()).section('\n', 0, 2);
    }
    return out;
}

} // namespace soundframe::gui
