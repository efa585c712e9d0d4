#include "DemoSplitBy.h"

#include "base/Error.h"

namespace soundframe {

std::string demoSplitByName(DemoSplitBy splitBy)
{
    return splitBy == DemoSplitBy::Clip ? "clip" : "recording";
}

DemoSplitBy parseDemoSplitBy(const std::string& name, const std::string& where)
{
    for (const auto splitBy : {DemoSplitBy::Recording, DemoSplitBy::Clip})
        if (demoSplitByName(splitBy) == name)
            return splitBy;
    throw Error(where, "field 'split_by': must be \"recording\" or \"clip\", is \"" + name + "\"");
}

} // namespace soundframe
