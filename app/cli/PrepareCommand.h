#pragma once
// `soundframe-cli prepare`: decode, embed and cache every clip of a manifest for training.
#include "CliCommand.h"

namespace soundframe {

class PrepareCommand : public CliCommand {
public:
    QString name() const override { return "prepare"; }
    QString summary() const override { return "Decode frames and audio of a manifest's clips into a training cache."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
