#pragma once
// The process' peak resident memory so far, in kilobytes (getrusage; what `/usr/bin/time -v` reports
// as "Maximum resident set size"). For reports of long jobs.
namespace soundframe {

long peakResidentKb();

} // namespace soundframe
