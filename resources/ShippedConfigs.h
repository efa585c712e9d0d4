#pragma once
// ShippedConfigs: the named JSON configs compiled into SoundFrame from resources/ — training configs
// (resources/configs: `pretrain --config NAME`, the app's Training view), audio encoder configs
// (resources/encoders: `--audio-config NAME`) and demo recipes (resources/recipes: `demo --recipe
// NAME`). Each overrides only what differs from the defaults (open_clip's model_configs).
//
//   QStringList names = ShippedConfigs::names(ShippedConfigs::Training);   // "demo-stage1", ...
//   ShippedConfigs::Text t = ShippedConfigs::resolve(ShippedConfigs::Training, "demo-stage1");
//   TrainConfig c = TrainConfig::fromJson(t.json, t.where);
//
// resolve() takes a file path or a shipped name (a file wins) and throws Error naming what was asked
// and the shipped names when it is neither. Qt Core only (the configs are Qt resources).
#include <QString>
#include <QStringList>

#include <string>

namespace soundframe {

class ShippedConfigs {
public:
    enum Kind { Training, AudioEncoder, DemoRecipe };
    struct Text {
        std::string json;   // the file's text
        std::string where;  // for errors: the file path, or ":/configs/NAME.json"
    };

    static QStringList names(Kind kind);
    static bool isShipped(Kind kind, const QString& name);
    static Text resolve(Kind kind, const QString& nameOrFile);
    // A run's audio encoder config as a file: `nameOrFile` itself when it is a file; a shipped name's
    // text written to RUN/audio-encoder-config.json (so the run stands on its own); "" stays "".
    static std::string audioEncoderConfigFile(const std::string& nameOrFile, const std::string& runDir);
};

} // namespace soundframe
