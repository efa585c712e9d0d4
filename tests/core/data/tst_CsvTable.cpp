// CsvTable: columns by name whatever their case and padding, a missing column or an empty file as one
// Error naming the file, and rows that are malformed or of the wrong width skipped with file:line.
#include "ManifestTestSupport.h"
#include "TestSupport.h"
#include "base/Error.h"
#include "data/CsvTable.h"

#include <QTemporaryDir>
#include <QtTest>

#include "TestRegistry.h"

using namespace soundframe;

class TestCsvTable : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string file(const QString& name) const { return m_dir.filePath(name).toStdString(); }

private Q_SLOTS:
    void columnsAndWellFormedRows()
    {
        QVERIFY(test::writeBytes(m_dir.filePath("t.csv"), " Name ,FOLD\r\na,1\nb\n\"c,d\",2\n\"x\"y,3\ne,4,5\nf,6"));
        CsvTable table(file("t.csv"), "a test table");
        QCOMPARE(table.header().size(), size_t(2));
        QCOMPARE(table.column("name"), size_t(0));
        QCOMPARE(table.column("fold"), size_t(1));
        QVERIFY(!table.findColumn("class"));
        ManifestContents c;
        CsvRow row;
        std::vector<std::string> names;
        while (table.next(row, c.skipped))
            names.push_back(row.fields[0]);
        QCOMPARE(names, (std::vector<std::string>{"a", "c,d", "f"}));
        QVERIFY2(test::hasSkip(c, file("t.csv") + ":3", "expected 2 fields, found 1"), qPrintable(test::describe(c)));
        QVERIFY2(test::hasSkip(c, file("t.csv") + ":5", "after a closing quote"), qPrintable(test::describe(c)));
        QVERIFY2(test::hasSkip(c, file("t.csv") + ":6", "expected 2 fields, found 3"), qPrintable(test::describe(c)));
        QCOMPARE(c.skipped.size(), size_t(3));
    }

    void wholeFileProblemsNameTheFile()
    {
        QVERIFY(test::writeBytes(m_dir.filePath("h.csv"), "name,fold\n"));
        try {
            CsvTable(file("h.csv"), "a test table").column("class");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), file("h.csv"));
            QCOMPARE(e.reason(), std::string("no column \"class\" in the header: not a test table"));
        }
        QVERIFY(test::writeBytes(m_dir.filePath("empty.csv"), ""));
        try {
            CsvTable(file("empty.csv"), "a test table");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.where(), file("empty.csv"));
            QVERIFY2(e.reason().find("empty file") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, CsvTable(file("absent.csv"), "a test table"));
    }
};

SOUNDFRAME_TEST_GUILESS_MAIN(TestCsvTable)
#include "tst_CsvTable.moc"
