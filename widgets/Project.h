#pragma once
// Project: what the desktop app has open — a data folder (a manifest and its media, optionally
// prepared caches and an image-text model) plus a runs folder. A plain value; copy it freely.
//
//   gui::Project project = gui::Project::open("/home/me/demo-out");   // throws soundframe::Error
//   for (const ClipRecord& clip : project.clips()) table.add(clip);
//   QString video = project.mediaPath("test-00003");
//   for (const gui::RunInfo& run : project.runs()) list.add(run.name);
//
// Layout recognised (the demo output folder, `soundframe-cli demo --out DIR`, is the reference):
//   DIR/world/manifest-{train,val,test}.jsonl   else DIR/manifest*.{jsonl,csv}, else any loadable
//                                               *.jsonl / *.csv at DIR's top level (or the file given)
//   DIR/cache/<split>/cache.json                prepared frame caches (core/data/FrameCacheReader.h)
//   DIR/standin-clip or DIR/clip                image-text model, Hugging Face layout
//   DIR/runs/**/config.json                     training runs (core/train/AudioTrainer.h)
//   DIR/index                                   library index for queries (core/search)
// open() reads manifests and run configs but no media, caches or weights. Any thread may call it;
// a Project is not shared mutable state (reloadRuns() changes only this copy).
#include "data/ClipRecord.h"
#include "data/SkipRecord.h"
#include "train/TrainConfig.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace soundframe::gui {

struct RunInfo {
    QString folder;            // absolute path of the run folder
    QString name;              // path relative to the runs folder, e.g. "seed-1/stage1-nearest"
    QString matching;          // stage 1: "random", "nearest" or "multiframe"; stage 2: the matching of the
                               // stage-1 run it starts from as its config recorded (init_from_matching),
                               // "tagging" when it starts from the tagging run, "scratch" without init_from,
                               // empty when the origin is unknown; stage 0: "tagging"
    TrainConfig config;        // RUN/config.json as run; config.stage is the run's stage
    bool hasAudioEncoder = false;  // RUN/audio-encoder/ exists: the run completed
    bool hasReport = false;        // RUN/eval/report.json exists
    bool hasCheckpoint = false;    // RUN/checkpoints/ exists: the run can be resumed

    // Stopped before it completed (paused, cancelled, the app closed or killed) with a checkpoint
    // to continue from: AudioTrainer::run(hooks, true) in its folder finishes it.
    bool isInterrupted() const { return hasCheckpoint && !hasAudioEncoder; }

    // The stage as the method numbers it, for display: 0 audio tagging, 1 audio-image pretraining,
    // 2 audio-text fine-tuning.
    int stageNumber() const
    {
        return config.stage == TrainStage::Tag ? 0 : config.stage == TrainStage::Pretrain ? 1 : 2;
    }
};

class Project {
public:
    Project() = default;
    // Opens `path`: a project folder, or a manifest file (its folder becomes the project folder).
    // Throws Error(path, reason) when no manifest can be found or loaded.
    static Project open(const QString& path);

    bool isValid() const { return !m_folder.isEmpty(); }
    QString folder() const { return m_folder; }
    QString name() const;                       // the folder's base name
    QStringList manifests() const { return m_manifests; }

    const std::vector<ClipRecord>& clips() const { return m_clips; }
    const std::vector<SkipRecord>& skipped() const { return m_skipped; }
    int indexOf(const QString& clipId) const;   // -1 when absent
    const ClipRecord* clip(const QString& clipId) const;  // nullptr when absent
    QString mediaPath(const QString& clipId) const;       // absolute; empty when absent

    QStringList splits() const;                 // splits with clips, in train/val/test order first
    QString cacheFolder(const QString& split) const;  // empty when the split has no prepared cache
    QString clipModelFolder() const { return m_clipModelFolder; }  // empty when none found
    QString runsFolder() const { return m_runsFolder; }            // DIR/runs (may not exist yet)
    QString indexFolder() const { return m_indexFolder; }          // DIR/index (may not exist yet)
    QString reportFolder() const;               // DIR/report when it exists, else empty

    const QVector<RunInfo>& runs() const { return m_runs; }
    const RunInfo* run(const QString& name) const;  // by RunInfo::name; nullptr when absent
    void reloadRuns();                          // rescans the runs folder

    // One run folder's description; hasAudioEncoder etc. from the files present. Throws Error when
    // RUN/config.json is missing or invalid.
    static RunInfo readRun(const QString& runFolder, const QString& runsFolder = QString());

private:
    QString m_folder;
    QStringList m_manifests;
    std::vector<ClipRecord> m_clips;
    std::vector<SkipRecord> m_skipped;
    QString m_clipModelFolder;
    QString m_runsFolder;
    QString m_indexFolder;
    QVector<RunInfo> m_runs;
};

} // namespace soundframe::gui
