#include "Error.h"

namespace soundframe {

static std::string joined(const std::string& where, const std::string& reason)
{
    return where.empty() ? reason : where + ": " + reason;
}

Error::Error(std::string where, std::string reason)
    : std::runtime_error(joined(where, reason)), m_where(std::move(where)), m_reason(std::move(reason))
{
}

} // namespace soundframe
