#include "TensorView.h"

#include <cstring>

namespace soundframe {

namespace {
template <typename T>
T loadUnaligned(const uint8_t* p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu;
    uint32_t mantissa = h & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal half: renormalise into a normal float
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400u) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3ffu;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);  // inf or nan
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bfloatToFloat(uint16_t b)
{
    const uint32_t bits = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}
} // namespace

std::vector<float> TensorView::toFloat32() const
{
    const auto n = size_t(numel());
    std::vector<float> out(n);
    const size_t step = dtypeSize(dtype);
    for (size_t i = 0; i < n; ++i) {
        const uint8_t* p = data + i * step;
        switch (dtype) {
        case DType::F64: out[i] = float(loadUnaligned<double>(p)); break;
        case DType::F32: out[i] = loadUnaligned<float>(p); break;
        case DType::F16: out[i] = halfToFloat(loadUnaligned<uint16_t>(p)); break;
        case DType::BF16: out[i] = bfloatToFloat(loadUnaligned<uint16_t>(p)); break;
        case DType::I64: out[i] = float(loadUnaligned<int64_t>(p)); break;
        case DType::I32: out[i] = float(loadUnaligned<int32_t>(p)); break;
        case DType::I16: out[i] = float(loadUnaligned<int16_t>(p)); break;
        case DType::I8: out[i] = float(loadUnaligned<int8_t>(p)); break;
        case DType::U8: out[i] = float(*p); break;
        case DType::Bool: out[i] = *p ? 1.0f : 0.0f; break;
        }
    }
    return out;
}

} // namespace soundframe
