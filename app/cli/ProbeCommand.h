#pragma once
// `soundframe-cli probe FILE`: a media file's container and streams as JSON on stdout.
//
//   soundframe-cli probe clip.mp4      # {"path": ..., "format": ..., "duration": ..., "streams": [...]}
//
// Exit codes: 0 printed, 1 unreadable file (the message names it), 2 usage.
#include "CliCommand.h"

namespace soundframe {

class ProbeCommand : public CliCommand {
public:
    QString name() const override { return "probe"; }
    QString summary() const override { return "Print a media file's container and streams as JSON."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
