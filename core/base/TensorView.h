#pragma once
// TensorView: a read-only view of one tensor's bytes inside a memory-mapped file.
// Valid only while the SafeTensorsReader that produced it lives.
#include "DType.h"

#include <cstdint>
#include <string>
#include <vector>

namespace soundframe {

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;  // empty for a scalar
    const uint8_t* data = nullptr;  // little-endian, row-major, not necessarily aligned
    size_t nbytes = 0;

    int64_t numel() const
    {
        int64_t n = 1;
        for (auto d : shape)
            n *= d;
        return n;
    }
    // The elements converted to float32 (F64, F16, BF16 and integer types are converted).
    std::vector<float> toFloat32() const;
};

} // namespace soundframe
