#include "JsonLinesFile.h"

#include "AtomicWrite.h"
#include "Error.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace soundframe {

void JsonLinesFile::keepUpToStep(int64_t step) const
{
    std::ifstream in(m_file);
    if (!in)
        return;
    std::string kept, line;
    while (std::getline(in, line)) {
        try {
            if (nlohmann::json::parse(line).value("step", int64_t(0)) <= step)
                kept += line + "\n";
        } catch (const nlohmann::json::exception&) {
            // A line torn by a kill is dropped.
        }
    }
    writeFileAtomically(m_file, kept);
}

void JsonLinesFile::append(const std::string& lines) const
{
    std::ofstream out(m_file, std::ios::app);
    out << lines << "\n";
    if (!out)
        throw Error(m_file, "cannot append (disk full or read-only?)");
}

} // namespace soundframe
