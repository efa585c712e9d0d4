// The JSON config loaders (ClipConfig, AudioEncoderConfig, TrainConfig) over arbitrary text; the
// first byte picks the loader. A config that loads must validate or throw Error, never crash.
#include "base/Error.h"
#include "model/AudioEncoderConfig.h"
#include "model/ClipConfig.h"
#include "train/TrainConfig.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const std::string json(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        switch (data[0] % 3) {
        case 0: {
            auto config = soundframe::ClipConfig::parse(json, "config.json");
            config.validate("config.json");
            break;
        }
        case 1: {
            auto config = soundframe::audioEncoderConfigFromJson(json, "config.json");
            config.validate("config.json");
            // What validates must survive a round trip through its own JSON.
            auto again = soundframe::audioEncoderConfigFromJson(soundframe::audioEncoderConfigToJson(config), "again");
            (void)again;
            break;
        }
        default: {
            auto config = soundframe::TrainConfig::fromJson(json, "config.json");
            config.validate();
            break;
        }
        }
    } catch (const soundframe::Error&) {
    }
    return 0;
}
