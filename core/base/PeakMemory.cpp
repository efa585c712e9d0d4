#include "PeakMemory.h"

#include <sys/resource.h>

namespace soundframe {

long peakResidentKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

} // namespace soundframe
