#pragma once
// DemoRecipe: a demo run's settings as data — a JSON file that overrides only the fields it names
// of DemoPipelineParams (and of its world, stand-in and audio encoder), like open_clip's
// model_configs. Named recipes ship in resources/recipes/ (demo-full.json, demo-from-scratch.json);
// the defaults themselves are the quick demo.
//
//   DemoPipelineParams p;                                   // the defaults: the quick demo
//   DemoRecipe::apply(p, readFileText("resources/recipes/demo-full.json"), "demo-full.json");
//   DemoRecipe::apply(p, R"({"methods": ["random", "multiframe"]})", "two.json");  // compare two
//
// Keys are the snake_case of the fields: "methods" (registered matchings), "stage1_epochs", "seeds",
// "clip_image" ("middle", "mean", "best"), and the objects "world" (DemoWorldParams), "stand_in" (StandInClipOptions) and
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
