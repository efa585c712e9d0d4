#include "QueryView.h"

#include "QueryWorker.h"
#include "search/LibraryIndex.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace soundframe::gui {

QueryView::QueryView(QWidget* parent) : QWidget(parent)
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

    m_resultList = new QueryResultList(this);

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
    m_addFolderButton = new QPushButton(tr("Add a folder…"), this);
    m_addFolderButton->setObjectName("queryAddFolder");
    m_addFolderButton->setToolTip(tr("Index your own sounds: every sound and video file under a folder joins the "
                                     "search index (unchanged files are skipped when added again)"));
    row->addWidget(m_addFolderButton);
    m_removeFolderButton = new QPushButton(tr("Remove a folder…"), this);
    m_removeFolderButton->setObjectName("queryRemoveFolder");
    m_removeFolderButton->setToolTip(tr("Forget a folder the index was given, and its files; nothing on disk is touched"));
    row->addWidget(m_removeFolderButton);
    auto* queryRow = new QHBoxLayout;
    queryRow->addWidget(m_queryPicture);
    queryRow->addWidget(m_queryLabel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addLayout(queryRow);
    layout->addWidget(m_indexPanel);
    layout->addWidget(m_message);
    layout->addWidget(m_answeredBy);
    layout->addWidget(m_resultList, 1);

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
    connect(m_addFolderButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a folder of sounds to the index"),
                                                                 QDir::homePath());
        if (!folder.isEmpty())
            addFolder(folder);
    });
    connect(m_removeFolderButton, &QPushButton::clicked, this, [this] {
        const QStringList folders = indexedFolders();
        if (folders.isEmpty()) {
            showMessage(tr("The index was given no folders: its files came one by one."), false);
            return;
        }
        bool ok = false;
        const QString folder = QInputDialog::getItem(this, tr("Remove a folder from the index"),
                                                     tr("Forget this folder and its files (nothing on disk is touched):"),
                                                     folders, 0, false, &ok);
        if (ok)
            removeFolder(QDir::fromNativeSeparators(folder));
    });
    connect(m_resultList, &QueryResultList::clipRequested, this, &QueryView::clipRequested);
    connect(m_resultList, &QueryResultList::statusMessage, this, &QueryView::showMessage);

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
}

QueryView::~QueryView()
{
    m_worker->cancel();  // atomic: stops an index build at its next file
    m_thread.quit();
    m_thread.wait();
}

void QueryView::setProject(const Project& project)
{
    m_project = project;
    m_resultList->setProjectClips(m_project.clips());
    m_resultList->clear();
    m_queryLabel->clear();
    m_queryPicture->hide();
    ++m_lastRequest;
    m_pending = 0;
    m_indexModel->clear();
    // Fine-tuned (stage-2) encoders first: they were trained against captions.
    for (const TrainStage stage : {TrainStage::Finetune, TrainStage::Pretrain})
        for (const RunInfo& run : m_project.runs())
            if (run.config.stage == stage && run.hasAudioEncoder)
                m_indexModel->addItem(run.name, run.folder);
    showMessage(hasIndex() ? tr("Type a description, or drop a sound or a picture here.")
                           : tr("This project has no search index yet: index its clips first."),
                false);
    m_answeredBy->setText(hasIndex() ? tr("Index: %1").arg(QDir::toNativeSeparators(m_project.indexFolder())) : QString());
    updateIndexPanel();
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
    m_addFolderButton->setEnabled(m_project.isValid() && !m_indexing && (hasIndex() || m_indexButton->isEnabled()));
    m_removeFolderButton->setEnabled(hasIndex() && !m_indexing);
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
    m_answeredBy->setText(tr("Answered by the index %1 (%n file(s)) built with the audio encoder %2 and the "
                             "image-text model %3",
                             nullptr, int(results.indexedFiles))
                              .arg(QDir::toNativeSeparators(results.indexFolder), shortFolder(results.encoderFolder),
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
    m_resultList->setResults(results);  // no rows when it failed
    showAnsweredBy(results);
    if (!results.error.isEmpty()) {
        showMessage(tr("Search failed: %1").arg(results.error), true);
    } else {
        const int found = int(results.hits.size());
        showMessage(results.kind == "text"    ? tr("%n file(s) found by text search.", nullptr, found)
                    : results.kind == "image" ? tr("%n file(s) found by image search.", nullptr, found)
                                              : tr("%n file(s) found by audio search.", nullptr, found),
                    false);
    }
    Q_EMIT resultsShown();
}

void QueryView::buildIndex()
{
    if (m_indexing || !m_project.isValid())
        return;
    if (m_indexModel->count() == 0 || m_project.clipModelFolder().isEmpty()) {
        showMessage(tr("Indexing needs a trained run and the project's image-text model."), true);
        return;
    }
    IndexRequest r = newIndexRequest();
    std::set<QString> files;
    for (const ClipRecord& clip : m_project.clips())
        if (!clip.mediaPath.empty())
            files.insert(QString::fromStdString(clip.mediaPath));
    for (const QString& f : files)
        r.files << f;
    startIndexing(r, tr("Indexing %n file(s)…", nullptr, int(r.files.size())));
}

void QueryView::addFolder(const QString& folder)
{
    if (m_indexing || !m_project.isValid())
        return;
    if (!hasIndex() && (m_indexModel->count() == 0 || m_project.clipModelFolder().isEmpty())) {
        showMessage(tr("Indexing needs a trained run and the project's image-text model."), true);
        return;
    }
    IndexRequest r = newIndexRequest();
    r.files << folder;
    startIndexing(r, tr("Indexing %1…").arg(QDir::toNativeSeparators(folder)));
}

void QueryView::removeFolder(const QString& folder)
{
    if (m_indexing || !hasIndex())
        return;
    IndexRequest r = newIndexRequest();
    r.forget << folder;
    startIndexing(r, tr("Removing %1 from the index…").arg(QDir::toNativeSeparators(folder)));
}

QStringList QueryView::indexedFolders() const
{
    QStringList folders;
    if (!hasIndex())
        return folders;
    for (const auto& root : LibraryIndex::recordedRoots(std::filesystem::u8path(m_project.indexFolder().toStdString()))) {
        const QString path = QString::fromStdString(root.string());
        if (!QFileInfo(path).isFile())
            folders << QDir::toNativeSeparators(path);
    }
    return folders;
}

IndexRequest QueryView::newIndexRequest() const
{
    IndexRequest r;
    r.indexFolder = m_project.indexFolder();
    // An index keeps the model it was built with (the worker reads it); a new one takes the chosen run's.
    if (!hasIndex()) {
        r.modelFolder = m_indexModel->currentData().toString();
        r.clipModelFolder = m_project.clipModelFolder();
    }
    return r;
}

void QueryView::startIndexing(const IndexRequest& request, const QString& message)
{
    m_indexing = true;
    m_progress->setRange(0, 0);
    showMessage(message, false);
    updateIndexPanel();
    Q_EMIT indexRequested(request);
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
        showMessage(tr("Index updated: %1").arg(summary), false);
    else
        showMessage(tr("Index update failed: %1").arg(error), true);
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

} // namespace soundframe::gui
