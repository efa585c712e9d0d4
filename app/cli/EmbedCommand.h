#pragma once
// EmbedCommand: `soundframe-cli embed` — texts, images or audio clips to an embeddings file.
//
//   soundframe-cli embed --clip models/clip-b32 --texts captions.txt --out text.safetensors --normalize
//   soundframe-cli embed --clip models/clip-b32 --images frames.txt --out img.safetensors
//   soundframe-cli embed --model run/audio --audio clips.txt --out audio.safetensors
//
// Output: safetensors with float32 "embeddings" [N, D] (CLIP's projected features, unit rows
// with --normalize) and metadata: format "soundframe-embeddings/1", kind text|image|audio,
// model (the folder given), model_identity (CLIP only: ClipImageEmbedder::fingerprint),
// normalized, items (JSON array: the text or path of each row, in order) and skipped (JSON
// array of {"path", "reason"}). A JSON summary goes to stdout.
// Inputs: --texts FILE has one text per line (blank lines ignored); --images / --audio LIST
// has one file path per line (blank lines and lines starting with '#' ignored), relative paths
// taken from the list file's folder. An unreadable image or audio file is reported on stderr
// ("skipped PATH: reason") and left out — its path is listed under "skipped", and "items" says
// which file each row is; the command fails (exit 1) only when no input at all can be embedded.
// Audio: each file decoded to mono at the encoder's rate; its first clipSeconds (zero-padded
// when shorter) go through the encoder, as in training (AudioFrontEnd).
#include "CliCommand.h"

namespace soundframe {

class EmbedCommand : public CliCommand {
public:
    QString name() const override { return "embed"; }
    QString summary() const override { return "Embed texts, images or audio files into a safetensors file."; }
    int run(const QStringList& arguments, CliStreams& io) override;
};

} // namespace soundframe
