#pragma once
// TrainStage: which of the method's training stages a run is. Code compares the enum; the names
// ("tag", "pretrain", "finetune") exist only where configs are read and written and on the command
// line (`soundframe-cli pretrain-audio|pretrain|finetune`).
#include <optional>
#include <string>

namespace soundframe {

enum class TrainStage {
    Tag,       // audio tagging on the cache's class labels, before stage 1 (the field's pretrained f)
    Pretrain,  // stage 1: audio against video frames (audio-image)
    Finetune,  // stage 2: audio against captions (audio-text)
};

std::string trainStageName(TrainStage stage);
// nullopt for an unknown name.
std::optional<TrainStage> trainStageFromName(const std::string& name);

} // namespace soundframe
