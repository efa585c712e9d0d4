#pragma once
// WindowPlayer: plays one window of a sound or video file's audio — from `start` to `end` seconds
// into the file — and stops at its end (the Query view plays the window a result matched; the
// Clip view plays its clip as the window, from the playhead).
//
//   auto* player = new WindowPlayer(this);
//   player->play("/sounds/dog.ogg", 2.5, 7.5);          // replaces whatever was playing
//   player->play("/sounds/dog.ogg", 2.5, 7.5, 4.0);     // the same window, from 4 s
//   player->seek(3.0);                                  // while playing; clamped to the window
//   connect(player, &WindowPlayer::positionChanged, spectrogram, &SpectrogramWidget::setPlayhead);
//   connect(player, &WindowPlayer::stopped, this, [] { ... });   // at the window's end or on stop()
//
// Times are seconds into the file. The media player (Qt Multimedia's FFmpeg backend unless
// QT_MEDIA_BACKEND says otherwise) is created on first play; with no audio output device the
// position moves on a clock without sound, so the views work (and tests run) anywhere.
// GUI thread only.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

class QAudioOutput;
class QMediaPlayer;
class QTimer;

namespace soundframe::gui {

class WindowPlayer : public QObject {
    Q_OBJECT
public:
    explicit WindowPlayer(QObject* parent = nullptr);

    // Plays the window [startSeconds, endSeconds] from fromSeconds (clamped to it), or from its start.
    void play(const QString& path, double startSeconds, double endSeconds, double fromSeconds);
    void play(const QString& path, double startSeconds, double endSeconds)
    {
        play(path, startSeconds, endSeconds, startSeconds);
    }
    void seek(double seconds);                      // while playing: moves within the window
    void stop();
    bool isPlaying() const { return m_playing; }
    bool isSilent() const { return m_silent; }    // no audio device: a clock stands in for the sound
    QString path() const { return m_path; }
    double windowStart() const { return m_start; }
    double windowEnd() const { return m_end; }
    double position() const { return m_position; }  // seconds into the file

Q_SIGNALS:
    void started(const QString& path, double startSeconds, double endSeconds);
    void positionChanged(double seconds);
    void stopped();
    void errorOccurred(const QString& message);

private:
    // Selects Qt's FFmpeg media backend (unless QT_MEDIA_BACKEND says otherwise) and says whether
    // an audio output exists; without one the position moves on a clock.
    static bool canPlayAudio();
    void ensurePlayer();
    void onPosition(double seconds);

    QString m_path;
    double m_start = 0;
    double m_end = 0;
    double m_position = 0;
    bool m_playing = false;
    bool m_silent = false;
    QMediaPlayer* m_player = nullptr;
    QAudioOutput* m_audioOutput = nullptr;
    QTimer* m_clock = nullptr;          // the silent clock's tick
    QElapsedTimer m_elapsed;            // since the silent clock started at m_clockOrigin
    double m_clockOrigin = 0;
};

} // namespace soundframe::gui
