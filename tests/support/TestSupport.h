#pragma once
// Helpers shared by the test suites: running reference tools and reading their output.
//
//   auto r = runTool(SOUNDFRAME_FFMPEG, {"-v", "error", "-i", in, out});
//   QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
#include "TestConfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <filesystem>

namespace soundframe::test {

struct ToolResult {
    int exitCode = -1;        // -1 when the tool could not start or timed out
    QByteArray stdoutBytes;
    QString stderrText;
};

// Runs `program` with `arguments`, waits up to `timeoutMs`, captures both streams.
ToolResult runTool(const QString& program, const QStringList& arguments, int timeoutMs = 120000);
// The checkout's tests/scripts folder.
QString scriptsDir();
// Runs `python3 tests/scripts/<script> args...` with Debian's python3.
ToolResult runPythonScript(const QString& script, const QStringList& arguments, int timeoutMs = 300000);
// Writes a file (creating folders); QFAIL-style tests check the returned bool.
bool writeBytes(const QString& path, const QByteArray& bytes);
// A file's bytes; empty when it cannot be read.
QByteArray readBytes(const QString& path);
QByteArray readBytes(const std::filesystem::path& path);

} // namespace soundframe::test
