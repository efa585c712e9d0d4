#include "AudioTagTargets.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <algorithm>
#include <map>
#include <set>

namespace soundframe {

AudioTagTargets::AudioTagTargets(const FrameCacheReader& train, const std::filesystem::path& trainDir,
                                 int64_t embedDim, const torch::Device& device)
    : m_device(device)
{
    std::set<std::string> names;
    for (size_t i = 0; i < train.size(); ++i)
        names.insert(train.record(i).labels.begin(), train.record(i).labels.end());
    if (names.empty())
        throw Error(trainDir, "no clip of the training cache has a class label; audio tagging needs labels");
    m_classes.assign(names.begin(), names.end());
    std::map<std::string, int64_t> index;
    for (size_t c = 0; c < m_classes.size(); ++c)
        index[m_classes[c]] = int64_t(c);
    m_clipClasses.resize(train.size());
    for (size_t i = 0; i < train.size(); ++i)
        for (const auto& label : train.record(i).labels)
            m_clipClasses[i].push_back(index.at(label));
    m_head = torch::nn::Linear(embedDim, int64_t(m_classes.size()));
    m_head->to(device);
}

torch::Tensor AudioTagTargets::targets(const std::vector<int64_t>& rows) const
{
    auto y = torch::zeros({int64_t(rows.size()), int64_t(m_classes.size())});
    for (size_t i = 0; i < rows.size(); ++i)
        for (auto c : m_clipClasses.at(size_t(rows[i])))
            y[int64_t(i)][c] = 1.0f;
    return y.to(m_device);
}

torch::Tensor AudioTagTargets::loss(const torch::Tensor& embeddings, const torch::Tensor& targets) const
{
    // Softmax cross-entropy against the labels spread evenly: per-class binary cross-entropy over
    // ~100 classes with 1-4 positives settled on the label prior here (validation top-1 0% after 10
    // epochs), as its gradient for a rare positive is tiny.
    const auto spread = targets / targets.sum(1, true).clamp_min(1.0);
    return -(spread * torch::log_softmax(m_head->forward(embeddings), 1)).sum(1).mean();
}

std::vector<std::pair<std::string, torch::Tensor>> AudioTagTargets::namedParameters() const
{
    return {{"tag_head.weight", m_head->weight}, {"tag_head.bias", m_head->bias}};
}

double AudioTagTargets::topOneAccuracy(const torch::Tensor& embeddings, const FrameCacheReader& cache) const
{
    torch::NoGradGuard noGrad;
    const auto best = m_head->forward(embeddings.to(m_device)).argmax(1).cpu();
    int64_t scored = 0, correct = 0;
    for (size_t i = 0; i < cache.size(); ++i) {
        const auto& labels = cache.record(i).labels;
        const bool known = std::any_of(labels.begin(), labels.end(), [&](const std::string& l) {
            return std::binary_search(m_classes.begin(), m_classes.end(), l);
        });
        if (!known)
            continue;
        ++scored;
        correct += std::count(labels.begin(), labels.end(), m_classes[size_t(best[int64_t(i)].item<int64_t>())]) > 0;
    }
    return scored ? 100.0 * double(correct) / double(scored) : 0.0;
}

} // namespace soundframe
