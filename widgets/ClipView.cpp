#include "ClipView.h"

#include "ClipMediaLoader.h"
#include "SpectrogramWidget.h"
#include "WindowPlayer.h"
#include "base/ClipTimeline.h"
#include "base/Error.h"
#include "data/CacheSettings.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QStyle>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace soundframe::gui {

namespace {

QString clockText(double seconds)
{
    const int tenths = int(std::lround(std::max(0.0, seconds) * 10));
    return QStringLiteral("%1:%2.%3").arg(tenths / 600).arg(tenths / 10 % 60, 2, 10, QLatin1Char('0')).arg(tenths % 10);
}

} // namespace

ClipView::ClipView(QWidget* parent)
    : QWidget(parent),
      m_watcher(new QFutureWatcher<ClipMedia>(this)),
      m_pictureWatcher(new QFutureWatcher<QImage>(this)),
      m_player(new WindowPlayer(this))
{
    m_title = new QLabel(tr("Select a clip in the library"), this);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_frame = new QLabel(this);
    m_frame->setAlignment(Qt::AlignCenter);
    m_frame->setMinimumSize(240, 180);
    m_frame->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_frame->installEventFilter(this);
    m_frame->setToolTip(tr("The frame at the playhead: while paused the video's own frame, while playing the "
                           "cached frame (Left/Right: previous/next video frame; Shift+Left/Right: cached frame)"));
    m_frameInfo = new QLabel(this);
    m_frameInfo->setAlignment(Qt::AlignCenter);
    m_strip = new QListWidget(this);
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setIconSize(QSize(96, 72));
    m_strip->setFixedHeight(120);
    m_strip->setToolTip(tr("The cached frames (what training saw) at their frame times, numbered from 0; "
                           "click one to move the playhead there"));
    m_spectrogram = new SpectrogramWidget(this);
    m_spectrogram->setAxesVisible(true);
    m_spectrogram->setMinimumHeight(150);
    m_spectrogram->setToolTip(tr("Log-mel spectrogram: time in seconds, frequency on the mel scale labelled in Hz; "
                                 "ticks mark the cached frame times, bands the annotated sound events.\n"
                                 "Click or drag: move the playhead. Wheel: zoom time around the cursor. "
                                 "Right-drag, or drag the time axis: pan. Double-click: the whole clip.\n"
                                 "The readout gives time, frequency, mel band and level (dB of the band's power)."));
    m_playButton = new QPushButton(this);
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_playButton->setToolTip(tr("Play or pause the clip's audio (Space)"));
    m_scrubber = new QSlider(Qt::Horizontal, this);
    m_scrubber->setToolTip(tr("Playhead: drag to seek (Left/Right: one video frame; Shift+Left/Right: one cached frame)"));
    m_time = new QLabel(clockText(0), this);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    connect(m_playButton, &QPushButton::clicked, this, &ClipView::togglePlay);
    connect(m_scrubber, &QSlider::sliderMoved, this, [this](int ms) { seek(ms / 1000.0); });
    connect(m_spectrogram, &SpectrogramWidget::seekRequested, this, &ClipView::seek);
    connect(m_strip, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_media.frameSeconds.size() && row != currentFrame())
            seek(m_media.frameSeconds[row]);
    });
    connect(m_watcher, &QFutureWatcher<ClipMedia>::finished, this, &ClipView::onLoaded);
    connect(m_pictureWatcher, &QFutureWatcher<QImage>::finished, this, &ClipView::onPictureDecoded);
    connect(m_player, &WindowPlayer::positionChanged, this, &ClipView::onPlayerPosition);
    connect(m_player, &WindowPlayer::stopped, this, &ClipView::onPlaybackStopped);
    connect(m_player, &WindowPlayer::errorOccurred, this,
            [this](const QString& message) { m_status->setText(tr("Playback: %1").arg(message)); });

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_playButton);
    controls->addWidget(m_scrubber, 1);
    controls->addWidget(m_time);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_frame, 3);
    layout->addWidget(m_frameInfo);
    layout->addLayout(controls);
    layout->addWidget(m_spectrogram, 2);
    layout->addWidget(m_strip);
    layout->addWidget(m_status);
}

ClipView::~ClipView()
{
    // The loader cannot be interrupted; it is short (one clip), so wait rather than leak it.
    m_watcher->disconnect(this);
    m_watcher->waitForFinished();
    m_pictureWatcher->disconnect(this);
    m_pictureWatcher->waitForFinished();
}

void ClipView::setProject(const Project& project)
{
    pause();
    m_project = project;
    m_clipId.clear();
    m_media = ClipMedia();
    m_wantedPicture = -1;
    m_shownVideoFrame = -1;
    m_title->setText(tr("Select a clip in the library"));
    m_frame->clear();
    m_pictureImage = QImage();
    m_frameInfo->clear();
    m_strip->clear();
    m_spectrogram->clear();
    m_status->clear();
}

int ClipView::framesFor(const ClipRecord& clip) const
{
    // Show the frames training saw: the prepared cache's frame plan when there is one.
    const QString cache = m_project.cacheFolder(QString::fromStdString(clip.split));
    if (cache.isEmpty())
        return 0;
    try {
        const CacheSettings settings = CacheSettings::read(QDir(cache).filePath(QStringLiteral("cache.json")).toStdString());
        if (settings.framesPerClip > 0)
            return settings.framesPerClip;
        if (clip.duration() > 0)
            return ClipTimeline::frameCountFor(clip.duration(), settings.framesPerSecond);
    } catch (const Error&) {
        // An unreadable cache only costs the frame plan: fall back to one frame per second.
    }
    return 0;
}

void ClipView::showClip(const QString& clipId)
{
    const ClipRecord* clip = m_project.clip(clipId);
    if (!clip) {
        m_status->setText(tr("No clip %1 in this project").arg(clipId));
        return;
    }
    pause();
    m_clipId = clipId;
    m_clip = *clip;
    m_media = ClipMedia();
    m_position = 0;
    m_wantedPicture = -1;
    m_shownVideoFrame = -1;
    QStringList captions;
    for (const std::string& c : clip->captions)
        captions << QString::fromStdString(c).toHtmlEscaped();
    m_title->setText(QStringLiteral("<b>%1</b> — %2").arg(clipId.toHtmlEscaped(), captions.join(QStringLiteral("; "))));
    m_frame->clear();
    m_pictureImage = QImage();
    m_frameInfo->clear();
    m_strip->clear();
    m_spectrogram->clear();
    QVector<SpectrogramWidget::Event> events;
    for (const SoundEvent& e : clip->events)
        events.push_back({QString::fromStdString(e.label), e.start, e.end});
    m_spectrogram->setEvents(events);
    m_status->setText(tr("Decoding %1…").arg(QString::fromStdString(clip->mediaPath)));
    const int generation = ++m_generation;
    const ClipRecord record = *clip;
    const int frames = framesFor(record);
    m_watcher->setProperty("generation", generation);
    m_watcher->setFuture(QtConcurrent::run([record, frames] { return ClipMediaLoader::load(record, frames); }));
}

bool ClipView::isLoading() const
{
    return m_watcher->isRunning();
}

void ClipView::onLoaded()
{
    if (m_watcher->property("generation").toInt() != m_generation || m_watcher->future().resultCount() == 0)
        return;  // a newer clip was asked for meanwhile
    m_media = m_watcher->result();
    m_spectrogram->setSpectrogram(m_media);
    m_strip->clear();
    for (int i = 0; i < m_media.frames.size(); ++i) {
        auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(m_media.frames[i])),
                                         tr("%1 · %2").arg(i).arg(clockText(m_media.frameSeconds.value(i))), m_strip);
        // Numbered from 0, as the cache, the Alignment view and the exported layers number them.
        item->setToolTip(tr("Frame %1 at %2 s").arg(i).arg(m_media.frameSeconds.value(i), 0, 'f', 2));
    }
    m_scrubber->setRange(0, int(std::lround(m_media.durationSeconds * 1000)));
    m_status->setText(m_media.error.isEmpty() ? QString() : tr("Some media could not be decoded: %1").arg(m_media.error));
    updatePlayhead();
    Q_EMIT mediaLoaded(m_clipId);
}

double ClipView::clipSeconds() const
{
    return m_media.durationSeconds > 0 ? m_media.durationSeconds : std::max(0.0, m_clip.duration());
}

void ClipView::play()
{
    if (m_clipId.isEmpty() || m_playing)
        return;
    const double length = clipSeconds();
    if (length > 0 && m_position >= length - 0.05)
        m_position = 0;
    const bool wasSilent = m_player->isSilent();
    m_playing = true;
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    // The clip is the player's window: it stops at the clip's end (or, length unknown, the file's).
    const double end = length > 0 ? m_clip.start + length : std::numeric_limits<double>::infinity();
    m_player->play(QString::fromStdString(m_clip.mediaPath), m_clip.start, end, m_clip.start + m_position);
    if (m_player->isSilent() && !wasSilent)
        m_status->setText(tr("No audio output device: the playhead moves without sound"));
}

void ClipView::pause()
{
    m_player->stop();  // onPlaybackStopped follows when it was playing
}

void ClipView::onPlaybackStopped()
{
    m_playing = false;
    m_playButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    updatePlayhead();  // paused: the picture becomes the video frame at the playhead
}

void ClipView::togglePlay()
{
    if (m_playing)
        pause();
    else
        play();
}

void ClipView::seek(double seconds)
{
    m_position = std::clamp(seconds, 0.0, clipSeconds());
    if (m_playing)
        m_player->seek(m_clip.start + m_position);  // its position comes back through onPlayerPosition
    else
        updatePlayhead();
}

void ClipView::stepFrame(int delta)
{
    if (m_media.frameSeconds.isEmpty())
        return;
    const int now = std::max(0, currentFrame());
    // From between frames, the first step lands on the current span's frame in that direction.
    int target = now + delta;
    const double here = m_media.frameSeconds[now];
    if (delta < 0 && m_position > here + 1e-6)
        target = now;
    else if (delta > 0 && m_position < here - 1e-6)
        target = now;
    target = std::clamp(target, 0, int(m_media.frameSeconds.size()) - 1);
    seek(m_media.frameSeconds[target]);
}

void ClipView::stepVideoFrame(int delta)
{
    const int now = currentVideoFrame();
    if (now < 0 || delta == 0) {
        stepFrame(delta);
        return;
    }
    // From inside a frame, the first step back lands on the start of the frame at the playhead.
    int target = now + delta;
    if (delta < 0 && m_position > videoFrameSeconds(now) + 1e-6)
        target += 1;
    const double fps = m_media.videoFrameRate;
    const int first = int(std::floor(m_clip.start * fps + 1e-6));
    const int last = int(std::floor((m_clip.start + m_media.durationSeconds) * fps - 1e-6)) - first;
    seek(videoFrameSeconds(std::clamp(target, 0, std::max(0, last))));
}

int ClipView::currentVideoFrame() const
{
    const double fps = m_media.videoFrameRate;
    if (fps <= 0 || m_media.frames.isEmpty())
        return -1;
    // Video frames are counted from the one showing at the clip's start; frame k of the file starts at k / fps.
    const int first = int(std::floor(m_clip.start * fps + 1e-6));
    return std::max(0, int(std::floor((m_clip.start + m_position) * fps + 1e-6)) - first);
}

double ClipView::videoFrameSeconds(int index) const
{
    const double fps = m_media.videoFrameRate;
    if (fps <= 0)
        return 0;
    const int first = int(std::floor(m_clip.start * fps + 1e-6));
    return std::max(0.0, (first + index) / fps - m_clip.start);
}

QString ClipView::frameText() const
{
    return m_frameInfo->text();
}

QImage ClipView::picture() const
{
    return m_frame->pixmap().toImage();
}

int ClipView::currentFrame() const
{
    const int n = int(m_media.frameSeconds.size());
    if (n == 0 || m_media.durationSeconds <= 0)
        return -1;
    return std::clamp(int(std::floor(m_position / m_media.durationSeconds * n)), 0, n - 1);
}

QString ClipView::statusText() const
{
    return m_status->text();
}

void ClipView::onPlayerPosition(double fileSeconds)
{
    if (!m_playing)
        return;
    m_position = std::max(0.0, fileSeconds - m_clip.start);
    updatePlayhead();
}

void ClipView::updatePlayhead()
{
    m_spectrogram->setPlayhead(m_position);
    if (!m_scrubber->isSliderDown())
        m_scrubber->setValue(int(std::lround(m_position * 1000)));
    m_time->setText(tr("%1 / %2").arg(clockText(m_position), clockText(m_media.durationSeconds)));
    const int frame = currentFrame();
    const int video = currentVideoFrame();
    const int cachedCount = int(m_media.frameSeconds.size());
    if (video >= 0 && frame >= 0) {
        const int videoCount = std::max(1, int(std::lround(m_media.durationSeconds * m_media.videoFrameRate)));
        m_frameInfo->setText(tr("Video frame %1 of %2 (%3 fps) · cached frame %4 of %5")
                                 .arg(video)
                                 .arg(videoCount)
                                 .arg(m_media.videoFrameRate, 0, 'g', 4)
                                 .arg(frame)
                                 .arg(cachedCount));
    } else if (frame >= 0) {
        m_frameInfo->setText(tr("Cached frame %1 of %2").arg(frame).arg(cachedCount));
    }
    if (frame >= 0 && frame < m_media.frames.size()) {
        // Paused on video: the decoded video frame replaces the cached one when it arrives; until
        // then the picture shown stays, so stepping does not flicker.
        const bool videoPicture = !m_playing && video >= 0;
        if (videoPicture && video != m_shownVideoFrame)
            requestPicture();
        if (!videoPicture || m_shownVideoFrame < 0) {
            m_shownVideoFrame = -1;
            showPicture(m_media.frames[frame]);
        }
        if (m_strip->currentRow() != frame) {
            const QSignalBlocker block(m_strip);
            m_strip->setCurrentRow(frame);
        }
    } else if (!m_media.frameSeconds.isEmpty()) {
        m_frame->setText(tr("No video frames"));
    }
    Q_EMIT positionChanged(m_position);
}

} // namespace soundframe::gui

namespace soundframe::gui {

void ClipView::requestPicture()
{
    m_wantedPicture = videoFrameSeconds(currentVideoFrame());
    if (!m_pictureWatcher->isRunning())
        startPictureDecode();
}

void ClipView::startPictureDecode()
{
    m_decodingPicture = m_wantedPicture;
    m_pictureGeneration = m_generation;
    const ClipRecord clip = m_clip;
    const double seconds = m_decodingPicture;
    m_pictureWatcher->setFuture(QtConcurrent::run([clip, seconds] { return ClipMediaLoader::loadFrame(clip, seconds); }));
}

void ClipView::onPictureDecoded()
{
    if (m_playing || m_wantedPicture < 0)
        return;  // playing shows cached frames; nothing wanted any more
    if (m_pictureGeneration != m_generation || std::abs(m_decodingPicture - m_wantedPicture) > 1e-9) {
        startPictureDecode();  // the clip or the playhead moved on while this one decoded
        return;
    }
    m_wantedPicture = -1;
    const QImage image = m_pictureWatcher->future().resultCount() > 0 ? m_pictureWatcher->result() : QImage();
    if (image.isNull())
        return;  // keep the cached frame
    m_shownVideoFrame = currentVideoFrame();
    showPicture(image);
    Q_EMIT pictureShown(m_decodingPicture);
}

void ClipView::showPicture(const QImage& image)
{
    m_pictureImage = image;
    m_frame->setPixmap(QPixmap::fromImage(image).scaled(m_frame->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

bool ClipView::eventFilter(QObject* watched, QEvent* event)
{
    // A clip chosen while this view was hidden was scaled to the label's size then, not as shown.
    if (watched == m_frame && event->type() == QEvent::Resize && !m_pictureImage.isNull() && !m_frame->pixmap().isNull())
        showPicture(m_pictureImage);
    return QWidget::eventFilter(watched, event);
}

} // namespace soundframe::gui
