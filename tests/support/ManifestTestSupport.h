#pragma once
// Checks shared by the manifest tests: is a skip recorded, the skip list as text for failure messages,
// and what a labelled whole-file clip (ESC-50, UrbanSound8K) must hold.
//
//   QVERIFY2(test::hasSkip(contents, "m.csv:3", "end <= start"), qPrintable(test::describe(contents)));
//   QVERIFY2(test::isFoldedClip(c.clips[0], "a.wav", path, "dog", 1), qPrintable(test::describeClip(c.clips[0])));
#include "data/ManifestContents.h"

#include <QString>

#include <string>

namespace soundframe::test {

// True when a skip names exactly `where` and its reason contains `reason`.
inline bool hasSkip(const ManifestContents& c, const std::string& where, const std::string& reason)
{
    for (const auto& s : c.skipped)
        if (s.where == where && s.reason.find(reason) != std::string::npos)
            return true;
    return false;
}

// Every skip as "where: reason" lines.
inline QString describe(const ManifestContents& c)
{
    QString text;
    for (const auto& s : c.skipped)
        text += QString::fromStdString(s.where + ": " + s.reason + "\n");
    return text;
}

// True for a whole-file clip with this id, media path, one label and fold.
inline bool isFoldedClip(const ClipRecord& c, const std::string& id, const std::string& mediaPath,
                         const std::string& label, int fold)
{
    return c.id == id && c.mediaPath == mediaPath && c.labels == std::vector<std::string>{label} && c.fold == fold
        && c.start == 0.0 && c.end == -1.0;
}

inline QString describeClip(const ClipRecord& c)
{
    QString labels;
    for (const auto& l : c.labels)
        labels += QString::fromStdString(l) + ";";
    return QString("id %1, path %2, labels %3 fold %4, [%5, %6]")
        .arg(QString::fromStdString(c.id), QString::fromStdString(c.mediaPath), labels)
        .arg(c.fold)
        .arg(c.start)
        .arg(c.end);
}

} // namespace soundframe::test
