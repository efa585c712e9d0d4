#pragma once
// evaluateRun: the Evaluator (core/eval) on a finished run, behind a header without LibTorch, so the
// Qt files that call it stay quick to compile and to scan for translations.
//
//   QString markdown = evaluateRun(runDir, testCache, clipDir, "cpu", hooks);   // writes RUN/eval/
//
// Blocking; call on a worker thread. Throws soundframe::Error as the Evaluator does.
#include <string>

namespace soundframe {
struct JobHooks;
}

namespace soundframe::gui {

// Evaluates RUN's audio encoder on `testCache` into RUN/eval; returns the report as Markdown.
std::string evaluateRun(const std::string& runDir, const std::string& testCache, const std::string& clipDir,
                        const std::string& device, const JobHooks& hooks);

} // namespace soundframe::gui
