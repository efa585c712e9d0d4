// JsonFields: a file overrides only the keys it names; wrong types, out-of-range numbers, unknown
// keys and malformed JSON are Errors naming the file and the key. Lenient mode (Hugging Face's
// files) ignores unread keys and nulls but still names a read key of the wrong type.
#include "base/Error.h"
#include "base/JsonFields.h"

#include <QtTest>

#include "TestRegistry.h"

#include <array>
#include <string>
#include <vector>

using namespace soundframe;

namespace {
struct Settings {
    int epochs = 8;
    double rate = 3e-3;
    bool mask = false;
    std::string name = "demo";
    std::vector<int> seeds{1};
    uint64_t worldSeed = 1;
    int nestedEpochs = 12;
};

Settings read(const std::string& text)
{
    Settings s;
    JsonFields f = JsonFields::parse(text, "recipe.json");
    f.read("epochs", s.epochs);
    f.read("rate", s.rate);
    f.read("mask", s.mask);
    f.read("name", s.name);
    f.read("seeds", s.seeds);
    f.read("world_seed", s.worldSeed);
    JsonFields nested(f.object("stand_in"), "recipe.json: stand_in");
    nested.read("epochs", s.nestedEpochs);
    nested.finish();
    f.finish();
    return s;
}

void expectError(const std::string& text, const std::vector<std::string>& parts)
{
    try {
        read(text);
        QFAIL(qPrintable(QString::fromStdString("accepted: " + text)));
    } catch (const Error& e) {
        for (const auto& part : parts)
            QVERIFY2(std::string(e.what()).find(part) != std::string::npos, e.what());
    }
}
} // namespace

class TestJsonFields : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void absentKeysKeepDefaults()
    {
        const Settings s = read("{}");
        QCOMPARE(s.epochs, 8);
        QCOMPARE(s.rate, 3e-3);
        QCOMPARE(s.seeds, std::vector<int>{1});
        QCOMPARE(s.nestedEpochs, 12);
    }

    void namedKeysOverride()
    {
        const Settings s = read(R"({"epochs": 30, "rate": 1, "mask": true, "name": "full", "seeds": [1, 2, 3],
                                    "world_seed": 18446744073709551615, "stand_in": {"epochs": 40}})");
        QCOMPARE(s.epochs, 30);
        QCOMPARE(s.rate, 1.0);  // an integer is a number
        QVERIFY(s.mask);
        QCOMPARE(s.name, std::string("full"));
        QCOMPARE(s.seeds, (std::vector<int>{1, 2, 3}));
        QCOMPARE(s.worldSeed, uint64_t(18446744073709551615ULL));
        QCOMPARE(s.nestedEpochs, 40);
    }

    void badInputNamesFileAndKey()
    {
        expectError(R"({"epochs": 2.5})", {"recipe.json", "'epochs'"});
        expectError(R"({"epochs": 1e300})", {"recipe.json", "'epochs'"});
        expectError(R"({"epochs": 4294967296})", {"'epochs'", "out of range"});
        expectError(R"({"epochs": true})", {"'epochs'"});
        expectError(R"({"mask": 1})", {"'mask'"});
        expectError(R"({"name": 3})", {"'name'"});
        expectError(R"({"rate": "fast"})", {"'rate'"});
        expectError(R"({"seeds": 1})", {"'seeds'"});
        expectError(R"({"seeds": [1, "two"]})", {"'seeds'"});
        expectError(R"({"world_seed": -1})", {"'world_seed'"});
        expectError(R"({"epoch": 3})", {"recipe.json", "unknown key 'epoch'"});
        expectError(R"({"stand_in": {"epoch": 3}})", {"recipe.json: stand_in", "unknown key 'epoch'"});
        expectError(R"({"stand_in": 3})", {"'stand_in'", "object"});
        expectError(R"([1, 2])", {"recipe.json", "object"});
        expectError(R"({"epochs": )", {"recipe.json", "malformed JSON"});
        expectError(R"({"epochs": null})", {"recipe.json", "'epochs'", "expected an integer, found null"});
        expectError(R"({"name": 3})", {"expected a string, found number 3"});
        expectError(R"({"seeds": [1, "two"]})", {"expected an array of integers"});
    }

    // A Hugging Face config: many keys nobody reads, nulls for unset values, nested sub-configs.
    void lenientIgnoresUnreadKeysAndNulls()
    {
        const std::string text = R"({"architectures": ["CLIPModel"], "torch_dtype": "float32", "transformers_version": "4.21",
            "projection_dim": 512, "logit_scale_init_value": null, "initializer_factor": 1.0,
            "text_config": {"hidden_size": 48, "bos_token_id": 0, "pad_token_id": null, "id2label": {"0": "LABEL_0"},
                            "problem_type": null, "layer_norm_eps": 1e-05}})";
        JsonFields f = JsonFields::parse(text, "config.json", JsonFields::Mode::Lenient);
        int projection = 0;
        double logitScale = 2.5;
        f.read("projection_dim", projection);
        f.read("logit_scale_init_value", logitScale);
        QVERIFY(f.has("text_config"));
        QVERIFY(!f.has("logit_scale_init_value"));  // null reads as absent
        QVERIFY(!f.has("vision_config"));
        JsonFields textConfig = f.child("text_config");
        int hidden = 0, pad = 7;
        double eps = 0;
        textConfig.read("hidden_size", hidden);
        textConfig.read("pad_token_id", pad);
        textConfig.read("layer_norm_eps", eps);
        textConfig.finish();
        JsonFields vision = f.child("vision_config");  // absent: an empty object, every default kept
        int patch = 32;
        vision.read("patch_size", patch);
        f.finish();
        QCOMPARE(projection, 512);
        QCOMPARE(logitScale, 2.5);
        QCOMPARE(hidden, 48);
        QCOMPARE(pad, 7);
        QCOMPARE(eps, 1e-5);
        QCOMPARE(patch, 32);
    }

    void lenientStillNamesWrongTypesOfReadKeys()
    {
        JsonFields f = JsonFields::parse(R"({"unused": [1, {"x": null}], "text_config": {"hidden_size": "48"}})",
                                         "config.json", JsonFields::Mode::Lenient);
        JsonFields text = f.child("text_config");
        int hidden = 0;
        try {
            text.read("hidden_size", hidden);
            QFAIL("a string was read as an integer");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("config.json: key 'text_config.hidden_size' has the wrong type: "
                                                        "expected an integer, found string \"48\""));
        }
    }

    void childrenNameTheirKeysByPath()
    {
        JsonFields f = JsonFields::parse(R"({"log_mel": {"n_mels": 64, "n_mel": 3}, "cnn": [1]})", "enc.json");
        JsonFields logMel = f.child("log_mel");
        int mels = 0;
        logMel.read("n_mels", mels);
        QCOMPARE(mels, 64);
        try {
            logMel.finish();
            QFAIL("an unknown key in a child was let through");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("enc.json: unknown key 'log_mel.n_mel'"));
        }
        try {
            f.child("cnn");
            QFAIL("an array was taken for an object");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("key 'cnn' has the wrong type: expected a JSON object") != std::string::npos,
                     e.what());
        }
        try {
            logMel.fail("n_mels", "too many");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), std::string("enc.json: key 'log_mel.n_mels': too many"));
        }
    }

    void fixedSizeArraysNeedEveryElement()
    {
        std::array<double, 3> mean{0, 0, 0};
        JsonFields good = JsonFields::parse(R"({"mean": [0.5, 1, 0.25]})", "pre.json");
        good.read("mean", mean);
        QCOMPARE(mean, (std::array<double, 3>{0.5, 1.0, 0.25}));
        for (const char* text : {R"({"mean": [0.5, 0.5]})", R"({"mean": [1, 2, 3, 4]})", R"({"mean": [1, "2", 3]})",
                                 R"({"mean": 0.5})"}) {
            JsonFields bad = JsonFields::parse(text, "pre.json");
            try {
                bad.read("mean", mean);
                QFAIL(text);
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("key 'mean' has the wrong type: expected an array of 3 numbers")
                             != std::string::npos,
                         e.what());
            }
        }
        QCOMPARE(mean, (std::array<double, 3>{0.5, 1.0, 0.25}));  // a failed read leaves the field alone
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestJsonFields)
#include "tst_JsonFields.moc"
