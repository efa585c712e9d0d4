#pragma once
// `soundframe-cli demo`: the whole demo pipeline (DemoPipeline) into a report folder, then the app.
//
//   soundframe-cli demo [--out DIR] [--full] [--seed S] [--threads N] [--progress bar|jsonl|none] [--no-open]
//
// Charts are drawn by the GUI executable (`soundframe --render-charts REPORT_DIR`, offscreen) when it
// is found next to soundframe-cli (or in its gui/ folder, or at $SOUNDFRAME_GUI); otherwise the
// report says they were not drawn. With DISPLAY or WAYLAND_DISPLAY set and no --no-open, the app is
// started detached on the output folder; otherwise the report's path is printed.
#include "CliCommand.h"

#include <QString>

namespace soundframe {

class DemoCommand : public CliCommand {
public:
    QString name() const override { return "demo"; }
    QString summary() const override
    {
        return "Run the whole demo: world, stand-in CLIP, stages 1 and 2, evaluation, report.";
    }
    int run(const QStringList& arguments, CliStreams& io) override;

    // The GUI executable beside this program, or $SOUNDFRAME_GUI; empty when there is none.
    static QString guiExecutable();
};

} // namespace soundframe
