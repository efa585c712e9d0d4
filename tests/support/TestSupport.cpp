#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace soundframe::test {

ToolResult runTool(const QString& program, const QStringList& arguments, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    ToolResult result;
    if (!process.waitForStarted(10000)) {
        result.stderrText = "could not start " + program;
        return result;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.stderrText = program + " timed out";
        return result;
    }
    result.stdoutBytes = process.readAllStandardOutput();
    result.stderrText = QString::fromUtf8(process.readAllStandardError());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

QString scriptsDir() { return QStringLiteral(SOUNDFRAME_TEST_SCRIPTS_DIR); }

ToolResult runPythonScript(const QString& script, const QStringList& arguments, int timeoutMs)
{
    return runTool(SOUNDFRAME_PYTHON3,
                   QStringList{scriptsDir() + "/" + script} + arguments, timeoutMs);
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray readBytes(const std::filesystem::path& path) { return readBytes(QString::fromStdString(path.string())); }

} // namespace soundframe::test
