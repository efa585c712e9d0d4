#include "data/ManifestText.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace soundframe {

std::string_view trimmed(std::string_view text)
{
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    return out;
}

bool parseSeconds(std::string_view text, double& value)
{
    text = trimmed(text);
    if (text.empty())
        return false;
    if (text.front() == '+')  // from_chars refuses a plus sign
        text.remove_prefix(1);
    double v = 0.0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v))
        return false;
    value = v;
    return true;
}

std::string formatSeconds(double seconds)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
    std::string text(buffer);
    while (!text.empty() && text.back() == '0')
        text.pop_back();
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text == "-0" ? "0" : text;
}

std::string lineWhere(const std::filesystem::path& file, long line)
{
    return file.string() + ":" + std::to_string(line);
}

std::string quoteText(std::string_view text, size_t maxChars)
{
    if (text.size() <= maxChars)
        return "\"" + std::string(text) + "\"";
    size_t cut = maxChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;  // not inside a UTF-8 sequence
    return "\"" + std::string(text.substr(0, cut)) + "...\"";
}

std::filesystem::path manifestFolder(const std::filesystem::path& manifest)
{
    std::error_code ec;
    auto folder = std::filesystem::absolute(manifest, ec).lexically_normal().parent_path();
    return folder.empty() ? std::filesystem::path("/") : folder;
}

} // namespace soundframe
