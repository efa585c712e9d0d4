#pragma once
// Writing files so that a crash never leaves a half-written one under the final name.
//
//   writeFileAtomically("run/checkpoint.safetensors", bytes);
//
// The bytes go to a temporary file in the same folder, are flushed to disk, and the
// temporary is renamed over the target (rename is atomic within one file system).
// Throws Error naming the target on any failure (read-only folder, full disk, ...),
// and leaves any earlier file of that name intact.
#include <filesystem>
#include <string_view>

namespace soundframe {

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

// The temporary name writeFileAtomically uses for `target`; unique per process and call.
std::filesystem::path temporarySibling(const std::filesystem::path& target);

// Deletes the temporaries (temporarySibling names) in `dir` left by processes that no longer run,
// e.g. killed mid-write. A job calls it on the folders it writes before resuming; a missing folder
// is fine. Never touches a temporary of a live process. Returns how many it deleted.
int removeStaleTemporaries(const std::filesystem::path& dir);

} // namespace soundframe
