#include "WindowPlayer.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace soundframe::gui {

WindowPlayer::WindowPlayer(QObject* parent) : QObject(parent), m_clock(new QTimer(this))
{
    m_clock->setInterval(30);
    connect(m_clock, &QTimer::timeout, this, [this] { onPosition(m_clockOrigin + m_elapsed.elapsed() / 1000.0); });
}

bool WindowPlayer::canPlayAudio()
{
    // FFmpeg is already a dependency; Qt's GStreamer backend crashes when its plugins are missing.
    if (qEnvironmentVariableIsEmpty("QT_MEDIA_BACKEND"))
        qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    // Without an output device Qt's players crash or stall.
    return !QMediaDevices::audioOutputs().isEmpty();
}

void WindowPlayer::ensurePlayer()
{
    if (m_player || m_silent)
        return;
    if (!canPlayAudio()) {  // move the position on a clock instead
        m_silent = true;
        return;
    }
    m_player = new QMediaPlayer(this);
    m_audioOutput = new QAudioOutput(this);
    m_player->setAudioOutput(m_audioOutput);
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 ms) { onPosition(ms / 1000.0); });
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::EndOfMedia)
            stop();
        // A seek sent before a new source has loaded can be lost: send it again once it has.
        if (status == QMediaPlayer::LoadedMedia && m_playing)
            m_player->setPosition(qint64(std::lround(m_position * 1000)));
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString& message) {
        stop();
        Q_EMIT errorOccurred(message);
    });
}

void WindowPlayer::play(const QString& path, double startSeconds, double endSeconds, double fromSeconds)
{
    stop();
    ensurePlayer();
    m_path = path;
    m_start = std::max(0.0, startSeconds);
    m_end = std::max(m_start, endSeconds);
    m_position = std::clamp(fromSeconds, m_start, m_end);
    m_playing = true;
    if (m_player) {
        if (m_player->source() != QUrl::fromLocalFile(path))
            m_player->setSource(QUrl::fromLocalFile(path));
        m_player->setPosition(qint64(std::lround(m_position * 1000)));
        m_player->play();
    } else {
        m_clockOrigin = m_position;
        m_elapsed.start();
        m_clock->start();
    }
    Q_EMIT started(m_path, m_start, m_end);
    Q_EMIT positionChanged(m_position);
}

void WindowPlayer::seek(double seconds)
{
    if (!m_playing)
        return;
    m_position = std::clamp(seconds, m_start, m_end);
    if (m_player) {
        m_player->setPosition(qint64(std::lround(m_position * 1000)));
    } else {
        m_clockOrigin = m_position;
        m_elapsed.restart();
    }
    Q_EMIT positionChanged(m_position);
}

void WindowPlayer::stop()
{
    if (!m_playing)
        return;
    m_playing = false;
    if (m_player)
        m_player->pause();
    m_clock->stop();
    Q_EMIT stopped();
}

void WindowPlayer::onPosition(double seconds)
{
    if (!m_playing)
        return;
    // A seek is asynchronous: positions before the window are the player's old place, not playback.
    if (seconds < m_start - 0.25)
        return;
    m_position = std::min(seconds, m_end);
    Q_EMIT positionChanged(m_position);
    if (seconds >= m_end)
        stop();
}

} // namespace soundframe::gui
