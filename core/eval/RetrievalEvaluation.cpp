#include "RetrievalEvaluation.h"

#include "base/Error.h"

#include <torch/torch.h>

namespace soundframe {

torch::Tensor cosineSimilarity(const torch::Tensor& a, const torch::Tensor& b)
{
    namespace F = torch::nn::functional;
    const auto options = F::NormalizeFuncOptions().dim(1);
    return torch::matmul(F::normalize(a.to(torch::kFloat32), options), F::normalize(b.to(torch::kFloat32), options).t());
}

torch::Tensor audioImageSimilarity(const EvaluationEmbeddings& e)
{
    namespace F = torch::nn::functional;
    const int64_t clips = e.audio.size(0);
    if (e.imageScoring == ClipImage::Middle) {
        if (!e.images.defined())
            return {};
        if (e.images.size(0) != clips)
            throw Error("evaluation: one evaluation image per clip is required");
        return cosineSimilarity(e.audio, e.images);
    }
    if (e.clipFrames.empty())
        return {};
    if (int64_t(e.clipFrames.size()) != clips)
        throw Error("evaluation: the frames of every clip are required");
    const auto unit = F::NormalizeFuncOptions().dim(1);
    if (e.imageScoring == ClipImage::Mean) {
        std::vector<torch::Tensor> means;
        for (const auto& frames : e.clipFrames)
            means.push_back(F::normalize(frames.to(torch::kFloat32), unit).mean(0));
        return cosineSimilarity(e.audio, torch::stack(means, 0));
    }
    std::vector<torch::Tensor> columns;
    for (const auto& frames : e.clipFrames)
        columns.push_back(std::get<0>(cosineSimilarity(e.audio, frames).max(1)));
    return torch::stack(columns, 1);
}

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& e)
{
    if (!e.audio.defined() || e.audio.dim() != 2)
        throw Error("evaluation: audio embeddings [N, D] are required");
    const int64_t clips = e.audio.size(0);
    RetrievalReport report;
    report.counts["n_audio"] = clips;

    if (const auto sim = audioImageSimilarity(e); sim.defined()) {
        std::vector<std::vector<int64_t>> self;
        for (int64_t i = 0; i < clips; ++i)
            self.push_back({i});
        report.set("audio_to_image", retrievalScores(sim, self));
        report.set("image_to_audio", retrievalScores(sim.t(), self));
        report.counts["n_image"] = clips;
    }
    if (e.captions.defined() && e.captions.size(0) > 0) {
        if (int64_t(e.captionClip.size()) != e.captions.size(0))
            throw Error("evaluation: every caption needs its clip");
        std::vector<std::vector<int64_t>> captionToClip, clipToCaptions(static_cast<size_t>(clips));
        for (size_t t = 0; t < e.captionClip.size(); ++t) {
            const auto clip = e.captionClip[t];
            if (clip < 0 || clip >= clips)
                throw Error("evaluation: caption " + std::to_string(t) + " names no clip");
            captionToClip.push_back({clip});
            clipToCaptions[size_t(clip)].push_back(int64_t(t));
        }
        // Clips without captions cannot be audio->text queries; they stay in the text->audio gallery.
        std::vector<int64_t> queryClips;
        std::vector<std::vector<int64_t>> relevant;
        for (int64_t c = 0; c < clips; ++c)
            if (!clipToCaptions[size_t(c)].empty()) {
                queryClips.push_back(c);
                relevant.push_back(clipToCaptions[size_t(c)]);
            }
        const auto sim = cosineSimilarity(e.captions, e.audio);  // [Nt, Na]
        report.set("text_to_audio", retrievalScores(sim, captionToClip));
        const auto audioRows = sim.t().index_select(0, torch::tensor(queryClips, torch::kInt64));
        report.set("audio_to_text", retrievalScores(audioRows, relevant));
        report.counts["n_text"] = e.captions.size(0);
    }
    return report;
}

} // namespace soundframe
