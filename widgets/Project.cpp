#include "Project.h"

#include "base/Error.h"
#include "data/ManifestLoader.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <set>

namespace soundframe::gui {

namespace {

std::filesystem::path toPath(const QString& s)
{
    return std::filesystem::path(s.toStdString());
}

QStringList filesMatching(const QString& folder, const QStringList& patterns)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString& name : dir.entryList(patterns, QDir::Files | QDir::Readable, QDir::Name))
        out << dir.absoluteFilePath(name);
    return out;
}

// Manifests of a project folder, most specific layout first.
QStringList candidateManifests(const QString& folder)
{
    QStringList found = filesMatching(folder + "/world", {"manifest-*.jsonl"});
    if (found.isEmpty())
        found = filesMatching(folder, {"manifest*.jsonl", "manifest*.ndjson", "manifest*.csv"});
    if (found.isEmpty())
        found = filesMatching(folder, {"*.jsonl", "*.ndjson", "*.csv"});
    // Order train, val, test so the library reads like the pipeline.
    std::stable_sort(found.begin(), found.end(), [](const QString& a, const QString& b) {
        const auto rank = [](const QString& s) {
            const QString base = QFileInfo(s).completeBaseName();
            if (base.endsWith("train")) return 0;
            if (base.endsWith("val")) return 1;
            if (base.endsWith("test")) return 2;
            return 3;
        };
        return rank(a) < rank(b);
    });
    return found;
}

bool isRunFolder(const QDir& dir)
{
    return dir.exists("config.json")
        && (dir.exists("metrics.jsonl") || dir.exists("checkpoints") || dir.exists("audio-encoder"));
}

} // namespace

Project Project::open(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw Error(path.toStdString(), "does not exist");
    Project project;
    QStringList manifests;
    if (info.isFile()) {
        project.m_folder = info.absolutePath();
        manifests << info.absoluteFilePath();
    } else {
        project.m_folder = QDir(info.absoluteFilePath()).absolutePath();
        manifests = candidateManifests(project.m_folder);
    }
    if (manifests.isEmpty())
        throw Error(path.toStdString(), "no manifest found (expected world/manifest-*.jsonl, manifest*.jsonl or a CSV manifest)");

    std::set<std::string> seen;
    std::string firstError;
    for (const QString& manifest : manifests) {
        ManifestContents contents;
        try {
            contents = loadManifest(toPath(manifest));
        } catch (const Error& e) {
            // A folder may hold unrelated CSVs; only a folder where nothing loads is an error.
            if (firstError.empty())
                firstError = e.what();
            continue;
        }
        project.m_manifests << manifest;
        for (ClipRecord& clip : contents.clips)
            if (seen.insert(clip.id).second)
                project.m_clips.push_back(std::move(clip));
        project.m_skipped.insert(project.m_skipped.end(), contents.skipped.begin(), contents.skipped.end());
    }
    if (project.m_manifests.isEmpty())
        throw Error(path.toStdString(), "no manifest could be loaded: " + firstError);

    const QDir dir(project.m_folder);
    for (const char* model : {"standin-clip", "clip"})
        if (QFileInfo(dir.filePath(QString(model) + "/config.json")).isFile()) {
            project.m_clipModelFolder = dir.filePath(model);
            break;
        }
    project.m_runsFolder = dir.filePath("runs");
    project.m_indexFolder = dir.filePath("index");
    project.reloadRuns();
    return project;
}

QString Project::name() const
{
    return QFileInfo(m_folder).fileName();
}

int Project::indexOf(const QString& clipId) const
{
    const std::string id = clipId.toStdString();
    for (size_t i = 0; i < m_clips.size(); ++i)
        if (m_clips[i].id == id)
            return int(i);
    return -1;
}

const ClipRecord* Project::clip(const QString& clipId) const
{
    const int i = indexOf(clipId);
    return i < 0 ? nullptr : &m_clips[size_t(i)];
}

QString Project::mediaPath(const QString& clipId) const
{
    const ClipRecord* c = clip(clipId);
    return c ? QString::fromStdString(c->mediaPath) : QString();
}

QStringList Project::splits() const
{
    QStringList out;
    for (const char* s : {"train", "val", "test"})
        for (const ClipRecord& c : m_clips)
            if (c.split == s) {
                out << s;
                break;
            }
    for (const ClipRecord& c : m_clips) {
        const QString s = QString::fromStdString(c.split);
        if (!s.isEmpty() && !out.contains(s))
            out << s;
    }
    return out;
}

QString Project::cacheFolder(const QString& split) const
{
    if (m_folder.isEmpty() || split.isEmpty())
        return {};
    const QString dir = QDir(m_folder).filePath("cache/" + split);
    return QFileInfo(dir + "/cache.json").isFile() ? dir : QString();
}

QString Project::reportFolder() const
{
    const QString dir = QDir(m_folder).filePath("report");
    return !m_folder.isEmpty() && QFileInfo(dir).isDir() ? dir : QString();
}

const RunInfo* Project::run(const QString& name) const
{
    for (const RunInfo& r : m_runs)
        if (r.name == name)
            return &r;
    return nullptr;
}

RunInfo Project::readRun(const QString& runFolder, const QString& runsFolder)
{
    const QDir dir(runFolder);
    RunInfo run;
    run.folder = dir.absolutePath();
    run.name = runsFolder.isEmpty() ? dir.dirName() : QDir(runsFolder).relativeFilePath(run.folder);
    run.config = TrainConfig::fromJsonFile(toPath(dir.filePath("config.json")));
    run.matching = run.config.stage == TrainStage::Tag ? QStringLiteral("tagging")
                                                      : QString::fromStdString(run.config.matching);
    if (run.config.stage == TrainStage::Finetune) {
        // A stage-2 config keeps stage 1's default matching, which says nothing; what tells runs
        // apart is how the encoder it starts from was trained, which the run recorded when it started
        // (empty when its origin is unknown).
        run.matching = run.config.initFrom.empty() ? QStringLiteral("scratch")
                                                   : QString::fromStdString(run.config.initFromMatching);
    }
    run.hasAudioEncoder = QFileInfo(dir.filePath("audio-encoder/model.safetensors")).isFile();
    run.hasReport = QFileInfo(dir.filePath("eval/report.json")).isFile();
    run.hasCheckpoint = QFileInfo(dir.filePath("checkpoints")).isDir();
    return run;
}

void Project::reloadRuns()
{
    m_runs.clear();
    if (m_runsFolder.isEmpty() || !QFileInfo(m_runsFolder).isDir())
        return;
    // Breadth-first to a small depth; a run folder's own subfolders are never runs.
    QStringList level{m_runsFolder};
    for (int depth = 0; depth < 4 && !level.isEmpty(); ++depth) {
        QStringList next;
        for (const QString& folder : level) {
            const QDir dir(folder);
            if (depth > 0 && isRunFolder(dir)) {
                try {
                    m_runs.push_back(readRun(folder, m_runsFolder));
                } catch (const Error&) {
                    // An unreadable config is not a run the app can show or resume.
                }
                continue;
            }
            for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
                next << dir.filePath(sub);
        }
        level = next;
    }
    std::sort(m_runs.begin(), m_runs.end(), [](const RunInfo& a, const RunInfo& b) { return a.name < b.name; });
}

} // namespace soundframe::gui
