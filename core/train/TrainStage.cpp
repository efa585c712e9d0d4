#include "TrainStage.h"

namespace soundframe {

std::string trainStageName(TrainStage stage)
{
    switch (stage) {
    case TrainStage::Tag:
        return "tag";
    case TrainStage::Pretrain:
        return "pretrain";
    case TrainStage::Finetune:
        return "finetune";
    }
    return "pretrain";
}

std::optional<TrainStage> trainStageFromName(const std::string& name)
{
    for (const auto stage : {TrainStage::Tag, TrainStage::Pretrain, TrainStage::Finetune})
        if (trainStageName(stage) == name)
            return stage;
    return std::nullopt;
}

} // namespace soundframe
