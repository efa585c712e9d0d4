#pragma once
// TrainCommand: `soundframe-cli pretrain-audio` (audio tagging before stage 1), `soundframe-cli
// pretrain` (stage 1, audio-image) and `soundframe-cli finetune` (stage 2, audio-text) — one class,
// registered once per stage.
//
//   soundframe-cli pretrain-audio --train-cache data/train --run runs/tag --epochs 10
//   soundframe-cli pretrain --train-cache data/train --run runs/s1 --matching nearest --epochs 20
//   soundframe-cli pretrain --config demo.json --batch 64          # JSON config + flag overrides
//   soundframe-cli pretrain --run runs/s1 --resume                  # continue after Ctrl-C or a crash
//   soundframe-cli finetune --train-cache data/captions --clip models/clip --init-from runs/s1/audio-encoder --run runs/s2
//
// The config starts from TrainConfig's defaults, then --config FILE (or, with --resume and no
// --config, RUN/config.json), then each flag given. Progress goes to stderr as a bar, or as JSON
// lines to stdout (--progress jsonl). Ctrl-C (SIGINT) or SIGTERM asks the trainer to stop: it
// writes a checkpoint and the command exits with 1, saying how to resume. The run folder layout is
// in docs/training.md and in --help.
#include "CliCommand.h"
#include "train/TrainStage.h"

namespace soundframe {

class TrainCommand : public CliCommand {
public:
    explicit TrainCommand(TrainStage stage);
    QString name() const override;
    QString summary() const override;
    int run(const QStringList& arguments, CliStreams& io) override;

private:
    TrainStage m_stage;
};

} // namespace soundframe
