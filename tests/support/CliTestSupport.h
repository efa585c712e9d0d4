#pragma once
// soundframe-cli run in-process, for the command tests:
//
//   const auto r = test::runCliInProcess({"probe", file});
//   QCOMPARE(r.code, 0);  QJsonDocument::fromJson(r.outBytes);  QVERIFY(r.err.isEmpty());
//   const QString why = test::usageErrorMismatch(test::runCliInProcess({"demo", "--epochs", "0"}), "--epochs");
//   QVERIFY2(why.isEmpty(), qPrintable(why));
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

// "" when `r` is a usage error (exit code 2) whose message contains `message`, else what differs.
inline QString usageErrorMismatch(const CliRun& r, const QString& message)
{
    if (r.code != 2)
        return QString("exit code %1, not 2; stderr: %2").arg(r.code).arg(r.err);
    if (!r.err.contains(message))
        return QString("stderr lacks '%1': %2").arg(message, r.err);
    return {};
}

// The options `command --help` does not mention.
inline QStringList optionsMissingFromHelp(const QString& command, const QStringList& options)
{
    const CliRun r = runCliInProcess({command, "--help"});
    QStringList missing;
    for (const QString& option : options)
        if (!r.out.contains(option) && !r.err.contains(option))
            missing << option;
    if (r.code != 0)
        missing.prepend(QString("(--help exited with %1)").arg(r.code));
    return missing;
}

} // namespace soundframe::test
