#pragma once
// Command-line arguments that survive file names which are not UTF-8.
//
//   QStringList args = decodeArguments(argc, argv);              // instead of QCoreApplication::arguments()
//   std::filesystem::path file = argumentPath(args.at(2));      // the exact bytes the user typed
//
// Linux file names are bytes. Qt decodes argv as UTF-8 and replaces a stray byte such as the
// Latin-1 0xE9 with U+FFFD, after which the file can no longer be named. Here each byte that is not
// part of well-formed UTF-8 is kept as the lone surrogate U+DC00 + byte (Python's "surrogateescape"),
// which argumentBytes() turns back into that byte; well-formed text is decoded and encoded as UTF-8.
// Pure functions, thread-safe.
#include <QString>
#include <QStringList>

#include <filesystem>
#include <string>

namespace soundframe {

QString decodeArgument(std::string_view bytes);
QStringList decodeArguments(int argc, const char* const* argv);
// The bytes decodeArgument() read; for any other text, its UTF-8.
std::string argumentBytes(const QString& argument);
inline std::filesystem::path argumentPath(const QString& argument) { return argumentBytes(argument); }

} // namespace soundframe
