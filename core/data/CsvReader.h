#pragma once
// CsvReader: reads comma-separated values as RFC 4180 defines them, one record at a time,
// with the line number each record starts on, so a caller can skip bad lines and go on.
//
//   CsvReader reader("train.csv");            // throws Error if the file cannot be opened
//   CsvRow row;
//   while (reader.next(row)) {
//       if (!row.error.empty()) { skipped.push_back({"train.csv:" + std::to_string(row.line), row.error}); continue; }
//       use(row.fields);
//   }
//
// Handles quoted fields containing commas, line breaks and doubled quotes (""), CRLF or LF
// line ends, a UTF-8 byte order mark, and a last line without a line end. Blank lines are
// skipped. A quote inside an unquoted field is kept as a literal character. Fields are checked
// for valid UTF-8. Not thread-safe; one reader per thread.
#include <filesystem>
#include <fstream>
#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace soundframe {

struct CsvOptions {
    char delimiter = ',';          // field separator
    char comment = 0;              // lines starting with this are comments (0: none), e.g. '#'
    bool skipInitialSpace = false; // drop spaces after a delimiter (AudioSet's ", " style)
    bool trimUnquoted = false;     // drop spaces and tabs around unquoted fields
};

struct CsvRow {
    std::vector<std::string> fields;  // unquoted field texts
    long line = 0;                    // line (from 1) the record starts on
    long lastLine = 0;                // line it ends on (> line when a quoted field spans lines)
    bool comment = false;             // a comment line: fields holds one field, the text after the mark
    std::string error;                // non-empty: the record is malformed and why (fields are partial)
};

class CsvReader {
public:
    // Reads the file at `path`; throws Error(path, ...) if it cannot be opened.
    explicit CsvReader(const std::filesystem::path& path, CsvOptions options = {});
    // Reads from `in`, which must outlive the reader.
    explicit CsvReader(std::istream& in, CsvOptions options = {});

    // Reads the next record into `row`; false at the end of the input.
    bool next(CsvRow& row);

    // Splits one line of text (no line end) as the reader would; for header comments and tests.
    static std::vector<std::string> splitLine(const std::string& text, CsvOptions options = {});
    // One field as CSV text for writers: quoted (quotes doubled) when it holds a comma, quote or line
    // break, else as it is; the reader gives back exactly `text`.
    static std::string quoteField(const std::string& text);

private:
    int get();   // next byte, or -1 at the end
    int peek();
    void readComment(CsvRow& row);

    std::unique_ptr<std::ifstream> m_file;  // set when the reader opened the file itself
    std::istream* m_in = nullptr;
    CsvOptions m_options;
    long m_line = 1;                        // line of the next byte
    bool m_started = false;                 // BOM check done
    std::string m_pending;                  // first bytes, read ahead to look for a BOM
    size_t m_pendingPos = 0;
};

} // namespace soundframe
