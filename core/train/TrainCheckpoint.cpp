#include "TrainCheckpoint.h"

#include "InfoNceLoss.h"
#include "base/AtomicWrite.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

namespace soundframe {

namespace fs = std::filesystem;

namespace {
fs::path checkpointsDir(const fs::path& runDir) { return runDir / "checkpoints"; }

std::string stepName(int64_t step)
{
    char name[32];
    std::snprintf(name, sizeof name, "step-%08lld", (long long)step);
    return name;
}

// Deletes a checkpoint folder so that a kill midway never leaves a half-deleted one under its
// name: it is renamed to a hidden name first (removeLeftovers finishes the job).
void removeCheckpoint(const fs::path& dir)
{
    const auto doomed = dir.parent_path() / (".old-" + dir.filename().string());
    std::error_code ec;
    fs::remove_all(doomed, ec);
    fs::rename(dir, doomed, ec);
    fs::remove_all(ec ? dir : doomed, ec);
}

std::vector<fs::path> completeCheckpoints(const fs::path& runDir)
{
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(checkpointsDir(runDir), ec))
        if (entry.is_directory() && entry.path().filename().string().rfind("step-", 0) == 0)
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

fs::path TrainCheckpoint::save(const fs::path& runDir, const TrainProgressState& state, const TrainConfig& config,
                               const AudioEncoder& encoder, InfoNceLossImpl& loss, torch::optim::Optimizer& optimizer,
                               const std::vector<std::pair<std::string, torch::Tensor>>& extraTensors, int keep)
{
    const auto root = checkpointsDir(runDir);
    const auto name = stepName(state.globalStep);
    const auto partial = root / (".partial-" + name);
    const auto target = root / name;
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::create_directories(partial, ec);
    if (ec)
        throw Error(partial, "cannot create checkpoint folder: " + ec.message());

    saveAudioEncoder(encoder, partial / "audio-encoder");

    std::vector<std::pair<std::string, torch::Tensor>> tensors{{"loss.logit_scale", loss.logitScaleParameter()}};
    {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        tensors.emplace_back("rng.cpu", generator.get_state());
    }
    for (const auto& extra : extraTensors)
        tensors.push_back(extra);
    const nlohmann::ordered_json progress{{"epoch", state.epoch}, {"step_in_epoch", state.stepInEpoch},
                                          {"global_step", state.globalStep},
                                          {"epoch_loss_sum", state.epochLossSum},
                                          {"epoch_steps", state.epochSteps}};
    saveTorchTensors(partial / "train-state.safetensors", tensors,
                     {{"format", "soundframe-train-checkpoint"},
                      {"format_version", std::to_string(kFormatVersion)},
                      {"progress", progress.dump()},
                      {"config", config.toJson()}});

    torch::serialize::OutputArchive archive;
    optimizer.save(archive);
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(partial / "optimizer.pt", bytes.str());

    removeCheckpoint(target);
    fs::rename(partial, target, ec);
    if (ec)
        throw Error(target, "cannot move the checkpoint into place: " + ec.message());
    writeFileAtomically(root / "latest", name + "\n");

    auto all = completeCheckpoints(runDir);
    for (size_t i = 0; i + size_t(std::max(keep, 1)) < all.size(); ++i)
        removeCheckpoint(all[i]);
    return target;
}

void TrainCheckpoint::removeLeftovers(const fs::path& runDir)
{
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(checkpointsDir(runDir), ec))
        if (entry.path().filename().string().rfind(".partial-", 0) == 0
            || entry.path().filename().string().rfind(".old-", 0) == 0)
            fs::remove_all(entry.path(), ec);
    for (const auto& dir : {runDir, checkpointsDir(runDir), runDir / "audio-encoder", runDir / "clip"})
        removeStaleTemporaries(dir);
}

std::optional<fs::path> TrainCheckpoint::latest(const fs::path& runDir)
{
    std::ifstream pointer(checkpointsDir(runDir) / "latest");
    std::string name;
    if (pointer && std::getline(pointer, name) && fs::is_directory(checkpointsDir(runDir) / name))
        return checkpointsDir(runDir) / name;
    // The pointer is written last; without it the newest renamed folder is still complete.
    const auto all = completeCheckpoints(runDir);
    if (all.empty())
        return std::nullopt;
    return all.back();
}

LoadedCheckpoint TrainCheckpoint::load(const fs::path& dir, const torch::Device& device)
{
    LoadedCheckpoint out;
    const auto stateFile = dir / "train-state.safetensors";
    const auto metadata = SafeTensorsReader::readMetadata(stateFile);
    if (metadata.count("format") == 0 || metadata.at("format") != "soundframe-train-checkpoint")
        throw Error(stateFile, "not a SoundFrame training checkpoint");
    if (std::stoi(metadata.at("format_version")) > kFormatVersion)
        throw Error(stateFile, "checkpoint format is newer than this SoundFrame");
    try {
        const auto progress = nlohmann::json::parse(metadata.at("progress"));
        out.state.epoch = progress.at("epoch").get<int>();
        out.state.stepInEpoch = progress.at("step_in_epoch").get<int64_t>();
        out.state.globalStep = progress.at("global_step").get<int64_t>();
        out.state.epochLossSum = progress.value("epoch_loss_sum", 0.0);
        out.state.epochSteps = progress.value("epoch_steps", int64_t(0));
    } catch (const std::exception& e) {
        throw Error(stateFile, std::string("malformed checkpoint progress: ") + e.what());
    }
    out.configJson = metadata.at("config");
    out.tensors = loadTorchTensors(stateFile);
    out.encoder = loadAudioEncoder(dir / "audio-encoder", device);
    out.optimizerFile = dir / "optimizer.pt";
    return out;
}

void TrainCheckpoint::restoreOptimizer(const LoadedCheckpoint& checkpoint, torch::optim::Optimizer& optimizer)
{
    std::ifstream in(checkpoint.optimizerFile, std::ios::binary);
    if (!in)
        throw Error(checkpoint.optimizerFile, "cannot open");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(in);
        optimizer.load(archive);
    } catch (const c10::Error& e) {
        throw Error(checkpoint.optimizerFile, std::string("cannot restore the optimiser: ") + e.what_without_backtrace());
    }
}

void TrainCheckpoint::restoreRandomState(const LoadedCheckpoint& checkpoint)
{
    const auto it = checkpoint.tensors.find("rng.cpu");
    if (it == checkpoint.tensors.end())
        return;
    auto generator = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(it->second);
}

} // namespace soundframe
