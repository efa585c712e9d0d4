// JsonFields: a file overrides only the keys it names; wrong types, out-of-range numbers, unknown
// keys and malformed JSON are Errors naming the file and the key.
#include "base/Error.h"
#include "base/JsonFields.h"

#include <QtTest>

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

private slots:
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
    }
};

QTEST_GUILESS_MAIN(TestJsonFields)
#include "tst_JsonFields.moc"
