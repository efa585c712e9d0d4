#pragma once
// `soundframe-cli train-clip`: stage 0, a small CLIP-architecture stand-in from image-caption pairs.
#include "CliCommand.h"

namespace soundframe {

class TrainClipCommand : public CliCommand {
public:
    QString name() const override { return "train-clip"; }
    QString summary() const override
    {
        return "Stage 0: train a small CLIP-architecture image-text stand-in from image-caption pairs.";
    }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
