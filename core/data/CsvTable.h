#pragma once
// CsvTable: a CSV file whose first record names its columns, read the way the manifest readers need
// it: columns found by name (trimmed, case-insensitive), and malformed rows or rows of the wrong
// width recorded as skips ("file:line" and reason) so the caller sees only well-formed rows.
//
//   CsvTable table(csv, "an AudioCaps manifest");   // Error(csv, ...): unreadable, empty, bad header
//   const size_t caption = table.column("caption");   // Error(csv, "no column \"caption\" in the header: ...")
//   CsvRow row;
//   while (table.next(row, contents.skipped))
//       use(row.fields[caption]);                    // row.fields.size() == table.header().size()
//
// Not thread-safe; one table per thread.
#include "data/CsvReader.h"
#include "data/SkipRecord.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace soundframe {

class CsvTable {
public:
    // `kind` names what the file should be, for messages: "an AudioCaps manifest".
    CsvTable(const std::filesystem::path& csv, std::string kind);

    const std::vector<std::string>& header() const { return m_header; }  // as written
    // Index of the column named `name` (lower case); throws Error naming the file and the column.
    size_t column(const std::string& name) const;
    std::optional<size_t> findColumn(const std::string& name) const;
    // The next well-formed row with one field per column; malformed rows and rows of another width
    // are appended to `skipped` and passed over. False at the end of the file.
    bool next(CsvRow& row, std::vector<SkipRecord>& skipped);

private:
    std::filesystem::path m_csv;
    std::string m_kind;
    CsvReader m_reader;
    std::vector<std::string> m_header;
};

} // namespace soundframe
