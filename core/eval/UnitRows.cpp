#include "UnitRows.h"

#include <torch/torch.h>

namespace soundframe {

torch::Tensor unitRows(const torch::Tensor& rows)
{
    namespace F = torch::nn::functional;
    return F::normalize(rows.to(torch::kFloat32), F::NormalizeFuncOptions().dim(1));
}

} // namespace soundframe
