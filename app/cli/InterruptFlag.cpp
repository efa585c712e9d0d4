#include "InterruptFlag.h"

#include <csignal>
#include <cstdlib>

namespace soundframe {

namespace {
// A signal handler may only touch lock-free atomics; one process-wide flag serves every command.
std::atomic<bool> g_interrupted{false};
using Handler = void (*)(int);
Handler g_previousInt = SIG_DFL;
Handler g_previousTerm = SIG_DFL;

void onSignal(int signal)
{
    if (g_interrupted.exchange(true))
        std::_Exit(128 + signal);  // second request: the user wants out now
}
} // namespace

InterruptFlag::InterruptFlag()
{
    g_interrupted = false;
    g_previousInt = std::signal(SIGINT, onSignal);
    g_previousTerm = std::signal(SIGTERM, onSignal);
}

InterruptFlag::~InterruptFlag()
{
    std::signal(SIGINT, g_previousInt);
    std::signal(SIGTERM, g_previousTerm);
}

const std::atomic<bool>* InterruptFlag::flag() const { return &g_interrupted; }

} // namespace soundframe
