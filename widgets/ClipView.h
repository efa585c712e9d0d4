#pragma once
// ClipView: one clip to look at and listen to — play/pause/seek its audio (Qt Multimedia), the
// strip of frames at the clip's frame times, a large view of the frame at the playhead, a scrubber,
// and the log-mel spectrogram with the annotated events on the same time axis.
//
//   auto* clip = new ClipView(this);
//   clip->setProject(project);
//   clip->showClip("test-00003");     // decodes frames and spectrogram on a pool thread
//   clip->togglePlay();               // Space in the main window; stepFrame(±1) for the arrows
//
// Times are seconds from the clip's start. The media player (Qt Multimedia's FFmpeg backend unless
// QT_MEDIA_BACKEND says otherwise) is created on first play; with no audio output device the
// playhead moves on a clock without sound, so the view works (and tests run) anywhere. Playback
// errors show in the status line.
// GUI thread only.
#include "ClipMedia.h"
#include "Project.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QWidget>

class QAudioOutput;
class QLabel;
class QListWidget;
class QMediaPlayer;
class QPushButton;
class QSlider;
class QTimer;

namespace soundframe::gui {

class SpectrogramWidget;

class ClipView : public QWidget {
    Q_OBJECT
public:
    explicit ClipView(QWidget* parent = nullptr);
    ~ClipView() override;

    void setProject(const Project& project);
    void showClip(const QString& clipId);
    QString clipId() const { return m_clipId; }

    void play();
    void pause();
    void togglePlay();
    void seek(double seconds);
    void stepFrame(int delta);          // to the previous / next frame time

    bool isLoading() const;
    bool isPlaying() const { return m_playing; }
    double position() const { return m_position; }
    double duration() const { return m_media.durationSeconds; }
    int frameCount() const { return int(m_media.frameSeconds.size()); }
    int currentFrame() const;           // index of the frame whose span holds the playhead; -1: none
    const ClipMedia& media() const { return m_media; }
    QString statusText() const;
    SpectrogramWidget* spectrogram() const { return m_spectrogram; }
    QListWidget* frameStrip() const { return m_strip; }

Q_SIGNALS:
    void mediaLoaded(const QString& clipId);
    void positionChanged(double seconds);

private:
    void onLoaded();
    void ensurePlayer();
    void onPlayerPosition(qint64 ms);
    void onSilentTick();
    void updatePlayhead();
    int framesFor(const ClipRecord& clip) const;

    Project m_project;
    QString m_clipId;
    ClipRecord m_clip;
    ClipMedia m_media;
    double m_position = 0;
    bool m_playing = false;
    int m_generation = 0;
    QFutureWatcher<ClipMedia>* m_watcher = nullptr;
    QMediaPlayer* m_player = nullptr;
    QAudioOutput* m_audioOutput = nullptr;
    bool m_silent = false;             // no audio device: a clock moves the playhead
    QTimer* m_silentTimer = nullptr;
    QElapsedTimer m_silentClock;
    double m_silentStartPosition = 0;

    QLabel* m_title = nullptr;
    QLabel* m_frame = nullptr;
    QListWidget* m_strip = nullptr;
    SpectrogramWidget* m_spectrogram = nullptr;
    QPushButton* m_playButton = nullptr;
    QSlider* m_scrubber = nullptr;
    QLabel* m_time = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace soundframe::gui
