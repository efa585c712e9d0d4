#include "QueryResultList.h"

#include "ClipMediaLoader.h"
#include "SpectrogramWidget.h"
#include "WindowPlayer.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace soundframe::gui {

namespace {

enum ResultColumn { RankColumn, SpectrogramColumn, FileColumn, FolderColumn, WindowColumn, ScoreColumn, ClipColumn, ResultColumnCount };

QTableWidgetItem* cell(const QString& text, const QString& tip, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(tip);
    item->setData(Qt::TextAlignmentRole, int(align));
    return item;
}

QString seconds(double s)
{
    return QString::number(s, 'f', 1);
}

// Where a result's spectrogram starts and ends in its file: short files whole (end -1: to the end
// of what decodes), in a long one the window with some context.
std::pair<double, double> excerptOf(const QueryHit& h)
{
    if (h.durationSeconds <= QueryResultList::kWholeFileSeconds)
        return {0.0, -1.0};
    return {std::max(0.0, h.windowStart - QueryResultList::kPreviewContext),
            std::min(h.durationSeconds, h.windowEnd + QueryResultList::kPreviewContext)};
}

// The excerpt's spectrogram with the window marked; null when it cannot be decoded.
QImage markedSpectrogram(const QueryHit& h)
{
    const auto [from, to] = excerptOf(h);
    const ClipMedia media = ClipMediaLoader::loadSpectrogram(h.path, from, to);
    return QueryResultList::markWindow(media.spectrogram, media.durationSeconds, h.windowStart - from, h.windowEnd - from);
}

constexpr QSize kThumbnailSize(96, 22);

} // namespace

QueryResultList::QueryResultList(QWidget* parent)
    : QWidget(parent),
      m_previewWatcher(new QFutureWatcher<ClipMedia>(this)),
      m_thumbnailWatcher(new QFutureWatcher<QVector<QImage>>(this)),
      m_openFolder([](const QUrl& url) { return QDesktopServices::openUrl(url); })
{
    setObjectName("queryResultList");
    m_table = new QTableWidget(0, ResultColumnCount, this);
    m_table->setObjectName("queryResults");
    m_table->setHorizontalHeaderLabels(
        {tr("#"), tr("Spectrogram"), tr("File"), tr("Folder"), tr("Matched window (s)"), tr("Score"), tr("Project clip")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);  // a long folder keeps its start and its end
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(std::max(m_table->fontMetrics().height(), kThumbnailSize.height()) + 6);
    m_table->setIconSize(kThumbnailSize);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FolderColumn, QHeaderView::Stretch);
    m_table->setToolTip(tr("Double-click a result to play the window that matched"));

    // The selected result: its full path, its spectrogram with the matched window, and what to do with it.
    auto* detail = new QWidget(this);
    m_resultTitle = new QLabel(tr("Select a result to see and hear the window that matched."), detail);
    m_resultTitle->setObjectName("queryResultTitle");
    m_resultTitle->setWordWrap(true);
    m_resultTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_spectrogram = new SpectrogramWidget(detail);
    m_spectrogram->setObjectName("queryResultSpectrogram");
    m_spectrogram->setToolTip(tr("The result's spectrogram; the band and the undimmed part are the window that "
                                 "matched the query. Click to play from there."));
    m_player = new WindowPlayer(this);
    m_playButton = new QPushButton(tr("Play window"), detail);
    m_playButton->setObjectName("queryPlay");
    m_playButton->setToolTip(tr("Play the part of the file that matched the query"));
    m_revealButton = new QPushButton(tr("Show in folder"), detail);
    m_revealButton->setObjectName("queryReveal");
    m_revealButton->setToolTip(tr("Open the folder holding this file in the file manager"));
    m_clipButton = new QPushButton(tr("Open in Clip view"), detail);
    m_clipButton->setObjectName("queryOpenClip");
    m_clipButton->setToolTip(tr("This file is one of the project's clips: see its frames and events in the Clip view"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_playButton);
    actions->addWidget(m_revealButton);
    actions->addWidget(m_clipButton);
    actions->addStretch(1);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_resultTitle);
    detailLayout->addWidget(m_spectrogram, 1);
    detailLayout->addLayout(actions);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int r) {
        loadPreview(r);
        updateResultActions();
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int r) { playResult(r); });
    connect(m_playButton, &QPushButton::clicked, this, [this] {
        if (m_player->isPlaying())
            stopPlayback();
        else
            playResult(currentResult());
    });
    connect(m_revealButton, &QPushButton::clicked, this, [this] { revealResult(currentResult()); });
    connect(m_clipButton, &QPushButton::clicked, this, [this] { openResultInClipView(currentResult()); });
    connect(m_spectrogram, &SpectrogramWidget::seekRequested, this, [this](double s) {
        if (!m_preview.image.isNull())
            m_player->play(m_preview.path, m_preview.excerptStart + s, m_preview.excerptEnd);
    });
    connect(m_player, &WindowPlayer::positionChanged, this, [this](double s) {
        if (m_player->path() == m_preview.path)
            m_spectrogram->setPlayhead(s - m_preview.excerptStart);
    });
    connect(m_player, &WindowPlayer::started, this, &QueryResultList::updateResultActions);
    connect(m_player, &WindowPlayer::stopped, this, &QueryResultList::updateResultActions);
    connect(m_player, &WindowPlayer::errorOccurred, this,
            [this](const QString& error) { Q_EMIT statusMessage(tr("Playback: %1").arg(error), true); });
    connect(m_previewWatcher, &QFutureWatcher<ClipMedia>::finished, this, &QueryResultList::onPreviewLoaded);
    connect(m_thumbnailWatcher, &QFutureWatcher<QVector<QImage>>::finished, this, &QueryResultList::onThumbnailsLoaded);
    updateResultActions();
}

QueryResultList::~QueryResultList()
{
    // A preview decodes one short stretch of audio: wait rather than leak it.
    m_previewWatcher->disconnect(this);
    m_previewWatcher->waitForFinished();
    *m_thumbnailCancel = true;  // stops at the next file
    m_thumbnailWatcher->disconnect(this);
    m_thumbnailWatcher->waitForFinished();
}

void QueryResultList::setProjectClips(const std::vector<ClipRecord>& clips)
{
    m_clipOfMedia.clear();
    for (const ClipRecord& clip : clips) {
        if (clip.mediaPath.empty())
            continue;
        const QFileInfo media(QString::fromStdString(clip.mediaPath));
        const ProjectClip projectClip{QString::fromStdString(clip.id), clip.start};
        m_clipOfMedia.insert(QDir::cleanPath(media.absoluteFilePath()), projectClip);
        if (const QString canonical = media.canonicalFilePath(); !canonical.isEmpty())
            m_clipOfMedia.insert(canonical, projectClip);
    }
    updateResultActions();
}

void QueryResultList::setResults(const QueryResults& results)
{
    stopPlayback();
    m_results = results;
    const QSignalBlocker block(m_table);  // one preview for the new list, not one per row
    m_table->setRowCount(0);
    m_table->setRowCount(int(results.hits.size()));
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    for (int i = 0; i < results.hits.size(); ++i) {
        const QueryHit& h = results.hits[i];
        const QFileInfo file(h.path);
        const QString path = QDir::toNativeSeparators(h.path);
        const QString clip = clipOf(i);
        m_table->setItem(i, RankColumn, cell(QString::number(i + 1), path, right));
        m_table->setItem(i, SpectrogramColumn, cell(QString(), tr("The file's spectrogram, the matched window bright")));
        m_table->setItem(i, FileColumn, cell(file.fileName(), path));
        m_table->setItem(i, FolderColumn, cell(QDir::toNativeSeparators(file.absolutePath()), path));
        m_table->setItem(i, WindowColumn,
                         cell(tr("%1–%2 of %3").arg(seconds(h.windowStart), seconds(h.windowEnd), seconds(h.durationSeconds)),
                              tr("The window of the file that matched best"), right));
        m_table->setItem(i, ScoreColumn, cell(QString::number(h.score, 'f', 3), tr("Cosine similarity"), right));
        m_table->setItem(i, ClipColumn,
                         cell(clip, clip.isEmpty() ? tr("Not one of the project's clips")
                                                   : tr("Project clip %1: “Open in Clip view” shows it").arg(clip)));
    }
    loadThumbnails();
    if (m_table->rowCount() > 0)
        m_table->setCurrentCell(0, FileColumn);
    loadPreview(currentResult());  // the signals are blocked: load the first result's preview here
    updateResultActions();
}

int QueryResultList::currentResult() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_results.hits.size() ? row : -1;
}

bool QueryResultList::selectResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return false;
    m_table->setCurrentCell(row, FileColumn);
    return true;
}

const QueryResultList::ProjectClip* QueryResultList::projectClipOf(int row) const
{
    if (row < 0 || row >= m_results.hits.size())
        return nullptr;
    const QFileInfo file(m_results.hits[row].path);
    auto found = m_clipOfMedia.constFind(QDir::cleanPath(file.absoluteFilePath()));
    if (found == m_clipOfMedia.constEnd())
        found = m_clipOfMedia.constFind(file.canonicalFilePath());
    return found == m_clipOfMedia.constEnd() ? nullptr : &found.value();
}

QString QueryResultList::clipOf(int row) const
{
    const ProjectClip* clip = projectClipOf(row);
    return clip ? clip->id : QString();
}

QImage QueryResultList::markWindow(const QImage& image, double excerptSeconds, double windowStart, double windowEnd)
{
    if (image.isNull() || excerptSeconds <= 0)
        return image;
    QImage marked = image.convertToFormat(QImage::Format_RGB32);
    const int width = marked.width();
    for (int x = 0; x < width; ++x) {
        const double t = (x + 0.5) / width * excerptSeconds;
        if (t >= windowStart && t < windowEnd)
            continue;
        for (int y = 0; y < marked.height(); ++y) {
            QRgb& p = reinterpret_cast<QRgb*>(marked.scanLine(y))[x];
            p = qRgb(qRed(p) * 2 / 5, qGreen(p) * 2 / 5, qBlue(p) * 2 / 5);
        }
    }
    return marked;
}

void QueryResultList::loadPreview(int row)
{
    ++m_previewGeneration;
    m_preview = Preview();
    m_spectrogram->clear();
    if (row < 0 || row >= m_results.hits.size()) {
        m_resultTitle->setText(tr("Select a result to see and hear the window that matched."));
        return;
    }
    const QueryHit& h = m_results.hits[row];
    m_preview.path = h.path;
    m_preview.windowStart = h.windowStart;
    m_preview.windowEnd = h.windowEnd;
    const auto [from, to] = excerptOf(h);
    m_preview.excerptStart = from;
    m_preview.excerptEnd = to < 0 ? h.durationSeconds : to;
    m_resultTitle->setText(tr("<b>%1</b> — %2<br>matched window %3–%4 s of %5 s")
                               .arg(QFileInfo(h.path).fileName().toHtmlEscaped(),
                                    QDir::toNativeSeparators(h.path).toHtmlEscaped(), seconds(h.windowStart),
                                    seconds(h.windowEnd), seconds(h.durationSeconds)));
    const QString path = h.path;
    m_previewWatcher->setProperty("generation", m_previewGeneration);
    m_previewPending = true;
    m_previewWatcher->setFuture(QtConcurrent::run([path, from, to] { return ClipMediaLoader::loadSpectrogram(path, from, to); }));
}

void QueryResultList::loadThumbnails()
{
    *m_thumbnailCancel = true;  // an older list's job stops at its next file
    m_thumbnailCancel = std::make_shared<std::atomic<bool>>(false);
    ++m_thumbnailGeneration;
    if (m_results.hits.isEmpty())
        return;
    m_thumbnailWatcher->setProperty("generation", m_thumbnailGeneration);
    m_thumbnailsPending = true;
    m_thumbnailWatcher->setFuture(QtConcurrent::run([hits = m_results.hits, cancel = m_thumbnailCancel] {
        QVector<QImage> images;
        for (const QueryHit& h : hits) {
            if (*cancel)
                break;
            const QImage marked = markedSpectrogram(h);
            images << (marked.isNull() ? QImage()
                                       : marked.scaled(kThumbnailSize, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        }
        return images;
    }));
}

void QueryResultList::onThumbnailsLoaded()
{
    m_thumbnailsPending = false;  // a watcher reports only its newest future
    if (m_thumbnailWatcher->property("generation").toInt() != m_thumbnailGeneration
        || m_thumbnailWatcher->future().resultCount() == 0)
        return;  // a newer list is on show
    const QVector<QImage> images = m_thumbnailWatcher->result();
    for (int row = 0; row < images.size() && row < m_table->rowCount(); ++row)
        if (!images[row].isNull())
            m_table->item(row, SpectrogramColumn)->setData(Qt::DecorationRole, QPixmap::fromImage(images[row]));
}

void QueryResultList::onPreviewLoaded()
{
    m_previewPending = false;  // a watcher reports only its newest future
    if (m_previewWatcher->property("generation").toInt() != m_previewGeneration
        || m_previewWatcher->future().resultCount() == 0)
        return;  // another result was selected meanwhile
    const ClipMedia media = m_previewWatcher->result();
    if (media.spectrogram.isNull()) {
        m_resultTitle->setText(m_resultTitle->text() + "<br>"
                               + tr("No spectrogram: %1").arg(media.error.section('\n', 0, 0).toHtmlEscaped()));
    } else {
        // The decoded length, not the index's: a file may have changed or decode shorter.
        m_preview.excerptEnd = m_preview.excerptStart + media.durationSeconds;
        const double start = m_preview.windowStart - m_preview.excerptStart;
        const double end = m_preview.windowEnd - m_preview.excerptStart;
        m_preview.image = markWindow(media.spectrogram, media.durationSeconds, start, end);
        m_spectrogram->setSpectrogram(m_preview.image, media.durationSeconds, {});
        m_spectrogram->setEvents({{tr("matched"), start, end}});
        const bool playingThis = m_player->isPlaying() && m_player->path() == m_preview.path;
        m_spectrogram->setPlayhead((playingThis ? m_player->position() : m_preview.windowStart) - m_preview.excerptStart);
    }
    Q_EMIT previewShown();
}

void QueryResultList::updateResultActions()
{
    const int row = currentResult();
    const bool playingThis = row >= 0 && m_player->isPlaying() && m_player->path() == m_results.hits[row].path;
    m_playButton->setEnabled(row >= 0);
    m_playButton->setText(playingThis ? tr("Stop") : tr("Play window"));
    m_revealButton->setEnabled(row >= 0);
    m_clipButton->setEnabled(!clipOf(row).isEmpty());
    m_clipButton->setToolTip(row >= 0 && clipOf(row).isEmpty()
                                 ? tr("Not one of the project's clips: play it here")
                                 : tr("This file is one of the project's clips: see its frames and events in the Clip view"));
}

void QueryResultList::playResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return;
    if (row != currentResult())
        selectResult(row);
    const QueryHit& h = m_results.hits[row];
    const bool wasSilent = m_player->isSilent();
    m_player->play(h.path, h.windowStart, h.windowEnd);
    // Said once, as the Clip view does: otherwise a moving playhead and no sound look like a fault.
    if (m_player->isSilent() && !wasSilent)
        Q_EMIT statusMessage(tr("No audio output device: the playhead moves without sound"), false);
    Q_EMIT resultPlayed(row);
}

void QueryResultList::stopPlayback()
{
    m_player->stop();
    if (!m_preview.path.isEmpty())
        m_spectrogram->setPlayhead(m_preview.windowStart - m_preview.excerptStart);
}

bool QueryResultList::revealResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return false;
    const QFileInfo file(m_results.hits[row].path);
    const QString folder = QDir::toNativeSeparators(file.absolutePath());
    if (!file.dir().exists()) {
        Q_EMIT statusMessage(tr("%1 no longer exists").arg(folder), true);
        return false;
    }
    if (!m_openFolder(QUrl::fromLocalFile(file.absolutePath()))) {
        Q_EMIT statusMessage(tr("Could not open %1 in the file manager").arg(folder), true);
        return false;
    }
    return true;
}

bool QueryResultList::openResultInClipView(int row)
{
    const ProjectClip* clip = projectClipOf(row);
    if (!clip) {
        if (row >= 0 && row < m_results.hits.size())
            Q_EMIT statusMessage(tr("%1 is not one of this project's clips: play it here")
                                     .arg(QFileInfo(m_results.hits[row].path).fileName()),
                                 false);
        return false;
    }
    stopPlayback();
    Q_EMIT clipRequested(clip->id, m_results.hits[row].windowStart - clip->start);
    return true;
}

} // namespace soundframe::gui
