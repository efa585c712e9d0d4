// loadManifest over an arbitrary file: the first byte picks the extension and the format
// (auto-detected or forced), the rest is the manifest text. The media folder is empty, so every
// clip that needs a file is skipped; what matters is that parsing never crashes.
#include "FuzzSupport.h"
#include "base/Error.h"
#include "data/ManifestLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    static const char* extensions[] = {".csv", ".jsonl", ".json", ".txt"};
    static const soundframe::ManifestFormat formats[] = {
        soundframe::ManifestFormat::Auto, soundframe::ManifestFormat::Jsonl, soundframe::ManifestFormat::AudioCaps,
        soundframe::ManifestFormat::Clotho, soundframe::ManifestFormat::AudioSet, soundframe::ManifestFormat::Esc50,
        soundframe::ManifestFormat::UrbanSound8K};
    const uint8_t mode = data[0];
    const auto path = fuzz::writeTempFile(data + 1, size - 1, extensions[mode & 3], "manifest");
    static const auto media = [] {
        auto dir = fuzz::tempFolder() / "media";
        std::filesystem::create_directories(dir);
        return dir;
    }();
    soundframe::ManifestOptions options;
    options.format = formats[(mode >> 2) % 7];
    options.mediaFolder = media;
    options.requireCaptions = mode & 0x20;
    options.checkMediaExists = mode & 0x40;
    options.mediaIsPreCut = mode & 0x80;
    try {
        auto contents = soundframe::loadManifest(path, options);
        (void)contents;
    } catch (const soundframe::Error&) {
    }
    return 0;
}
