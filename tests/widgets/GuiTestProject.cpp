#include "WidgetTestProject.h"  // torch first

#include "GuiTestProject.h"

#include <QDir>

#include <exception>

namespace soundframe::test {

namespace {

// Manifest lines for the clips of a cache; media: the test project's one MP4 (any decodable file).
void writeManifest(const std::filesystem::path& cacheDir, const std::filesystem::path& manifest,
                   const std::filesystem::path& media, const std::string& split)
{
    const FrameCacheReader cache(cacheDir);
    std::ofstream out(manifest);
    for (size_t i = 0; i < cache.size(); ++i) {
        const ClipRecord& clip = cache.record(i);
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : clip.events)
            events.push_back({{"label", e.label}, {"start", e.start}, {"end", e.end}, {"visible_frames", e.visibleFrames}});
        out << nlohmann::json{{"id", clip.id}, {"path", media.string()}, {"start", 0.0}, {"end", clip.end},
                              {"captions", clip.captions}, {"labels", clip.labels}, {"split", split},
                              {"events", events}}.dump()
            << "\n";
    }
}

} // namespace

QString writeGuiTestProject(const QString& rootText, int trainPerClass)
{
    namespace fs = std::filesystem;
    try {
        const fs::path root = rootText.toStdString();
        fs::create_directories(root);
        const std::string error = writeWidgetTestProject(root);
        if (!error.empty())
            return QString::fromStdString(error);
        SyntheticWorld world;
        world.writeCache(root / "cache" / "train", trainPerClass, 1, "train-");
        world.writeCache(root / "cache" / "val", 1, 2, "val-");
        // Four blocks, as the demo's CNN: the demo's stage-1 recipe, which the Training view opens
        // with, keeps three of them frozen.
        AudioEncoderConfig encoder = world.encoderConfig("cnn");
        encoder.cnn.channels = {4, 8, 8, 16};
        writeAudioEncoderConfig(encoder, root / "audio-encoder.json");
        const fs::path video = root / "world" / "media" / "test-0.mp4";
        writeManifest(root / "cache" / "train", root / "world" / "manifest-train.jsonl", video, "train");
        writeManifest(root / "cache" / "val", root / "world" / "manifest-val.jsonl", video, "val");
    } catch (const std::exception& e) {
        return QString::fromLocal8Bit(e.what());
    }
    return {};
}

QString GuiTestProjectFolder::create(int trainPerClass)
{
    if (!m_dir.isValid())
        return "no temporary folder";
    if (const QString error = writeGuiTestProject(path(), trainPerClass); !error.isEmpty())
        return error;
    try {
        reopen();
    } catch (const std::exception& e) {
        return QString::fromLocal8Bit(e.what());
    }
    return {};
}

gui::TrainingRequest GuiTestProjectFolder::trainingRequest(const QString& runName, int epochs) const
{
    TrainConfig c;
    c.trainCache = m_project.cacheFolder("train").toStdString();
    c.audioEncoderConfig = QDir(m_project.folder()).filePath("audio-encoder.json").toStdString();
    c.runDir = QDir(m_project.runsFolder()).filePath(runName).toStdString();
    c.epochs = epochs;
    c.batchSize = 8;
    c.threads = 1;
    c.validateEachEpoch = false;
    gui::TrainingRequest request;
    request.config = c;
    return request;
}

} // namespace soundframe::test
