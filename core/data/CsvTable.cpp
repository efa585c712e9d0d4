#include "data/CsvTable.h"

#include "base/Error.h"
#include "data/ManifestText.h"

namespace soundframe {

CsvTable::CsvTable(const std::filesystem::path& csv, std::string kind)
    : m_csv(csv), m_kind(std::move(kind)), m_reader(csv)
{
    CsvRow row;
    if (!m_reader.next(row))
        throw Error(m_csv, "empty file: no header of " + m_kind);
    if (!row.error.empty())
        throw Error(m_csv, "header: " + row.error);
    m_header = std::move(row.fields);
}

std::optional<size_t> CsvTable::findColumn(const std::string& name) const
{
    for (size_t i = 0; i < m_header.size(); ++i)
        if (lowerAscii(trimmed(m_header[i])) == name)
            return i;
    return std::nullopt;
}

size_t CsvTable::column(const std::string& name) const
{
    if (const auto i = findColumn(name))
        return *i;
    throw Error(m_csv, "no column \"" + name + "\" in the header: not " + m_kind);
}

bool CsvTable::next(CsvRow& row, std::vector<SkipRecord>& skipped)
{
    while (m_reader.next(row)) {
        if (!row.error.empty())
            skipped.push_back({lineWhere(m_csv, row.line), row.error});
        else if (row.fields.size() != m_header.size())
            skipped.push_back({lineWhere(m_csv, row.line), "expected " + std::to_string(m_header.size())
                                                               + " fields, found " + std::to_string(row.fields.size())});
        else
            return true;
    }
    return false;
}

} // namespace soundframe
