#pragma once
// JsonLinesFile: a run's append-only JSON-lines records (RUN/metrics.jsonl, RUN/choices.jsonl).
//
//   JsonLinesFile metrics(runDir / "metrics.jsonl");
//   metrics.keepUpToStep(resumedStep);   // after a resume the record reads as if the run never stopped
//   metrics.append(line);                // one or more lines, without the final newline
#include <cstdint>
#include <filesystem>
#include <string>

namespace soundframe {

class JsonLinesFile {
public:
    explicit JsonLinesFile(std::filesystem::path file) : m_file(std::move(file)) {}

    // Keeps the lines whose "step" is at most `step` (written atomically); drops lines torn by a kill.
    void keepUpToStep(int64_t step) const;
    // Appends `lines` and a newline. Error names the file when it cannot (disk full, read-only).
    void append(const std::string& lines) const;
    const std::filesystem::path& path() const { return m_file; }

private:
    std::filesystem::path m_file;
};

} // namespace soundframe
