#include "AtomicWrite.h"

#include "Error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <regex>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace soundframe {

std::filesystem::path temporarySibling(const std::filesystem::path& target)
{
    static std::atomic<unsigned> counter{0};
    auto name = "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-"
        + std::to_string(counter++);
    return target.parent_path() / name;
}

int removeStaleTemporaries(const std::filesystem::path& dir)
{
    // ".<name>.tmp-<pid>-<counter>", as temporarySibling makes them.
    static const std::regex pattern(R"(^\..+\.tmp-(\d{1,9})-\d+$)");
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::smatch match;
        const std::string name = entry.path().filename().string();
        if (!std::regex_match(name, match, pattern))
            continue;
        const auto pid = pid_t(std::stoll(match[1].str()));
        if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH)
            continue;  // its writer may still be at work
        std::error_code removeError;
        if (std::filesystem::remove(entry.path(), removeError))
            ++removed;
    }
    return removed;
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes)
{
    const auto temp = temporarySibling(target);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(target, systemError("cannot create a temporary file beside it"));
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const auto reason = systemError("write failed");
            ::close(fd);
            ::unlink(temp.c_str());
            throw Error(target, reason);
        }
        written += size_t(n);
    }
    // Without fsync a power cut after the rename can leave an empty file under the final name.
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed) {
        const auto reason = systemError("flush failed");
        ::unlink(temp.c_str());
        throw Error(target, reason);
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const auto reason = systemError("rename into place failed");
        ::unlink(temp.c_str());
        throw Error(target, reason);
    }
}

} // namespace soundframe
