#include "FileText.h"

#include "Error.h"

#include <fstream>
#include <sstream>

namespace soundframe {

std::string readFileText(const std::filesystem::path& path, const std::string& what)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, what.empty() ? "cannot open" : "cannot open " + what);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw Error(path, "read failed");
    return text.str();
}

} // namespace soundframe
