#pragma once
// soundframe-cli run in-process, for the command tests:
//
//   const auto r = test::runCliInProcess({"probe", file});
//   QCOMPARE(r.code, 0);  QJsonDocument::fromJson(r.outBytes);  QVERIFY(r.err.isEmpty());
#include "cli/CliRunner.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sstream>

namespace soundframe::test {

struct CliRun {
    int code = -1;
    QByteArray outBytes;  // stdout as written (JSON, or bytes that are not UTF-8)
    QString out;          // the same, decoded as UTF-8
    QString err;
};

// `arguments` without the program name.
inline CliRun runCliInProcess(const QStringList& arguments)
{
    std::ostringstream out, err;
    CliRun r;
    r.code = runCli(QStringList{"soundframe-cli"} + arguments, out, err);
    r.outBytes = QByteArray::fromStdString(out.str());
    r.out = QString::fromUtf8(r.outBytes);
    r.err = QString::fromStdString(err.str());
    return r;
}

} // namespace soundframe::test
