#pragma once
// `soundframe-cli demo-world`: the embedded default world, short videos composed from the real
// recordings and pictures Debian packages ship, with captions and ground truth.
//
//   soundframe-cli demo-world --out world/ --seed 1
//   soundframe-cli demo-world --out small/ --clips-train 100 --clips-val 20 --clips-test 20
//
// Needs gcompris-qt-data, wesnoth-1.16-data and sound-theme-freedesktop (scripts/demo installs
// them); uses what is installed and says what is missing. Writes OUT/videos/*.mp4,
// OUT/manifest-{train,val,test}.jsonl, OUT/image-captions.jsonl, OUT/world.json and the files
// taken out of gcompris' bundles under OUT/sources/ (see DemoWorldBuilder). Running it again
// with the same options resumes: finished videos are kept. Prints a summary on stdout.
// Exit codes: 0 built, 1 failure or interrupted (finished videos kept), 2 usage.
#include "CliCommand.h"

namespace soundframe {

class DemoWorldCommand : public CliCommand {
public:
    QString name() const override { return "demo-world"; }
    QString summary() const override { return "Build the demo world: videos from Debian's real sounds and pictures."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
