#include "Error.h"

#include <cerrno>
#include <cstring>

namespace soundframe {

static std::string joined(const std::string& where, const std::string& reason)
{
    return where.empty() ? reason : where + ": " + reason;
}

Error::Error(std::string where, std::string reason)
    : std::runtime_error(joined(where, reason)), m_where(std::move(where)), m_reason(std::move(reason))
{
}

std::string systemError(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

} // namespace soundframe
