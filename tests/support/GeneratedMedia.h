#pragma once
// Test media made on the spot by the ffmpeg CLI from its lavfi sources (tones, test patterns, solid
// colours), so no fixture is ever downloaded or committed. On failure each function warns with
// ffmpeg's message and returns false, so a test writes QVERIFY(...).
//
//   QVERIFY(test::makeTone(path("tone.wav"), 440, 2.0, 22050));
//   QVERIFY(test::makeMedia({"testsrc2=size=96x64:rate=25:duration=2", "sine=duration=2"}, path("clip.mkv"),
//                           {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "flac"}));
//   QVERIFY(test::runFfmpeg({"-i", path("clip.mkv"), "-c", "copy", "-output_ts_offset", "3.3", path("late.mkv")}));
#include <QString>
#include <QStringList>

namespace soundframe::test {

// `ffmpeg -v error -y ARGUMENTS...`.
bool runFfmpeg(const QStringList& arguments);
// `ffmpeg -v error -y -f lavfi -i SOURCE... OUTPUT_OPTIONS... OUT`, one input per lavfi source graph
// (e.g. "sine=frequency=440:duration=2", "testsrc=size=64x48:rate=10:duration=2"); creates OUT's folder.
bool makeMedia(const QStringList& lavfiSources, const QString& out, const QStringList& outputOptions = {});
// A sine tone of `hz` lasting `seconds`, generated at `sampleRate` (ffmpeg's default 44.1 kHz) and
// written in OUT's format (by its extension).
bool makeTone(const QString& out, int hz, double seconds, int sampleRate = 44100);

} // namespace soundframe::test
