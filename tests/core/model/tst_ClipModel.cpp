// ClipModel against an independent float64 CLIP forward pass in Python (clip_reference.py), on
// small random checkpoints in Hugging Face's layout; the errors a user sees for a damaged
// checkpoint; and save() -> load() (and save() -> the Python reader) reproducing the features.
#include <torch/torch.h>  // before any Qt header: Qt's `slots` macro breaks LibTorch's headers

#include "TestSupport.h"
#include "base/Error.h"
#include "base/SafeTensorsReader.h"
#include "base/TorchTensors.h"
#include "model/ClipModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <filesystem>
#include <functional>

using namespace soundframe;
namespace fs = std::filesystem;

class TestClipModel : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    fs::path root() const { return fs::path(m_dir.path().toStdString()); }
    fs::path variant(const std::string& name) const { return root() / name; }

    static double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
    {
        return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
    }

    // Runs the model of `variant` on its inputs and compares with the Python features.
    void compareWithReference(const std::string& name)
    {
        const auto dir = variant(name);
        auto clip = ClipModel::load(dir / "model", torch::kCPU);
        auto inputs = loadTorchTensors(dir / "inputs.safetensors");
        auto expected = loadTorchTensors(dir / "expected.safetensors");
        torch::NoGradGuard noGrad;
        const auto image = clip->imageFeatures(inputs.at("pixels"));
        const auto text = clip->textFeatures(inputs.at("ids"));
        QCOMPARE(image.sizes().vec(), (std::vector<int64_t>{5, 40}));
        QCOMPARE(text.sizes().vec(), (std::vector<int64_t>{6, 40}));
        const double di = maxDiff(image, expected.at("image_features"));
        const double dt = maxDiff(text, expected.at("text_features"));
        qInfo("%s: max |diff| image %.2e, text %.2e", name.c_str(), di, dt);
        QVERIFY2(di < 1e-4, qPrintable(QString::number(di)));
        QVERIFY2(dt < 1e-4, qPrintable(QString::number(dt)));
    }

    // Copies the quick_gelu model folder to `name` and returns its path, for damaging.
    fs::path copyOfModel(const std::string& name)
    {
        const auto target = root() / name;
        fs::create_directories(target);
        fs::copy(variant("quick_gelu") / "model", target,
                 fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        return target;
    }

    // Expects load(dir) to throw an Error whose text holds every fragment.
    void expectLoadError(const fs::path& dir, const std::vector<std::string>& fragments)
    {
        try {
            ClipModel::load(dir, torch::kCPU);
            QFAIL(qPrintable("no error for " + QString::fromStdString(dir.string())));
        } catch (const Error& e) {
            const std::string what = e.what();
            for (const auto& f : fragments)
                QVERIFY2(what.find(f) != std::string::npos, qPrintable(QString::fromStdString(what + "  [missing: " + f + "]")));
        }
    }

    void rewriteTensors(const fs::path& dir, const std::function<void(std::map<std::string, torch::Tensor>&)>& change)
    {
        auto tensors = loadTorchTensors(dir / "model.safetensors");
        change(tensors);
        std::vector<std::pair<std::string, torch::Tensor>> list(tensors.begin(), tensors.end());
        saveTorchTensors(dir / "model.safetensors", list);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const QStringList& args : {QStringList{"quick_gelu", "--act", "quick_gelu", "--eos", "first"},
                                        QStringList{"gelu_half", "--act", "gelu", "--eos", "legacy", "--half"},
                                        QStringList{"gelu_new", "--act", "gelu_new", "--eos", "first"}}) {
            const auto r = test::runPythonScript(
                "clip_reference.py", QStringList{"make", m_dir.filePath(args[0])} + args.mid(1));
            QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        }
    }

    void parameterNamesAreHuggingFaces()
    {
        ClipModel clip(ClipConfig{});
        const auto params = clip->named_parameters(true);
        for (const char* name : {"vision_model.embeddings.class_embedding",
                                 "vision_model.embeddings.patch_embedding.weight",
                                 "vision_model.embeddings.position_embedding.weight",
                                 "vision_model.pre_layrnorm.weight", "vision_model.pre_layrnorm.bias",
                                 "vision_model.encoder.layers.11.self_attn.q_proj.weight",
                                 "vision_model.encoder.layers.0.self_attn.out_proj.bias",
                                 "vision_model.encoder.layers.3.layer_norm1.weight",
                                 "vision_model.encoder.layers.3.mlp.fc1.weight",
                                 "vision_model.encoder.layers.3.mlp.fc2.bias",
                                 "vision_model.encoder.layers.3.layer_norm2.bias",
                                 "vision_model.post_layernorm.weight", "visual_projection.weight",
                                 "text_model.embeddings.token_embedding.weight",
                                 "text_model.embeddings.position_embedding.weight",
                                 "text_model.encoder.layers.11.self_attn.v_proj.bias",
                                 "text_model.final_layer_norm.weight", "text_projection.weight", "logit_scale"})
            QVERIFY2(params.contains(name), name);
        QVERIFY(!params.contains("vision_model.embeddings.patch_embedding.bias"));
        QVERIFY(!params.contains("visual_projection.bias"));
        QVERIFY(!params.contains("text_projection.bias"));
        // ViT-B/32: 12 + 12 blocks of 16 tensors; 7 vision and 4 text embedding/norm tensors;
        // 2 projections; logit_scale.
        QCOMPARE(int(params.size()), 12 * 16 * 2 + 7 + 4 + 2 + 1);
        QCOMPARE(clip->named_parameters(true)["vision_model.embeddings.position_embedding.weight"].sizes().vec(),
                 (std::vector<int64_t>{50, 768}));
        QCOMPARE(clip->logit_scale.dim(), 0);
        QVERIFY(std::abs(clip->logit_scale.item<float>() - 2.6592f) < 1e-6);
        QVERIFY(!clip->is_training());
    }

    void quickGeluMatchesReference() { compareWithReference("quick_gelu"); }
    void geluWithHalfWeightsAndLegacyEosMatchesReference() { compareWithReference("gelu_half"); }
    void geluNewMatchesReference() { compareWithReference("gelu_new"); }

    void poolingConventions()
    {
        // first <|endoftext|> (eos 298) even when a larger id comes earlier; legacy 2: largest id.
        auto clip = ClipModel::load(variant("quick_gelu") / "model", torch::kCPU);
        const auto ids = torch::tensor({297, 299, 5, 298, 298, 0}, torch::kInt64).reshape({1, 6});
        QCOMPARE(clip->text_model->poolPositions(ids).item<int64_t>(), int64_t(3));
        auto legacy = ClipModel::load(variant("gelu_half") / "model", torch::kCPU);
        const auto ids2 = torch::tensor({298, 2, 5, 299, 299, 0}, torch::kInt64).reshape({1, 6});
        QCOMPARE(legacy->text_model->poolPositions(ids2).item<int64_t>(), int64_t(3));
    }

    // Under the causal mask a caption's end token, where it is pooled, never sees the columns after
    // it: a batch cut after its longest caption's end token gives the same features (the stand-in's
    // trainer cuts every batch so).
    void paddingAfterTheEndTokenChangesNothing()
    {
        auto clip = ClipModel::load(variant("quick_gelu") / "model", torch::kCPU);
        const int64_t context = loadTorchTensors(variant("quick_gelu") / "inputs.safetensors").at("ids").size(1);
        QVERIFY(context > 6);
        auto ids = torch::full({3, context}, int64_t(298), torch::kInt64);  // eos 298 also pads
        ids[0].narrow(0, 0, 4).copy_(torch::tensor({297, 5, 6, 7}, torch::kInt64));
        ids[1].narrow(0, 0, 2).copy_(torch::tensor({297, 9}, torch::kInt64));
        ids[2].narrow(0, 0, 5).copy_(torch::tensor({297, 11, 12, 13, 14}, torch::kInt64));  // ends at column 5
        torch::NoGradGuard noGrad;
        const auto whole = clip->textFeatures(ids);
        const auto cut = clip->textFeatures(ids.narrow(1, 0, 6));
        QVERIFY(torch::allclose(whole, cut, 1e-5, 1e-6));
        QVERIFY(!torch::allclose(whole[0], whole[1], 1e-3, 1e-3));  // the captions differ
    }

    void badInputsGiveErrors()
    {
        auto clip = ClipModel::load(variant("quick_gelu") / "model", torch::kCPU);
        torch::NoGradGuard noGrad;
        QVERIFY_THROWS_EXCEPTION(Error, clip->imageFeatures(torch::zeros({1, 3, 64, 64})));
        QVERIFY_THROWS_EXCEPTION(Error, clip->textFeatures(torch::full({1, 78}, 5, torch::kInt64)));
        QVERIFY_THROWS_EXCEPTION(Error, clip->textFeatures(torch::full({1, 77}, 300, torch::kInt64)));
        QVERIFY_THROWS_EXCEPTION(Error, clip->textFeatures(torch::zeros({1, 77}, torch::kFloat32)));
    }

    void missingTensorNamesFileTensorAndShape()
    {
        const auto dir = copyOfModel("missing");
        rewriteTensors(dir, [](auto& t) { t.erase("vision_model.encoder.layers.1.mlp.fc2.weight"); });
        expectLoadError(dir, {(dir / "model.safetensors").string(), "vision_model.encoder.layers.1.mlp.fc2.weight",
                              "missing", "[64, 128]"});
    }

    void wrongShapeNamesExpectedAndFound()
    {
        const auto dir = copyOfModel("shape");
        rewriteTensors(dir, [](auto& t) { t["text_projection.weight"] = torch::zeros({40, 47}); });
        expectLoadError(dir, {(dir / "model.safetensors").string(), "text_projection.weight",
                              "expected shape [40, 48]", "found [40, 47]"});
    }

    void configErrorsNameFileAndField()
    {
        const auto dir = copyOfModel("config");
        const auto config = dir / "config.json";
        const auto write = [&](const QByteArray& bytes) {
            QVERIFY(test::writeBytes(QString::fromStdString(config.string()), bytes));
        };
        write("{\"text_config\": {");
        expectLoadError(dir, {config.string(), "malformed JSON"});
        write(R"({"text_config": {"hidden_size": "48"}})");
        expectLoadError(dir, {config.string(), "text_config.hidden_size", "expected an integer"});
        write(R"({"vision_config": {"layer_norm_eps": true}})");
        expectLoadError(dir, {config.string(), "vision_config.layer_norm_eps", "expected a number"});
        write(R"({"vision_config": {"hidden_act": "tanhh"}})");
        expectLoadError(dir, {config.string(), "vision_config.hidden_act", "tanhh"});
        write(R"({"vision_config": {"hidden_size": 64, "num_attention_heads": 5}})");
        expectLoadError(dir, {config.string(), "vision_config.num_attention_heads", "does not divide"});
        write(R"([1, 2])");
        expectLoadError(dir, {config.string(), "object"});
        fs::remove(config);
        expectLoadError(dir, {config.string(), "cannot open"});
        const auto noWeights = copyOfModel("noweights");
        fs::remove(noWeights / "model.safetensors");
        expectLoadError(noWeights, {(noWeights / "model.safetensors").string(), "no such file"});
    }

    // A config.json as transformers' save_pretrained writes it: dozens of keys this model does not
    // use (generation settings, label maps, ...) and null for unset values, also for keys we read.
    void huggingFaceConfigWithExtraKeysAndNullsLoads()
    {
        const auto dir = copyOfModel("hf_config");
        const QString configPath = QString::fromStdString((dir / "config.json").string());
        QFile in(configPath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
        in.close();
        const auto addHfKeys = [](QJsonObject sub) {
            sub["_name_or_path"] = "";
            sub["add_cross_attention"] = false;
            sub["bad_words_ids"] = QJsonValue::Null;
            sub["begin_suppress_tokens"] = QJsonValue::Null;
            sub["chunk_size_feed_forward"] = 0;
            sub["id2label"] = QJsonObject{{"0", "LABEL_0"}, {"1", "LABEL_1"}};
            sub["label2id"] = QJsonObject{{"LABEL_0", 0}, {"LABEL_1", 1}};
            sub["length_penalty"] = 1.0;
            sub["prefix"] = QJsonValue::Null;
            sub["pruned_heads"] = QJsonObject{};
            sub["task_specific_params"] = QJsonValue::Null;
            sub["torch_dtype"] = QJsonValue::Null;
            sub["attention_dropout"] = 0.0;
            sub["initializer_factor"] = 1.0;
            return sub;
        };
        QJsonObject text = addHfKeys(config["text_config"].toObject());
        text["pad_token_id"] = QJsonValue::Null;  // read, but null: the default stays
        config["text_config"] = text;
        config["vision_config"] = addHfKeys(config["vision_config"].toObject());
        config["vision_config_dict"] = QJsonValue::Null;
        config["logit_scale_init_value"] = QJsonValue::Null;
        config["torch_dtype"] = "float32";
        config["transformers_version"] = "4.21.0.dev0";
        QVERIFY(test::writeBytes(configPath, QJsonDocument(config).toJson()));

        const ClipConfig read = ClipConfig::readFile(dir / "config.json");
        QCOMPARE(read.text.hiddenSize, 48);
        QCOMPARE(read.vision.patchSize, 8);
        QCOMPARE(read.text.padTokenId, ClipTextConfig{}.padTokenId);
        QCOMPARE(read.logitScaleInitValue, ClipConfig{}.logitScaleInitValue);
        auto original = ClipModel::load(variant("quick_gelu") / "model", torch::kCPU);
        auto clip = ClipModel::load(dir, torch::kCPU);
        auto inputs = loadTorchTensors(variant("quick_gelu") / "inputs.safetensors");
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(clip->imageFeatures(inputs.at("pixels")), original->imageFeatures(inputs.at("pixels"))));
        QVERIFY(torch::equal(clip->textFeatures(inputs.at("ids")), original->textFeatures(inputs.at("ids"))));

        // Among all those keys, a key we read with the wrong type is still named with its file.
        QJsonObject vision = config["vision_config"].toObject();
        vision["patch_size"] = "8";
        config["vision_config"] = vision;
        QVERIFY(test::writeBytes(configPath, QJsonDocument(config).toJson()));
        expectLoadError(dir, {(dir / "config.json").string(), "key 'vision_config.patch_size' has the wrong type",
                              "expected an integer, found string \"8\""});
    }

    void configDefaultsAreClipVitB32AndRoundTrip()
    {
        const ClipConfig defaults = ClipConfig::parse("{}", "test");
        QCOMPARE(defaults.vision.hiddenSize, 768);
        QCOMPARE(defaults.vision.patchSize, 32);
        QCOMPARE(defaults.text.hiddenSize, 512);
        QCOMPARE(defaults.text.maxPositionEmbeddings, 77);
        QCOMPARE(defaults.projectionDim, 512);
        ClipConfig c;
        c.text.hiddenAct = "gelu";
        c.text.eosTokenId = 2;
        c.vision.layerNormEps = 1e-6;
        c.vision.imageSize = 64;
        const ClipConfig back = ClipConfig::parse(c.toJson(), "test");
        QCOMPARE(back.text.hiddenAct, std::string("gelu"));
        QCOMPARE(back.text.eosTokenId, int64_t(2));
        QCOMPARE(back.vision.layerNormEps, 1e-6);
        QCOMPARE(back.vision.imageSize, 64);
        QCOMPARE(back.toJson(), c.toJson());
    }

    void saveThenLoadReproducesFeaturesAndPythonReadsIt()
    {
        auto clip = ClipModel::load(variant("gelu_half") / "model", torch::kCPU);
        const auto tokenizer = root() / "tokenizer";
        fs::create_directories(tokenizer);
        QVERIFY(test::writeBytes(QString::fromStdString((tokenizer / "vocab.json").string()), "{\"a\": 0}"));
        QVERIFY(test::writeBytes(QString::fromStdString((tokenizer / "merges.txt").string()), "#version: 0.2\n"));
        const auto saved = root() / "saved";
        clip->save(saved, tokenizer);
        for (const char* f : {"config.json", "model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json"})
            QVERIFY2(fs::exists(saved / f), f);

        QFile configFile(QString::fromStdString((saved / "config.json").string()));
        QVERIFY(configFile.open(QIODevice::ReadOnly));
        const auto config = QJsonDocument::fromJson(configFile.readAll()).object();
        QCOMPARE(config["architectures"].toArray(), QJsonArray{"CLIPModel"});
        QCOMPARE(config["model_type"].toString(), QString("clip"));
        QCOMPARE(config["projection_dim"].toInt(), 40);
        QCOMPARE(config["text_config"].toObject()["eos_token_id"].toInt(), 2);
        QCOMPARE(config["vision_config"].toObject()["hidden_act"].toString(), QString("gelu"));
        SafeTensorsReader weights(saved / "model.safetensors");
        QCOMPARE(weights.metadata().at("format"), std::string("pt"));
        QCOMPARE(weights.tensor("text_model.encoder.layers.0.mlp.fc1.weight").dtype, DType::F32);

        auto again = ClipModel::load(saved, torch::kCPU);
        auto inputs = loadTorchTensors(variant("gelu_half") / "inputs.safetensors");
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(clip->imageFeatures(inputs.at("pixels")), again->imageFeatures(inputs.at("pixels"))));
        QVERIFY(torch::equal(clip->textFeatures(inputs.at("ids")), again->textFeatures(inputs.at("ids"))));

        const QString out = m_dir.filePath("saved_features.safetensors");
        const auto r = test::runPythonScript(
            "clip_reference.py", {"forward", QString::fromStdString(saved.string()),
                                  QString::fromStdString((variant("gelu_half") / "inputs.safetensors").string()), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.stderrText));
        auto python = loadTorchTensors(out.toStdString());
        auto expected = loadTorchTensors(variant("gelu_half") / "expected.safetensors");
        QVERIFY(maxDiff(python.at("image_features"), expected.at("image_features")) < 1e-6);
        QVERIFY(maxDiff(python.at("text_features"), expected.at("text_features")) < 1e-6);
    }

    void freshModelSavesLoadsAndTrains()
    {
        // The stand-in CLIP starts from a config alone; gradients reach every parameter.
        ClipConfig c = ClipConfig::readFile(variant("quick_gelu") / "model" / "config.json");
        ClipModel clip(c);
        auto inputs = loadTorchTensors(variant("quick_gelu") / "inputs.safetensors");
        const auto loss = clip->imageFeatures(inputs.at("pixels").slice(0, 0, 2)).pow(2).sum()
            + clip->textFeatures(inputs.at("ids").slice(0, 0, 2)).pow(2).sum();
        loss.backward();
        for (const auto& p : clip->named_parameters(true)) {
            if (p.key() == "logit_scale")
                continue;
            QVERIFY2(p.value().grad().defined(), p.key().c_str());
        }
        clip->save(root() / "fresh");
        auto back = ClipModel::load(root() / "fresh", torch::kCPU);
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(clip->textFeatures(inputs.at("ids")), back->textFeatures(inputs.at("ids"))));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestClipModel)
#include "tst_ClipModel.moc"
