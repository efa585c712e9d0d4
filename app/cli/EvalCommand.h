#pragma once
// EvalCommand: `soundframe-cli eval` — retrieval in four directions, zero-shot classification and
// alignment curves of a trained audio encoder on a prepared test cache (core/eval/Evaluator).
//
//   soundframe-cli eval --cache data/test --model runs/s1 --clip models/clip --out runs/s1/eval
//   soundframe-cli eval --cache data/test --model runs/s1/audio-encoder --out eval --prompt "a {} sound"
//
// Prints the Markdown table to stdout; writes OUT/report.json, report.md, clips.txt,
// alignment.json and alignment.csv (see Evaluator.h).
#include "CliCommand.h"

namespace soundframe {

class EvalCommand : public CliCommand {
public:
    QString name() const override { return "eval"; }
    QString summary() const override { return "Evaluate an audio encoder: retrieval, zero-shot classes, alignment."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
