#include "QueryView.h"

#include "QueryWorker.h"

#include <QComboBox>
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
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace soundframe {

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
    m_message = new QLabel(tr("Type a description, or drop a sound or a picture here."), this);
    m_message->setObjectName("queryMessage");
    m_message->setWordWrap(true);

    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName("queryResults");
    m_table->setHorizontalHeaderLabels({tr("File"), tr("Time (s)"), tr("Score"), tr("Matched")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setToolTip(tr("Double-click a result to play it from its best window"));

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
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_indexPanel);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

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
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int r, int) {
        if (r >= 0 && r < m_results.hits.size())
            Q_EMIT playRequested(m_results.hits[r].path, m_results.hits[r].windowStart);
    });

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

void QueryView::setProject(const gui::Project& project)
{
    m_project = project;
    m_results = QueryResults();
    m_table->setRowCount(0);
    ++m_lastRequest;
    m_pending = 0;
    m_indexModel->clear();
    // Fine-tuned (stage-2) encoders first: they were trained against captions.
    for (int stage : {2, 1})
        for (const gui::RunInfo& run : m_project.runs())
            if (run.stage == stage && run.hasAudioEncoder)
                m_indexModel->addItem(run.name, run.folder);
    showMessage(hasIndex() ? tr("Type a description, or drop a sound or a picture here.")
                           : tr("This project has no search index yet: index its clips first."),
                false);
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
    if (isPictureFile(path))
        r.imageFile = path;
    else
        r.audioFile = path;
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
    m_pending = request.id;
    const QString what = !request.text.isEmpty() ? request.text : QFileInfo(request.audioFile + request.imageFile).fileName();
    showMessage(tr("Searching for %1…").arg(what), false);
    Q_EMIT searchRequested(request);
}

void QueryView::showResults(const QueryResults& results)
{
    if (results.requestId != m_lastRequest)
        return;
    m_pending = 0;
    m_results = results;
    m_table->setRowCount(0);
    if (!results.error.isEmpty()) {
        showMessage(tr("Search failed: %1").arg(results.error), true);
    } else {
        const QString matched = results.kind == "text" ? tr("text") : results.kind == "image" ? tr("image") : tr("audio");
        m_table->setRowCount(results.hits.size());
        for (int i = 0; i < results.hits.size(); ++i) {
            const QueryHit& h = results.hits[i];
            auto* file = new QTableWidgetItem(QFileInfo(h.path).fileName());
            file->setToolTip(h.path);
            m_table->setItem(i, 0, file);
            auto* time = new QTableWidgetItem(tr("%1–%2").arg(h.windowStart, 0, 'f', 1).arg(h.windowEnd, 0, 'f', 1));
            time->setData(Qt::TextAlignmentRole, int(Qt::AlignRight | Qt::AlignVCenter));
            m_table->setItem(i, 1, time);
            auto* score = new QTableWidgetItem(QString::number(h.score, 'f', 3));
            score->setData(Qt::TextAlignmentRole, int(Qt::AlignRight | Qt::AlignVCenter));
            m_table->setItem(i, 2, score);
            m_table->setItem(i, 3, new QTableWidgetItem(matched));
        }
        showMessage(tr("%n file(s) found by %1.", nullptr, int(results.hits.size())).arg(matched), false);
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
