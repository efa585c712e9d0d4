#pragma once
// ClipImage: which image stands for a clip in audio<->image retrieval.
//
//   EvaluatorParams p;
//   p.clipImage = ClipImage::Mean;                       // mean of the clip's frame embeddings
//   std::string name = clipImageName(p.clipImage);       // "mean", for reports and the CLI
//   std::optional<ClipImage> c = parseClipImage("best"); // nullopt for an unknown name
//
// Middle: frame floor(L / 2), the protocol of vip-AnT (docs/method.md); it only shows what the
// clip sounds like when the source is on screen mid-clip. Mean: the normalised frame embeddings
// averaged, as video retrieval pools frames (the clip seen as a whole, as f hears it whole). Best:
// an audio clip scores a clip's frames by their best cosine — the most similar frame answers, as
// Nearest Match pairs frames in training.
#include <optional>
#include <string>

namespace soundframe {

enum class ClipImage { Middle, Mean, Best };

std::string clipImageName(ClipImage image);
std::optional<ClipImage> parseClipImage(const std::string& name);

} // namespace soundframe
