#include "ArgumentBytes.h"

#include "base/Utf8.h"

namespace soundframe {

namespace {
constexpr char16_t kEscapeBase = 0xDC00;  // U+DC80..U+DCFF carry the bytes 0x80..0xFF
}

QString decodeArgument(std::string_view bytes)
{
    QString text;
    while (!bytes.empty()) {
        const size_t bad = utf8::firstInvalid(bytes);
        const size_t good = std::min(bad, bytes.size());
        text += QString::fromUtf8(bytes.data(), qsizetype(good));
        if (bad == std::string_view::npos)
            break;
        text += QChar(char16_t(kEscapeBase + uint8_t(bytes[bad])));
        bytes.remove_prefix(bad + 1);
    }
    return text;
}

QStringList decodeArguments(int argc, const char* const* argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << decodeArgument(argv[i]);
    return arguments;
}

std::string argumentBytes(const QString& argument)
{
    std::string bytes;
    qsizetype runStart = 0;  // start of the text since the last escaped byte
    for (qsizetype i = 0; i < argument.size(); ++i) {
        const char16_t unit = argument.at(i).unicode();
        // A lone low surrogate: a high one before it would make it half of a real character.
        const bool escaped = unit >= kEscapeBase + 0x80 && unit <= kEscapeBase + 0xFF
                             && (i == 0 || !argument.at(i - 1).isHighSurrogate());
        if (!escaped)
            continue;
        bytes += argument.mid(runStart, i - runStart).toStdString();
        bytes += char(unit - kEscapeBase);
        runStart = i + 1;
    }
    bytes += argument.mid(runStart).toStdString();
    return bytes;
}

} // namespace soundframe
