#include "RetrievalEvaluation.h"

#include "base/Error.h"

#include <torch/torch.h>

#include <algorithm>

namespace soundframe {

namespace {
RetrievalItem itemAt(RetrievalDirection::Side side, int64_t index, const RetrievalNames& names)
{
    if (side == RetrievalDirection::Side::Clip) {
        if (index < 0 || index >= int64_t(names.clipIds.size()))
            throw Error("retrieval queries: clip " + std::to_string(index) + " has no id");
        return {names.clipIds[size_t(index)], {}};
    }
    if (index < 0 || index >= int64_t(names.captions.size()) || index >= int64_t(names.captionClip.size()))
        throw Error("retrieval queries: caption " + std::to_string(index) + " has no text");
    const RetrievalItem owner = itemAt(RetrievalDirection::Side::Clip, names.captionClip[size_t(index)], names);
    return {owner.clip, names.captions[size_t(index)]};
}
} // namespace

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

std::vector<RetrievalDirection> retrievalDirections(const EvaluationEmbeddings& e)
{
    if (!e.audio.defined() || e.audio.dim() != 2)
        throw Error("evaluation: audio embeddings [N, D] are required");
    using Side = RetrievalDirection::Side;
    const int64_t clips = e.audio.size(0);
    std::vector<int64_t> allClips;
    std::vector<std::vector<int64_t>> self;
    for (int64_t i = 0; i < clips; ++i) {
        allClips.push_back(i);
        self.push_back({i});
    }
    std::vector<RetrievalDirection> out;
    if (const auto sim = audioImageSimilarity(e); sim.defined()) {
        out.push_back({"audio_to_image", sim, self, allClips, Side::Clip, Side::Clip});
        out.push_back({"image_to_audio", sim.t(), self, allClips, Side::Clip, Side::Clip});
    }
    if (e.captions.defined() && e.captions.size(0) > 0) {
        if (int64_t(e.captionClip.size()) != e.captions.size(0))
            throw Error("evaluation: every caption needs its clip");
        std::vector<std::vector<int64_t>> captionToClip, clipToCaptions(static_cast<size_t>(clips));
        std::vector<int64_t> allCaptions;
        for (size_t t = 0; t < e.captionClip.size(); ++t) {
            const auto clip = e.captionClip[t];
            if (clip < 0 || clip >= clips)
                throw Error("evaluation: caption " + std::to_string(t) + " names no clip");
            captionToClip.push_back({clip});
            clipToCaptions[size_t(clip)].push_back(int64_t(t));
            allCaptions.push_back(int64_t(t));
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
        out.push_back({"text_to_audio", sim, captionToClip, allCaptions, Side::Caption, Side::Clip});
        const auto audioRows = sim.t().index_select(0, torch::tensor(queryClips, torch::kInt64));
        out.push_back({"audio_to_text", audioRows, relevant, queryClips, Side::Clip, Side::Caption});
    }
    return out;
}

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& e)
{
    return evaluateRetrieval(e, retrievalDirections(e));
}

RetrievalReport evaluateRetrieval(const EvaluationEmbeddings& e, const std::vector<RetrievalDirection>& directions)
{
    RetrievalReport report;
    for (const auto& d : directions) {
        report.set(d.name, retrievalScores(d.similarity, d.relevant));
        if (d.name == "audio_to_image")
            report.counts["n_image"] = e.audio.size(0);
        if (d.name == "text_to_audio")
            report.counts["n_text"] = e.captions.size(0);
    }
    report.counts["n_audio"] = e.audio.size(0);
    return report;
}

RetrievalQueries retrievalQueries(const std::vector<RetrievalDirection>& directions, const RetrievalNames& names,
                                  int64_t topK)
{
    RetrievalQueries out;
    for (const auto& d : directions) {
        const auto matrix = d.similarity.to(torch::kCPU, torch::kFloat64).contiguous();
        for (size_t row = 0; row < d.relevant.size(); ++row) {
            const auto& relevant = d.relevant[row];
            const auto scores = matrix[int64_t(row)];
            RetrievalQuery q;
            q.direction = d.name;
            q.query = itemAt(d.query, d.queryIndex.at(row), names);
            q.rank = relevantRanks(scores, relevant).front();
            for (auto g : relevant)
                q.relevant.push_back(itemAt(d.gallery, g, names));
            const double* s = scores.data_ptr<double>();
            for (auto g : topRanked(scores, relevant, topK))
                q.top.push_back({itemAt(d.gallery, g, names), s[g],
                                 std::find(relevant.begin(), relevant.end(), g) != relevant.end()});
            out.queries.push_back(std::move(q));
        }
    }
    return out;
}

} // namespace soundframe
