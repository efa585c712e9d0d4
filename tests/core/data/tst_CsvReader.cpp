// CsvReader against Python's csv module on tricky but valid input, and the errors it reports
// for malformed records, with the lines they start on.
#include "TestSupport.h"
#include "base/Error.h"
#include "data/CsvReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

#include <sstream>

using namespace soundframe;

class TestCsvReader : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    static std::vector<CsvRow> readAll(const std::string& text, CsvOptions options = {})
    {
        std::istringstream in(text);
        CsvReader reader(in, options);
        std::vector<CsvRow> rows;
        CsvRow row;
        while (reader.next(row))
            rows.push_back(row);
        return rows;
    }

private Q_SLOTS:
    void agreesWithPythonOnValidInput()
    {
        const QByteArray text =
            "\xEF\xBB\xBF" "name,text,n\r\n"
            "plain,\"with, comma\",1\r\n"
            "\"quoted \"\"inner\"\" quotes\",\"multi\nline\r\nfield\",2\n"
            "\n"
            "\r\n"
            "\xC3\xBCn\xC3\xAF\xC3\xA7\xC3\xB8\x64\xC3\xA9,\"\",3\n"
            "a,b\n"
            "ab\"c,d\"e,5\n"
            ",,\n"
            "\"x\",\" spaced \",  7  \n"
            "\"\"\n"
            "last,\"no line end\",9";
        const QString file = m_dir.filePath("tricky.csv");
        QVERIFY(test::writeBytes(file, text));
        const auto ref = test::runPythonScript("csv_reference.py", {file});
        QVERIFY2(ref.exitCode == 0, qPrintable(ref.stderrText));
        const QJsonArray expected = QJsonDocument::fromJson(ref.stdoutBytes).array();
        QCOMPARE(expected.size(), 10);  // the reference saw every record

        CsvReader reader(file.toStdString());
        CsvRow row;
        int n = 0;
        while (reader.next(row)) {
            QVERIFY2(n < expected.size(), "more records than Python");
            const auto want = expected[n].toObject();
            QVERIFY2(row.error.empty(), row.error.c_str());
            const auto fields = want["fields"].toArray();
            QCOMPARE(int(row.fields.size()), int(fields.size()));
            for (int i = 0; i < fields.size(); ++i)
                QCOMPARE(QString::fromStdString(row.fields[size_t(i)]), fields[i].toString());
            QCOMPARE(row.lastLine, long(want["last_line"].toInt()));
            ++n;
        }
        QCOMPARE(n, int(expected.size()));
    }

    void recordsKnowTheLineTheyStartOn()
    {
        const auto rows = readAll("h1,h2\n\"two\nlines\",x\n\nnext,y\r\nlast,z");
        QCOMPARE(rows.size(), size_t(4));
        QCOMPARE(rows[1].line, 2L);
        QCOMPARE(rows[1].lastLine, 3L);
        QCOMPARE(rows[1].fields[0], std::string("two\nlines"));
        QCOMPARE(rows[2].line, 5L);
        QCOMPARE(rows[3].line, 6L);
        QCOMPARE(rows[3].fields, (std::vector<std::string>{"last", "z"}));
    }

    void malformedRecordsCarryAReasonAndTheRestReads()
    {
        const auto rows = readAll("ok,1\n\"closed\"junk,2\nbad,\xFF\xFE\nok,3\n\"never closed,4\nmore\n");
        QCOMPARE(rows.size(), size_t(5));
        QVERIFY(rows[0].error.empty());
        QVERIFY2(rows[1].error.find("after a closing quote in field 1") != std::string::npos, rows[1].error.c_str());
        QCOMPARE(rows[1].line, 2L);
        QVERIFY2(rows[2].error.find("invalid UTF-8 in field 2") != std::string::npos, rows[2].error.c_str());
        QVERIFY(rows[3].error.empty());
        QCOMPARE(rows[3].fields, (std::vector<std::string>{"ok", "3"}));
        QVERIFY2(rows[4].error.find("unterminated quoted field (opened on line 5)") != std::string::npos,
                 rows[4].error.c_str());
    }

    void commentsAndAudioSetSpacing()
    {
        CsvOptions options;
        options.comment = '#';
        options.skipInitialSpace = true;
        options.trimUnquoted = true;
        const auto rows = readAll("# YTID, start_seconds, end_seconds, positive_labels\n"
                                  "--PJHxphWEs, 30.000, 40.000, \"/m/09x0r,/t/dd00088\"\n"
                                  "#another\n"
                                  "x, 1 , 2 ,\"a\"  \n",
                                  options);
        QCOMPARE(rows.size(), size_t(4));
        QVERIFY(rows[0].comment);
        QCOMPARE(rows[0].fields, (std::vector<std::string>{" YTID, start_seconds, end_seconds, positive_labels"}));
        QVERIFY(!rows[1].comment);
        QCOMPARE(rows[1].fields, (std::vector<std::string>{"--PJHxphWEs", "30.000", "40.000", "/m/09x0r,/t/dd00088"}));
        QVERIFY(rows[2].comment);
        QCOMPARE(rows[3].fields, (std::vector<std::string>{"x", "1", "2", "a"}));
        QVERIFY(rows[3].error.empty());
        // Without skipInitialSpace the quote after ", " is literal text, as in Python.
        const auto plain = readAll("a, \"b,c\"\n");
        QCOMPARE(plain[0].fields, (std::vector<std::string>{"a", " \"b", "c\""}));
    }

    void byteOrderMarkOnlyWhenComplete()
    {
        QCOMPARE(readAll("\xEF\xBB\xBF\"q\",x\n")[0].fields, (std::vector<std::string>{"q", "x"}));
        // U+F000 begins with the same byte as a BOM and is kept.
        QCOMPARE(readAll("\xEF\x80\x80,x\n")[0].fields, (std::vector<std::string>{"\xEF\x80\x80", "x"}));
        QCOMPARE(readAll("ab").at(0).fields, (std::vector<std::string>{"ab"}));
        QVERIFY(readAll("").empty());
        QVERIFY(readAll("\n\r\n\n").empty());
    }

    void splitLineSplitsOneLine()
    {
        QCOMPARE(CsvReader::splitLine("a,\"b,c\",d"), (std::vector<std::string>{"a", "b,c", "d"}));
        QCOMPARE(CsvReader::splitLine("x;y", CsvOptions{';'}), (std::vector<std::string>{"x", "y"}));
    }

    void quoteFieldReadsBackExactly()
    {
        const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "two\nlines", "", " padded "};
        std::string line;
        for (const auto& f : fields)
            line += (line.empty() ? "" : ",") + CsvReader::quoteField(f);
        QCOMPARE(CsvReader::quoteField("plain"), std::string("plain"));
        QCOMPARE(CsvReader::quoteField("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        std::istringstream in(line + "\n");
        CsvReader reader(in);
        CsvRow row;
        QVERIFY(reader.next(row));
        QCOMPARE(row.fields, fields);
    }

    void unreadableFilesThrowNamingThem()
    {
        const std::string missing = m_dir.filePath("missing.csv").toStdString();
        try {
            CsvReader reader(missing);
            QFAIL("no error for a missing file");
        } catch (const Error& e) {
            QCOMPARE(e.where(), missing);
            QVERIFY2(std::string(e.what()).find("cannot open") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, CsvReader(m_dir.path().toStdString()));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestCsvReader)
#include "tst_CsvReader.moc"
