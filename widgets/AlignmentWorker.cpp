// Torch first: Qt's `slots` macro breaks LibTorch's headers.
#include "eval/ClipAlignment.h"
#include "base/Error.h"
#include "data/FrameCacheReader.h"
#include "media/VideoFrameReader.h"
#include "model/AudioEncoder.h"

#include <torch/torch.h>

#include "AlignmentWorker.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <optional>

namespace soundframe {

namespace fs = std::filesystem;

struct AlignmentWorker::Open {
    QString encoderFolder;
    std::optional<AudioEncoder> encoder;
    QString cacheFolder;
    std::unique_ptr<FrameCacheReader> cache;
};

AlignmentWorker::AlignmentWorker(QObject* parent) : QObject(parent), m_open(std::make_unique<Open>()) {}

AlignmentWorker::~AlignmentWorker() = default;

void AlignmentWorker::compute(const AlignmentRequest& request)
{
    Q_EMIT computed(run(request));
}

namespace {
fs::path toPath(const QString& s)
{
    return fs::u8path(s.toStdString());
}

// How often each frame of `clipId` was chosen in a run's choices.jsonl (one JSON object a line).
QVector<int> recordedChoices(const QString& file, const std::string& clipId, int frames, QString& matching)
{
    QVector<int> counts;
    QFile in(file);
    if (file.isEmpty() || !in.open(QIODevice::ReadOnly))
        return counts;
    const QByteArray needle = QByteArray("\"") + QByteArray::fromStdString(clipId) + "\"";
    while (!in.atEnd()) {
        const QByteArray line = in.readLine();
        if (!line.contains(needle))  // cheap filter before parsing
            continue;
        const auto j = nlohmann::json::parse(line.toStdString(), nullptr, false);
        if (j.is_discarded() || j.value("clip", std::string()) != clipId)
            continue;
        const int frame = j.value("frame", -1);
        if (frame < 0 || frame >= frames)
            continue;
        if (counts.isEmpty())
            counts.fill(0, frames);
        ++counts[frame];
        matching = QString::fromStdString(j.value("matching", std::string()));
    }
    return counts;
}
} // namespace

AlignmentCurves AlignmentWorker::run(const AlignmentRequest& request)
{
    AlignmentCurves out;
    out.requestId = request.id;
    out.clipId = request.clipId;
    try {
        if (request.cacheFolder.isEmpty())
            throw Error("no prepared frame cache holds this clip's split");
        if (!m_open->cache || m_open->cacheFolder != request.cacheFolder) {
            m_open->cache.reset();
            m_open->cache = std::make_unique<FrameCacheReader>(toPath(request.cacheFolder));
            m_open->cacheFolder = request.cacheFolder;
        }
        if (!m_open->encoder || m_open->encoderFolder != request.encoderFolder) {
            m_open->encoder.reset();
            if (!QFile::exists(request.encoderFolder + "/model.safetensors"))
                throw Error(request.encoderFolder.toStdString(), "no trained audio encoder here");
            m_open->encoder = loadAudioEncoder(toPath(request.encoderFolder), torch::kCPU);
            m_open->encoderFolder = request.encoderFolder;
        }
        const auto& cache = *m_open->cache;
        const int64_t index = cache.indexOf(request.clipId.toStdString());
        if (index < 0)
            throw Error(request.cacheFolder.toStdString(), "the cache holds no clip " + request.clipId.toStdString());
        if (cache.settings().audioRate != (*m_open->encoder)->config().logMel.sampleRate)
            throw Error(request.cacheFolder.toStdString(), "the cache's audio rate differs from the audio encoder's");
        const CachedClip clip = cache.load(size_t(index));
        const ClipAlignment a = computeClipAlignment(*m_open->encoder, clip, request.segmentSeconds, torch::kCPU);

        const int L = int(a.audioToFrame.size());
        out.frameSeconds = QVector<double>(clip.frameSeconds.begin(), clip.frameSeconds.end());
        out.audioToFrame = QVector<double>(a.audioToFrame.begin(), a.audioToFrame.end());
        for (const auto& row : a.segmentToFrame)
            out.segmentToFrame += QVector<double>(row.begin(), row.end());
        out.argmaxFrame = a.argmaxFrame;
        out.choiceCounts = recordedChoices(request.choicesFile, clip.clip.id, L, out.choiceMatching);

        if (request.mediaPath.isEmpty()) {
            out.thumbnailError = tr("no media file");
        } else {
            try {
                VideoFrameReader reader(toPath(request.mediaPath));
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
        out.error = QString::fromLocal8Bit(e.what()).section('\n', 0, 2);
    }
    return out;
}

} // namespace soundframe
