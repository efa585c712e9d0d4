#include "media/LogMelSpectrogram.h"  // first: LibTorch's headers must come before Qt's keyword macros

#include "ClipMediaLoader.h"

#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "data/ClipRecord.h"
#include "media/AudioDecoder.h"
#include "media/MediaProbe.h"
#include "media/VideoFrameReader.h"

#include <QColor>
#include <QRgb>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace soundframe::gui {

namespace {

constexpr int kAudioRate = 16000;

QImage toQImage(const RgbImage& image, int height)
{
    QImage out(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    out = out.copy();  // own the pixels: `image` goes away
    if (height > 0 && out.height() != height)
        out = out.scaledToHeight(height, Qt::SmoothTransformation);
    return out;
}

// A magma-like ramp (black, purple, red-orange, pale yellow) for values in [0, 1].
QRgb colourFor(float v)
{
    static const float stops[][3] = {{0, 0, 4}, {80, 18, 123}, {182, 54, 121}, {251, 136, 97}, {252, 253, 191}};
    v = std::clamp(v, 0.0f, 1.0f) * 4.0f;
    const int i = std::min(3, int(v));
    const float t = v - float(i);
    const auto mix = [&](int c) { return int(stops[i][c] + (stops[i + 1][c] - stops[i][c]) * t + 0.5f); };
    return qRgb(mix(0), mix(1), mix(2));
}

// Fills the spectrogram image and its levels in dB.
void computeSpectrogram(const std::vector<float>& samples, ClipMedia& media)
{
    LogMelSpectrogram logMel(media.melOptions);
    torch::NoGradGuard noGrad;
    const auto wave = torch::from_blob(const_cast<float*>(samples.data()), {int64_t(samples.size())}, torch::kFloat32);
    const torch::Tensor mel = logMel->forward(wave).contiguous();  // [bands, frames]
    const int bands = int(mel.size(0)), frames = int(mel.size(1));
    // Show the top 80 dB (natural log: 80 dB = ln(10^8)) so silence does not flatten the range.
    const float top = mel.max().item<float>();
    const float floor = top - float(8 * std::log(10.0));
    const float* m = mel.data_ptr<float>();
    QImage image(frames, bands, QImage::Format_RGB32);
    for (int b = 0; b < bands; ++b) {
        auto* row = reinterpret_cast<QRgb*>(image.scanLine(bands - 1 - b));
        for (int f = 0; f < frames; ++f)
            row[f] = colourFor((m[b * frames + f] - floor) / (top - floor + 1e-6f));
    }
    media.spectrogram = image;
    // The front end's values are natural logs of power: 10 log10(x) = ln(x) * 10 / ln(10).
    const float toDb = float(10.0 / std::log(10.0));
    media.levelsDb.resize(qsizetype(bands) * frames);
    for (qsizetype i = 0; i < media.levelsDb.size(); ++i)
        media.levelsDb[i] = m[i] * toDb;
    media.bands = bands;
}

} // namespace

ClipMedia ClipMediaLoader::load(const ClipRecord& clip, int frameCount, int thumbnailHeight)
{
    ClipMedia media;
    media.clipId = QString::fromStdString(clip.id);
    QStringList errors;
    double start = clip.start, end = clip.end;
    try {
        if (end < 0) {
            end = probeMedia(clip.mediaPath).durationSeconds;
        }
    } catch (const Error& e) {
        errors << QString::fromStdString(e.what());
    }
    if (!(end > start)) {
        media.error = errors.isEmpty() ? QStringLiteral("%1: unknown duration").arg(QString::fromStdString(clip.mediaPath))
                                       : errors.join('\n');
        return media;
    }
    media.durationSeconds = end - start;
    const ClipTimeline timeline(SampleTime::fromSeconds(start, kAudioRate), SampleTime::fromSeconds(end, kAudioRate),
                                frameCount > 0 ? frameCount : ClipTimeline::frameCountFor(end - start, 1.0));
    const std::vector<double> times = timeline.allFrameSeconds();
    for (double t : times)
        media.frameSeconds << t - start;

    try {
        VideoFrameReader reader(clip.mediaPath);
        // A frame time at or past the container's end is an error; clamp into the video.
        std::vector<double> wanted = times;
        if (reader.durationSeconds() > 0)
            for (double& t : wanted)
                t = std::min(t, std::max(0.0, reader.durationSeconds() - 1e-3));
        for (const RgbImage& frame : reader.framesAt(wanted))
            media.frames << toQImage(frame, thumbnailHeight);
        media.videoFrameRate = reader.frameRate();
    } catch (const Error& e) {
        media.frames.clear();
        errors << QString::fromStdString(e.what());
    }

    try {
        AudioDecodeOptions options;
        options.targetRate = media.melOptions.sampleRate;
        options.startSeconds = start;
        // Without an end in the manifest, decode to the end of what decodes: a damaged file can
        // hold less audio than its header's duration, and showing that part beats showing none.
        options.endSeconds = clip.end;
        const DecodedAudio audio = decodeAudio(clip.mediaPath, options);
        if (audio.samples.size() > size_t(media.melOptions.nFft))
            computeSpectrogram(audio.samples, media);
        else
            errors << QStringLiteral("%1: %2 audio samples, too few for a spectrogram")
                          .arg(QString::fromStdString(clip.mediaPath))
                          .arg(audio.samples.size());
    } catch (const Error& e) {
        errors << QString::fromStdString(e.what());
    }
    media.error = errors.join('\n');
    return media;
}

QImage ClipMediaLoader::loadFrame(const ClipRecord& clip, double clipSeconds, int height)
{
    try {
        VideoFrameReader reader(clip.mediaPath);
        const double fps = reader.frameRate();
        double t = std::max(0.0, clip.start + clipSeconds);
        // The reader gives the first frame at or after t; a player shows the last one at or before.
        if (fps > 0)
            t = std::floor(t * fps + 1e-6) / fps;
        if (reader.durationSeconds() > 0)
            t = std::min(t, std::max(0.0, reader.durationSeconds() - 1e-3));
        const std::vector<RgbImage> frames = reader.framesAt({t});
        return frames.empty() ? QImage() : toQImage(frames.front(), height);
    } catch (const Error&) {
        return {};  // no video, or none there: the caller keeps what it shows
    }
}

ClipMedia ClipMediaLoader::loadSpectrogram(const QString& mediaPath, double startSeconds, double endSeconds)
{
    ClipMedia media;
    try {
        AudioDecodeOptions options;
        options.targetRate = media.melOptions.sampleRate;
        options.startSeconds = startSeconds;
        options.endSeconds = endSeconds;
        const DecodedAudio audio = decodeAudio(mediaPath.toStdString(), options);
        media.durationSeconds = double(audio.samples.size()) / media.melOptions.sampleRate;
        if (audio.samples.size() > size_t(media.melOptions.nFft))
            computeSpectrogram(audio.samples, media);
        else
            media.error = QStringLiteral("%1: %2 audio samples, too few for a spectrogram").arg(mediaPath).arg(audio.samples.size());
    } catch (const Error& e) {
        media.error = QString::fromStdString(e.what());
    }
    return media;
}

} // namespace soundframe::gui
