#include "RunEvaluation.h"

#include "eval/Evaluator.h"

namespace soundframe::gui {

std::string evaluateRun(const std::string& runDir, const std::string& testCache, const std::string& clipDir,
                        const std::string& device, const JobHooks& hooks)
{
    EvaluatorParams params;
    params.cacheDir = testCache;
    params.modelDir = runDir;
    params.clipDir = clipDir;
    params.outDir = std::filesystem::path(runDir) / "eval";
    params.device = device;
    return Evaluator(params).run(hooks).report.toMarkdown();
}

} // namespace soundframe::gui
