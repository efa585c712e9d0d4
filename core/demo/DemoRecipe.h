#pragma once
// DemoRecipe: a demo run's settings as data — a JSON file that overrides only the fields it names
// of DemoPipelineParams (and of its world, stand-in and audio encoder), like open_clip's
// model_configs. Named recipes ship in resources/recipes/ (demo.json, demo-full.json, ...).
//
//   DemoPipelineParams p;                                   // the defaults: the quick demo
//   DemoRecipe::apply(p, readText("resources/recipes/demo-full.json"), "demo-full.json");
//
// Keys are the snake_case of the fields: "stage1_epochs", "seeds", "clip_image" ("middle", "mean",
// "best"), and the objects "world" (DemoWorldParams), "stand_in" (StandInClipOptions) and
// "audio_encoder" ({"channels", "n_mels", "block_dropout", "head_dropout"}). An unknown key or a
// wrong type is an Error naming the file and the key; so is a value out of range.
#include "demo/DemoPipeline.h"

#include <string>

namespace soundframe {

class DemoRecipe {
public:
    static void apply(DemoPipelineParams& params, const std::string& json, const std::string& where);
};

} // namespace soundframe
