#include "AlignmentExport.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace soundframe {

namespace fs = std::filesystem;

namespace {
// Audacity separates fields by tabs and labels by line breaks.
std::string oneLine(std::string text)
{
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return text;
}

std::string frameName(int l)
{
    return "frame " + std::to_string(l);
}
} // namespace

AlignmentExport::AlignmentExport(AlignmentExportClip clip) : m_clip(std::move(clip))
{
    const auto& c = m_clip;
    if (c.frameSeconds.size() != c.audioToFrame.size())
        throw Error(c.clipId, "alignment export: " + std::to_string(c.frameSeconds.size()) + " frame times but "
                                  + std::to_string(c.audioToFrame.size()) + " cosines");
    if (c.argmaxFrame < -1 || c.argmaxFrame >= int(c.frameSeconds.size()))
        throw Error(c.clipId, "alignment export: pick " + std::to_string(c.argmaxFrame) + " is not one of the "
                                  + std::to_string(c.frameSeconds.size()) + " frames");
}

std::string AlignmentExport::formatFixed(double value)
{
    if (!std::isfinite(value))
        return "nan";
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 6).ptr;
    return std::string(buffer, end);
}

std::string AlignmentExport::fileStem(const std::string& clipId)
{
    if (clipId.empty())
        return "clip";
    std::string stem = clipId;
    for (char& c : stem)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            c = '_';
    if (stem[0] == '.')
        stem[0] = '_';
    return stem;
}

std::string AlignmentExport::audacityLabels() const
{
    struct Label {
        double start, end;
        std::string text;
    };
    const auto& c = m_clip;
    std::vector<Label> labels;
    for (const SoundEvent& e : c.events)
        labels.push_back({e.start, e.end, oneLine(e.label)});
    for (size_t l = 0; l < c.frameSeconds.size(); ++l)
        labels.push_back({c.frameSeconds[l], c.frameSeconds[l],
                          frameName(int(l)) + ": cos " + formatFixed(c.audioToFrame[l])});
    if (c.argmaxFrame >= 0)
        labels.push_back({c.frameSeconds[c.argmaxFrame], c.frameSeconds[c.argmaxFrame],
                          "Nearest pick: " + frameName(c.argmaxFrame)});
    std::stable_sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.start < b.start; });
    std::string out;
    for (const Label& label : labels)
        out += formatFixed(label.start) + "\t" + formatFixed(label.end) + "\t" + label.text + "\n";
    return out;
}

std::string AlignmentExport::cosineLayer() const
{
    std::string out;
    for (size_t l = 0; l < m_clip.frameSeconds.size(); ++l)
        out += formatFixed(m_clip.frameSeconds[l]) + "," + formatFixed(m_clip.audioToFrame[l]) + ","
               + frameName(int(l)) + "\n";
    return out;
}

std::string AlignmentExport::frameLayer() const
{
    std::string out;
    for (size_t l = 0; l < m_clip.frameSeconds.size(); ++l)
        out += formatFixed(m_clip.frameSeconds[l]) + "," + frameName(int(l)) + "\n";
    return out;
}

std::string AlignmentExport::pickLayer() const
{
    if (m_clip.argmaxFrame < 0)
        return {};
    return formatFixed(m_clip.frameSeconds[m_clip.argmaxFrame]) + ",Nearest pick " + frameName(m_clip.argmaxFrame)
           + "\n";
}

std::vector<fs::path> AlignmentExport::write(const fs::path& dir, const std::string& stemOrEmpty) const
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error(dir, "cannot create the export folder: " + ec.message());
    const std::string stem = stemOrEmpty.empty() ? fileStem(m_clip.clipId) : stemOrEmpty;
    const std::vector<std::pair<fs::path, std::string>> files{
        {dir / (stem + ".labels.txt"), audacityLabels()},
        {dir / (stem + ".cosine.csv"), cosineLayer()},
        {dir / (stem + ".frames.csv"), frameLayer()},
        {dir / (stem + ".pick.csv"), pickLayer()},
    };
    std::vector<fs::path> written;
    for (const auto& [path, text] : files) {
        writeFileAtomically(path, text);
        written.push_back(path);
    }
    return written;
}

} // namespace soundframe
