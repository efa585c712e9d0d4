#pragma once
// SearchCommand: `soundframe-cli search` — the files of a library index closest to a text, a sound
// or a picture, with their best window's time and score.
//
//   soundframe-cli search --index lib --text "a dog barks" -k 5
//   soundframe-cli search --index lib --audio query.wav --glob '*.ogg' --max-duration 30 --json
//
// Uses the model the index records unless --model is given, which must be that model (else exit 1
// with a message naming both). Table on stdout, or a JSON array with --json.
#include "CliCommand.h"

namespace soundframe {

class SearchCommand : public CliCommand {
public:
    QString name() const override { return "search"; }
    QString summary() const override { return "Search an index by text, sound or picture."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
