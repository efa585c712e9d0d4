// RetrievalReport: the JSON schema other runs and scripts rely on, and the Markdown table.
#include "eval/RetrievalReport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestRetrievalReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonFollowsTheSharedSchemaAndRoundTrips()
    {
        RetrievalReport report;
        RetrievalScores s;
        s.recallAt1 = 12.5;
        s.recallAt5 = 40;
        s.recallAt10 = 60;
        s.mapAt10 = 25.25;
        s.medianRank = 7;
        s.queries = 8;
        report.set("text_to_audio", s);
        report.set("audio_to_image", s);
        report.counts["n_audio"] = 8;
        report.counts["n_text"] = 40;
        report.labels["matching"] = "nearest";
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(report.toJson())).object();
        QCOMPARE(json["text_to_audio"].toObject()["R@1"].toDouble(), 12.5);
        QCOMPARE(json["text_to_audio"].toObject()["mAP@10"].toDouble(), 25.25);
        QCOMPARE(json["text_to_audio"].toObject()["medR"].toDouble(), 7.0);
        QCOMPARE(json["n_text"].toInt(), 40);
        QCOMPARE(json["matching"].toString(), QString("nearest"));

        const auto back = RetrievalReport::fromJson(report.toJson());
        QCOMPARE(back.get("audio_to_image").mapAt10, 25.25);
        QCOMPARE(back.counts.at("n_audio"), int64_t(8));
        QCOMPARE(back.labels.at("matching"), std::string("nearest"));
    }

    void markdownListsDirectionsInTheStandardOrder()
    {
        RetrievalReport report;
        RetrievalScores s;
        s.recallAt1 = 1.25;
        report.set("audio_to_image", s);
        report.set("text_to_audio", s);
        const auto md = QString::fromStdString(report.toMarkdown());
        QVERIFY(md.startsWith("| direction | R@1 | R@5 | R@10 | mAP@10 | medR |"));
        QVERIFY(md.indexOf("text_to_audio") < md.indexOf("audio_to_image"));
        QVERIFY(md.contains("| 1.2 |") || md.contains("| 1.3 |"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestRetrievalReport)
#include "tst_RetrievalReport.moc"
