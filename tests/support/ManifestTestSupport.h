#pragma once
// Checks shared by the manifest tests: is a skip recorded, and the skip list as text for failure messages.
//
//   QVERIFY2(test::hasSkip(contents, "m.csv:3", "end <= start"), qPrintable(test::describe(contents)));
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

} // namespace soundframe::test
