#pragma once
// ClipView: one clip to look at and listen to — play/pause/seek its audio (Qt Multimedia), the
// strip of frames at the clip's frame times, a large view of the frame at the playhead, a scrubber,
// and the log-mel spectrogram with the annotated events on the same time axis.
//
//   auto* clip = new ClipView(this);
//   clip->setProject(project);
//   clip->showClip("test-00003");     // decodes frames and spectrogram on a pool thread
//   clip->togglePlay();               // Space in the main window
//   clip->stepVideoFrame(1);          // Right: the next frame of the video (e.g. 1/8 s on)
//   clip->stepFrame(1);               // Shift+Right: the next cached frame (what training saw)
//
// Two kinds of frames: the video's own (at its frame rate) and the cached frames, the few frame
// times per clip that the prepared cache embedded (ClipTimeline), numbered from 0 as the cache,
// the Alignment view and the exports number them. While paused the large picture is the video
// frame at the playhead, decoded on a pool thread; while playing, and for audio-only clips, it is
// the cached frame whose span holds the playhead. The spectrogram has time and frequency axes,
// zooms in time and reads out the level under the cursor (see SpectrogramWidget).
// Times are seconds from the clip's start. A WindowPlayer plays the clip (its stretch of the media
// file) from the playhead; with no audio output device the playhead moves on a clock without
// sound, so the view works (and tests run) anywhere. Playback errors show in the status line.
// GUI thread only.
#include "ClipMedia.h"
#include "Project.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QSlider;

namespace soundframe::gui {

class SpectrogramWidget;
class WindowPlayer;

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
    void stepFrame(int delta);          // to the previous / next cached frame time
    // To the start of the previous / next video frame; without video (or a known frame rate),
    // by cached frame as stepFrame.
    void stepVideoFrame(int delta);

    bool isLoading() const;
    bool isPlaying() const { return m_playing; }
    double position() const { return m_position; }
    double duration() const { return m_media.durationSeconds; }
    int frameCount() const { return int(m_media.frameSeconds.size()); }
    int currentFrame() const;           // index of the cached frame whose span holds the playhead; -1: none
    double videoFrameRate() const { return m_media.videoFrameRate; }  // 0: no video
    int currentVideoFrame() const;      // index of the video frame shown at the playhead; -1: no video
    double videoFrameSeconds(int index) const;  // when video frame `index` starts, from the clip start
    QString frameText() const;          // the frame line under the picture: video and cached frame
    QImage picture() const;             // the large picture as shown (scaled to its label, also after a resize)
    const ClipMedia& media() const { return m_media; }
    QString statusText() const;
    SpectrogramWidget* spectrogram() const { return m_spectrogram; }
    QListWidget* frameStrip() const { return m_strip; }

Q_SIGNALS:
    void mediaLoaded(const QString& clipId);
    void positionChanged(double seconds);
    // The large picture now shows the video frame decoded for `seconds` (while paused).
    void pictureShown(double seconds);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;  // the picture's label resized

private:
    void showPicture(const QImage& image);  // in the large view, scaled to it (and again when it resizes)
    void onLoaded();
    void onPlayerPosition(double fileSeconds);
    void onPlaybackStopped();
    double clipSeconds() const;         // the clip's length: decoded, else the manifest's; 0: unknown
    void updatePlayhead();
    int framesFor(const ClipRecord& clip) const;
    void requestPicture();
    void startPictureDecode();
    void onPictureDecoded();

    Project m_project;
    QString m_clipId;
    ClipRecord m_clip;
    ClipMedia m_media;
    double m_position = 0;
    bool m_playing = false;
    int m_generation = 0;
    QFutureWatcher<ClipMedia>* m_watcher = nullptr;
    QFutureWatcher<QImage>* m_pictureWatcher = nullptr;
    double m_wantedPicture = -1;        // playhead whose video frame should show; < 0: none wanted
    double m_decodingPicture = -1;      // what the running decode is for
    int m_pictureGeneration = 0;        // m_generation when that decode started
    int m_shownVideoFrame = -1;         // video frame in the picture; -1: a cached frame is shown
    QImage m_pictureImage;              // the large picture unscaled, to scale again on resize
    WindowPlayer* m_player = nullptr;

    QLabel* m_title = nullptr;
    QLabel* m_frame = nullptr;
    QListWidget* m_strip = nullptr;
    SpectrogramWidget* m_spectrogram = nullptr;
    QPushButton* m_playButton = nullptr;
    QSlider* m_scrubber = nullptr;
    QLabel* m_time = nullptr;
    QLabel* m_frameInfo = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace soundframe::gui
