#include "QueryView.h"

#include "ClipMediaLoader.h"
#include "QueryWorker.h"
#include "SpectrogramWidget.h"
#include "WindowPlayer.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <set>

namespace soundframe {

namespace {

enum Column { RankColumn, SpectrogramColumn, FileColumn, FolderColumn, WindowColumn, ScoreColumn, ClipColumn, ColumnCount };

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
    if (h.durationSeconds <= QueryView::kWholeFileSeconds)
        return {0.0, -1.0};
    return {std::max(0.0, h.windowStart - QueryView::kPreviewContext),
            std::min(h.durationSeconds, h.windowEnd + QueryView::kPreviewContext)};
}

// The excerpt's spectrogram with the window marked; null when it cannot be decoded.
QImage markedSpectrogram(const QueryHit& h)
{
    const auto [from, to] = excerptOf(h);
    const gui::ClipMedia media = gui::ClipMediaLoader::loadSpectrogram(h.path, from, to);
    return QueryView::markWindow(media.spectrogram, media.durationSeconds, h.windowStart - from, h.windowEnd - from);
}

constexpr QSize kThumbnailSize(96, 22);

} // namespace

QueryView::QueryView(QWidget* parent)
    : QWidget(parent),
      m_previewWatcher(new QFutureWatcher<gui::ClipMedia>(this)),
      m_thumbnailWatcher(new QFutureWatcher<QVector<QImage>>(this)),
      m_openFolder([](const QUrl& url) { return QDesktopServices::openUrl(url); })
{
    qRegisterMetaType<QueryRequest>();
    qRegisterMetaType<QueryResults>();
    qRegisterMetaType<IndexRequest>();
    setObjectName("queryView");
    setAcceptDrops(true);

    m_text = new QLineEdit(this);
    m_text->setObjectName("queryText");
    m_text->setPlaceholderText(tr("Describe a sound, e.g. \"a dog barks\""));
    m_text->setClearButtonEnabled(true);
    m_searchButton = new QPushButton(tr("Search"), this);
    m_fileButton = new QPushButton(tr("Sound or picture…"), this);
    m_fileButton->setToolTip(tr("Search with a sound, video or picture file (or drop one here)"));
    m_count = new QSpinBox(this);
    m_count->setObjectName("queryCount");
    m_count->setRange(1, 1000);
    m_count->setValue(QueryRequest{}.k);
    m_count->setToolTip(tr("How many files a search lists (k); applies to the next search"));
    m_queryPicture = new QLabel(this);
    m_queryPicture->setObjectName("queryPicture");
    m_queryPicture->hide();
    m_queryLabel = new QLabel(this);
    m_queryLabel->setObjectName("queryShown");
    m_queryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_queryLabel->setWordWrap(true);
    m_message = new QLabel(tr("Type a description, or drop a sound or a picture here."), this);
    m_message->setObjectName("queryMessage");
    m_message->setWordWrap(true);
    m_answeredBy = new QLabel(this);
    m_answeredBy->setObjectName("queryAnsweredBy");
    m_answeredBy->setWordWrap(true);
    m_answeredBy->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answeredBy->setToolTip(tr("The library index searched and the model that embedded the query and the files"));

    m_table = new QTableWidget(0, ColumnCount, this);
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
    m_spectrogram = new gui::SpectrogramWidget(detail);
    m_spectrogram->setObjectName("queryResultSpectrogram");
    m_spectrogram->setToolTip(tr("The result's spectrogram; the band and the undimmed part are the window that "
                                 "matched the query. Click to play from there."));
    m_player = new gui::WindowPlayer(this);
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

    m_indexPanel = new QWidget(this);
    m_indexPanel->setObjectName("queryIndexPanel");
    m_indexModel = new QComboBox(m_indexPanel);
    m_indexModel->setObjectName("queryIndexModel");
    m_indexButton = new QPushButton(tr("Index this project's clips"), m_indexPanel);
    m_indexButton->setObjectName("queryIndexButton");
    m_progress = new QProgressBar(m_indexPanel);
    m_progress->setObjectName("queryIndexProgress");
    m_progress->hide();
    auto* panel = new QHBoxLayout(m_indexPanel);
    panel->setContentsMargins(0, 0, 0, 0);
    panel->addWidget(new QLabel(tr("No search index yet. Model:"), m_indexPanel));
    panel->addWidget(m_indexModel, 1);
    panel->addWidget(m_indexButton);
    panel->addWidget(m_progress, 1);

    auto* row = new QHBoxLayout;
    row->addWidget(m_text, 1);
    row->addWidget(m_searchButton);
    row->addWidget(m_fileButton);
    row->addWidget(new QLabel(tr("Files:"), this));
    row->addWidget(m_count);
    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(m_queryPicture);
    queryRow->addWidget(m_queryLabel, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addLayout(queryRow);
    layout->addWidget(m_indexPanel);
    layout->addWidget(m_message);
    layout->addWidget(m_answeredBy);
    layout->addWidget(splitter, 1);

    connect(m_text, &QLineEdit::returnPressed, this, [this] { searchText(m_text->text()); });
    connect(m_searchButton, &QPushButton::clicked, this, [this] { searchText(m_text->text()); });
    connect(m_fileButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Search with a sound or a picture"), m_project.folder(),
            tr("Sounds, videos and pictures (*.wav *.flac *.ogg *.oga *.opus *.mp3 *.m4a *.mp4 *.mkv *.webm *.mov "
               "*.png *.jpg *.jpeg *.webp *.bmp);;All files (*)"));
        if (!file.isEmpty())
            searchFile(file);
    });
    connect(m_indexButton, &QPushButton::clicked, this, &QueryView::buildIndex);
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
    connect(m_spectrogram, &gui::SpectrogramWidget::seekRequested, this, [this](double s) {
        if (!m_preview.image.isNull())
            m_player->play(m_preview.path, m_preview.excerptStart + s, m_preview.excerptEnd);
    });
    connect(m_player, &gui::WindowPlayer::positionChanged, this, [this](double s) {
        if (m_player->path() == m_preview.path)
            m_spectrogram->setPlayhead(s - m_preview.excerptStart);
    });
    connect(m_player, &gui::WindowPlayer::started, this, &QueryView::updateResultActions);
    connect(m_player, &gui::WindowPlayer::stopped, this, &QueryView::updateResultActions);
    connect(m_player, &gui::WindowPlayer::errorOccurred, this,
            [this](const QString& error) { showMessage(tr("Playback: %1").arg(error), true); });
    connect(m_previewWatcher, &QFutureWatcher<gui::ClipMedia>::finished, this, &QueryView::onPreviewLoaded);
    connect(m_thumbnailWatcher, &QFutureWatcher<QVector<QImage>>::finished, this, &QueryView::onThumbnailsLoaded);

    m_worker = new QueryWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &QueryView::searchRequested, m_worker, &QueryWorker::search);
    connect(this, &QueryView::indexRequested, m_worker, &QueryWorker::buildIndex);
    connect(m_worker, &QueryWorker::searched, this, &QueryView::showResults);
    connect(m_worker, &QueryWorker::indexProgress, this, &QueryView::indexProgress);
    connect(m_worker, &QueryWorker::indexBuilt, this, &QueryView::indexFinished);
    m_thread.setObjectName("query");
    m_thread.start();
    updateIndexPanel();
    updateResultActions();
}

QueryView::~QueryView()
{
    m_worker->cancel();  // atomic: stops an index build at its next file
    m_thread.quit();
    m_thread.wait();
    // A preview decodes one short stretch of audio: wait rather than leak it.
    m_previewWatcher->disconnect(this);
    m_previewWatcher->waitForFinished();
    *m_thumbnailCancel = true;  // stops at the next file
    m_thumbnailWatcher->disconnect(this);
    m_thumbnailWatcher->waitForFinished();
}

void QueryView::setProject(const gui::Project& project)
{
    stopPlayback();
    m_project = project;
    m_clipOfMedia.clear();
    for (const ClipRecord& clip : m_project.clips()) {
        if (clip.mediaPath.empty())
            continue;
        const QFileInfo media(QString::fromStdString(clip.mediaPath));
        const QString id = QString::fromStdString(clip.id);
        m_clipOfMedia.insert(QDir::cleanPath(media.absoluteFilePath()), id);
        if (const QString canonical = media.canonicalFilePath(); !canonical.isEmpty())
            m_clipOfMedia.insert(canonical, id);
    }
    m_results = QueryResults();
    m_table->setRowCount(0);
    m_queryLabel->clear();
    m_queryPicture->hide();
    ++m_lastRequest;
    m_pending = 0;
    m_indexModel->clear();
    // Fine-tuned (stage-2) encoders first: they were trained against captions.
    for (const TrainStage stage : {TrainStage::Finetune, TrainStage::Pretrain})
        for (const gui::RunInfo& run : m_project.runs())
            if (run.config.stage == stage && run.hasAudioEncoder)
                m_indexModel->addItem(run.name, run.folder);
    showMessage(hasIndex() ? tr("Type a description, or drop a sound or a picture here.")
                           : tr("This project has no search index yet: index its clips first."),
                false);
    m_answeredBy->setText(hasIndex() ? tr("Index: %1").arg(QDir::toNativeSeparators(m_project.indexFolder())) : QString());
    loadPreview(-1);
    updateIndexPanel();
    updateResultActions();
}

bool QueryView::hasIndex() const
{
    return m_project.isValid() && QFileInfo(m_project.indexFolder() + "/index.sqlite").isFile();
}

QString QueryView::message() const
{
    return m_message->text();
}

bool QueryView::isPictureFile(const QString& path)
{
    static const QStringList pictures{"png", "jpg", "jpeg", "webp", "bmp", "tif", "tiff", "ppm", "pgm", "gif"};
    return pictures.contains(QFileInfo(path).suffix().toLower());
}

void QueryView::updateIndexPanel()
{
    m_indexPanel->setVisible(m_project.isValid() && (!hasIndex() || m_indexing));
    m_indexButton->setEnabled(!m_indexing && m_indexModel->count() > 0 && !m_project.clipModelFolder().isEmpty());
    m_indexModel->setEnabled(!m_indexing);
    m_progress->setVisible(m_indexing);
    const bool canSearch = hasIndex() && !m_indexing;
    m_searchButton->setEnabled(canSearch);
    m_fileButton->setEnabled(canSearch);
}

void QueryView::showMessage(const QString& text, bool isError)
{
    m_message->setText(text);
    m_message->setStyleSheet(isError ? "color: #b00020;" : QString());
}

void QueryView::setResultCount(int k)
{
    m_count->setValue(k);
}

int QueryView::resultCount() const
{
    return m_count->value();
}

QString QueryView::queryText() const
{
    return m_text->text();
}

QString QueryView::queryShown() const
{
    return m_queryLabel->text();
}

QString QueryView::answeredBy() const
{
    return m_answeredBy->text();
}

void QueryView::searchText(const QString& text)
{
    if (text.trimmed().isEmpty())
        return;
    QueryRequest r;
    r.text = text.trimmed();
    m_text->setText(r.text);
    startSearch(r);
}

void QueryView::searchFile(const QString& path)
{
    QueryRequest r;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (isPictureFile(path))
        r.imageFile = absolute;
    else
        r.audioFile = absolute;
    // The box would otherwise still hold the previous text, as if it had been the query.
    m_text->clear();
    startSearch(r);
}

void QueryView::startSearch(QueryRequest request)
{
    if (!m_project.isValid()) {
        showMessage(tr("Open a project first."), true);
        return;
    }
    if (!hasIndex()) {
        showMessage(tr("This project has no search index yet: index its clips first."), true);
        return;
    }
    request.id = ++m_lastRequest;
    request.indexFolder = m_project.indexFolder();
    request.k = m_count->value();
    m_pending = request.id;
    showQuery(request);
    const QString what = !request.text.isEmpty() ? request.text : QFileInfo(request.audioFile + request.imageFile).fileName();
    showMessage(tr("Searching for %1…").arg(what), false);
    Q_EMIT searchRequested(request);
}

void QueryView::showQuery(const QueryRequest& request)
{
    const QString file = QDir::toNativeSeparators(request.audioFile + request.imageFile);
    if (!request.text.isEmpty())
        m_queryLabel->setText(tr("Query (text): “%1”").arg(request.text));
    else if (!request.imageFile.isEmpty())
        m_queryLabel->setText(tr("Query (picture): %1").arg(file));
    else
        m_queryLabel->setText(tr("Query (sound): %1").arg(file));
    m_queryLabel->setToolTip(file);
    // A small picture is read here; a large one is scaled once (a few milliseconds).
    const QImage picture = request.imageFile.isEmpty() ? QImage() : QImage(request.imageFile);
    m_queryPicture->setPixmap(picture.isNull() ? QPixmap()
                                               : QPixmap::fromImage(picture.scaled(96, 64, Qt::KeepAspectRatio,
                                                                                   Qt::SmoothTransformation)));
    m_queryPicture->setVisible(!picture.isNull());
}

QString QueryView::shortFolder(const QString& folder) const
{
    const QString relative = QDir(m_project.folder()).relativeFilePath(folder);
    return QDir::toNativeSeparators(m_project.isValid() && !relative.startsWith("..") ? relative : folder);
}

void QueryView::showAnsweredBy(const QueryResults& results)
{
    if (results.indexFolder.isEmpty())
        return;  // the index could not be opened: the message says why
    const QString files = results.indexedFiles == 1 ? tr("1 file") : tr("%1 files").arg(results.indexedFiles);
    m_answeredBy->setText(tr("Answered by the index %1 (%2) built with the audio encoder %3 and the image-text model %4")
                              .arg(QDir::toNativeSeparators(results.indexFolder), files, shortFolder(results.encoderFolder),
                                   shortFolder(results.clipModelFolder)));
    m_answeredBy->setToolTip(tr("Audio encoder: %1\nImage-text model: %2")
                                 .arg(QDir::toNativeSeparators(results.encoderFolder),
                                      QDir::toNativeSeparators(results.clipModelFolder)));
}

void QueryView::showResults(const QueryResults& results)
{
    if (results.requestId != m_lastRequest)
        return;
    m_pending = 0;
    stopPlayback();
    m_results = results;
    {
        const QSignalBlocker block(m_table);  // one preview for the new list, not one per row
        m_table->setRowCount(0);
    }
    showAnsweredBy(results);
    if (!results.error.isEmpty()) {
        showMessage(tr("Search failed: %1").arg(results.error), true);
    } else {
        const QSignalBlocker block(m_table);
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
        const QString matched = results.kind == "text" ? tr("text") : results.kind == "image" ? tr("image") : tr("audio");
        showMessage(tr("%n file(s) found by %1.", nullptr, int(results.hits.size())).arg(matched), false);
    }
    loadThumbnails();
    if (m_table->rowCount() > 0)
        m_table->setCurrentCell(0, FileColumn);  // its preview loads
    else
        loadPreview(-1);
    updateResultActions();
    Q_EMIT resultsShown();
}

int QueryView::currentResult() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_results.hits.size() ? row : -1;
}

bool QueryView::selectResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return false;
    m_table->setCurrentCell(row, FileColumn);
    return true;
}

QString QueryView::clipOf(int row) const
{
    if (row < 0 || row >= m_results.hits.size())
        return {};
    const QFileInfo file(m_results.hits[row].path);
    const QString clip = m_clipOfMedia.value(QDir::cleanPath(file.absoluteFilePath()));
    return !clip.isEmpty() ? clip : m_clipOfMedia.value(file.canonicalFilePath());
}

QImage QueryView::markWindow(const QImage& image, double excerptSeconds, double windowStart, double windowEnd)
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

void QueryView::loadPreview(int row)
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
    m_previewWatcher->setFuture(
        QtConcurrent::run([path, from, to] { return gui::ClipMediaLoader::loadSpectrogram(path, from, to); }));
}

void QueryView::loadThumbnails()
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

void QueryView::onThumbnailsLoaded()
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

void QueryView::onPreviewLoaded()
{
    m_previewPending = false;  // a watcher reports only its newest future
    if (m_previewWatcher->property("generation").toInt() != m_previewGeneration
        || m_previewWatcher->future().resultCount() == 0)
        return;  // another result was selected meanwhile
    const gui::ClipMedia media = m_previewWatcher->result();
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

void QueryView::updateResultActions()
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

void QueryView::playResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return;
    if (row != currentResult())
        selectResult(row);
    const QueryHit& h = m_results.hits[row];
    m_player->play(h.path, h.windowStart, h.windowEnd);
}

void QueryView::stopPlayback()
{
    m_player->stop();
    if (!m_preview.path.isEmpty())
        m_spectrogram->setPlayhead(m_preview.windowStart - m_preview.excerptStart);
}

bool QueryView::revealResult(int row)
{
    if (row < 0 || row >= m_results.hits.size())
        return false;
    const QFileInfo file(m_results.hits[row].path);
    if (!file.dir().exists()) {
        showMessage(tr("%1 no longer exists").arg(QDir::toNativeSeparators(file.absolutePath())), true);
        return false;
    }
    if (!m_openFolder(QUrl::fromLocalFile(file.absolutePath()))) {
        showMessage(tr("Could not open %1 in the file manager").arg(QDir::toNativeSeparators(file.absolutePath())), true);
        return false;
    }
    return true;
}

bool QueryView::openResultInClipView(int row)
{
    const QString clipId = clipOf(row);
    if (clipId.isEmpty()) {
        if (row >= 0 && row < m_results.hits.size())
            showMessage(tr("%1 is not one of this project's clips: play it here").arg(QFileInfo(m_results.hits[row].path).fileName()),
                        false);
        return false;
    }
    stopPlayback();
    const ClipRecord* clip = m_project.clip(clipId);
    Q_EMIT clipRequested(clipId, m_results.hits[row].windowStart - (clip ? clip->start : 0.0));
    return true;
}

void QueryView::buildIndex()
{
    if (m_indexing || !m_project.isValid())
        return;
    if (m_indexModel->count() == 0 || m_project.clipModelFolder().isEmpty()) {
        showMessage(tr("Indexing needs a trained run and the project's image-text model."), true);
        return;
    }
    IndexRequest r;
    r.indexFolder = m_project.indexFolder();
    r.modelFolder = m_indexModel->currentData().toString();
    r.clipModelFolder = m_project.clipModelFolder();
    std::set<QString> files;
    for (const ClipRecord& clip : m_project.clips())
        if (!clip.mediaPath.empty())
            files.insert(QString::fromStdString(clip.mediaPath));
    for (const QString& f : files)
        r.files << f;
    m_indexing = true;
    m_progress->setRange(0, 0);
    showMessage(tr("Indexing %n file(s)…", nullptr, int(r.files.size())), false);
    updateIndexPanel();
    Q_EMIT indexRequested(r);
}

void QueryView::indexProgress(qint64 done, qint64 total, const QString& message)
{
    if (total > 0) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(std::min(done, total)));
    }
    if (!message.isEmpty())
        m_progress->setFormat(QFileInfo(message).fileName() + "  %p%");
}

void QueryView::indexFinished(const QString& error, const QString& summary)
{
    m_indexing = false;
    if (error.isEmpty())
        showMessage(tr("Index built: %1").arg(summary), false);
    else
        showMessage(tr("Indexing failed: %1").arg(error), true);
    updateIndexPanel();
    Q_EMIT indexBuilt(error.isEmpty());
}

void QueryView::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void QueryView::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    searchFile(urls.first().toLocalFile());
}

} // namespace soundframe
