#pragma once
// IndexCommand: `soundframe-cli index add|sync|remove|list|status` — builds and inspects a library index
// of sound and video files (core/search LibraryIndex).
//
//   soundframe-cli index add --model runs/r1 --index lib ~/Music /usr/share/sounds
//   soundframe-cli index sync --index lib          // re-embeds changed files, drops deleted ones
//   soundframe-cli index remove --index lib ~/Music   // forgets the folder, drops its files
//   soundframe-cli index status --index lib --json
//
// add/sync print a JSON summary on stdout, unreadable files with reasons and progress (counts,
// ETA) on stderr; Ctrl-C stops after the file in flight and publishes what is done.
#include "CliCommand.h"

namespace soundframe {

class IndexCommand : public CliCommand {
public:
    QString name() const override { return "index"; }
    QString summary() const override { return "Index sound and video files for search (add, sync, remove, list, status)."; }
    int run(const QStringList& arguments, CliStreams& io) override;

private:
    int update(const QString& sub, const QStringList& arguments, CliStreams& io);
    int remove(const QStringList& arguments, CliStreams& io);
    int inspect(const QString& sub, const QStringList& arguments, CliStreams& io);
};

} // namespace soundframe
