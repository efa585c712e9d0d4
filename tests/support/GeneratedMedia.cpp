#include "GeneratedMedia.h"

#include "TestSupport.h"

#include <QDir>
#include <QFileInfo>

namespace soundframe::test {

bool runFfmpeg(const QStringList& arguments)
{
    const ToolResult r = runTool(SOUNDFRAME_FFMPEG, QStringList{"-v", "error", "-y"} + arguments);
    if (r.exitCode != 0)
        qWarning("ffmpeg %s: %s", qPrintable(arguments.join(' ')), qPrintable(r.stderrText));
    return r.exitCode == 0;
}

bool makeMedia(const QStringList& lavfiSources, const QString& out, const QStringList& outputOptions)
{
    QDir().mkpath(QFileInfo(out).absolutePath());
    QStringList arguments;
    for (const QString& source : lavfiSources)
        arguments << "-f" << "lavfi" << "-i" << source;
    return runFfmpeg(arguments + outputOptions + QStringList{out});
}

bool makeTone(const QString& out, int hz, double seconds, int sampleRate)
{
    return makeMedia({QString("sine=frequency=%1:sample_rate=%2:duration=%3").arg(hz).arg(sampleRate).arg(seconds)}, out);
}

} // namespace soundframe::test
