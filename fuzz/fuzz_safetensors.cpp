// SafeTensorsReader over an arbitrary file: whatever the constructor accepts must be safe to
// read in full (every tensor converted to float32) and readMetadata must agree.
#include "FuzzSupport.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto path = fuzz::writeTempFile(data, size, ".safetensors");
    try {
        soundframe::SafeTensorsReader reader(path);
        for (const auto& name : reader.names()) {
            const auto& view = reader.tensor(name);
            auto values = view.toFloat32();
            if (static_cast<int64_t>(values.size()) != view.numel())
                __builtin_trap();
        }
        auto metadata = soundframe::SafeTensorsReader::readMetadata(path);
        if (metadata != reader.metadata())
            __builtin_trap();
    } catch (const soundframe::Error&) {
    }
    return 0;
}
