#pragma once
// runCli: the whole of `soundframe-cli` as a function of its arguments.
//
//   std::ostringstream out, err;
//   int code = runCli({"soundframe-cli", "probe", "clip.mp4"}, out, err);   // 0, 1 or 2
//
// main() only forwards argv here; tests call it directly.
#include <QStringList>

#include <ostream>

namespace soundframe {

int runCli(const QStringList& arguments, std::ostream& out, std::ostream& err);

} // namespace soundframe
