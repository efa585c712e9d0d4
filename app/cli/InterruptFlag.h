#pragma once
// InterruptFlag: turns Ctrl-C (SIGINT) and SIGTERM into a cancel request for a long core job, so
// the job stops at its next safe point and keeps its finished work. A second Ctrl-C exits at once.
//
//   InterruptFlag interrupt;                // installs the handlers; restores the old ones on destruction
//   hooks.cancel = interrupt.flag();
//   ... job.run(hooks) ...
//   if (interrupt.raised()) io.err << "interrupted; run again to resume\n";
#include <atomic>

namespace soundframe {

class InterruptFlag {
public:
    InterruptFlag();
    ~InterruptFlag();
    InterruptFlag(const InterruptFlag&) = delete;
    InterruptFlag& operator=(const InterruptFlag&) = delete;

    const std::atomic<bool>* flag() const;
    bool raised() const { return flag()->load(); }
};

} // namespace soundframe
