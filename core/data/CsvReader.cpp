#include "data/CsvReader.h"

#include "base/Error.h"
#include "base/Utf8.h"

#include <cerrno>
#include <cstring>
#include <sstream>

namespace soundframe {

CsvReader::CsvReader(const std::filesystem::path& path, CsvOptions options)
    : m_file(std::make_unique<std::ifstream>(path, std::ios::binary))
    , m_in(m_file.get())
    , m_options(options)
{
    const int openError = errno;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path, "is a folder, not a file");
    if (!*m_file)
        throw Error(path, std::string("cannot open: ") + std::strerror(openError));
}

CsvReader::CsvReader(std::istream& in, CsvOptions options)
    : m_in(&in)
    , m_options(options)
{
}

// The stream buffer directly: formatted istream calls per byte cost several times more.
int CsvReader::get()
{
    if (m_pendingPos < m_pending.size())
        return static_cast<unsigned char>(m_pending[m_pendingPos++]);
    const auto c = m_in->rdbuf()->sbumpc();
    return c == std::char_traits<char>::eof() ? -1 : int(static_cast<unsigned char>(c));
}

int CsvReader::peek()
{
    if (m_pendingPos < m_pending.size())
        return static_cast<unsigned char>(m_pending[m_pendingPos]);
    const auto c = m_in->rdbuf()->sgetc();
    return c == std::char_traits<char>::eof() ? -1 : int(static_cast<unsigned char>(c));
}

static bool isSpace(int c) { return c == ' ' || c == '\t'; }

static void trim(std::string& s)
{
    size_t b = 0, e = s.size();
    while (b < e && isSpace(s[b]))
        ++b;
    while (e > b && isSpace(s[e - 1]))
        --e;
    s = s.substr(b, e - b);
}

void CsvReader::readComment(CsvRow& row)
{
    get();  // the comment mark
    std::string text;
    for (int c = get(); c != -1; c = get()) {
        if (c == '\n' || c == '\r') {
            if (c == '\r' && peek() == '\n')
                get();
            break;
        }
        text += char(c);
    }
    row.comment = true;
    row.lastLine = m_line++;
    if (!utf8::isValid(text))
        row.error = "invalid UTF-8 in comment";
    row.fields.push_back(std::move(text));
}

bool CsvReader::next(CsvRow& row)
{
    row.fields.clear();
    row.error.clear();
    row.comment = false;
    if (!m_started) {
        m_started = true;
        // A UTF-8 byte order mark (Excel writes one) is not part of the first field.
        for (int i = 0; i < 3; ++i) {
            const auto c = m_in->rdbuf()->sbumpc();
            if (c == std::char_traits<char>::eof())
                break;
            m_pending += char(c);
        }
        if (m_pending == "\xEF\xBB\xBF")
            m_pending.clear();
    }
    for (;;) {  // blank lines
        const int c = peek();
        if (c == -1)
            return false;
        if (c != '\n' && c != '\r')
            break;
        get();
        if (c == '\r' && peek() == '\n')
            get();
        ++m_line;
    }
    row.line = m_line;
    if (m_options.comment && peek() == static_cast<unsigned char>(m_options.comment)) {
        readComment(row);
        return true;
    }

    enum class State { StartField, Unquoted, Quoted, AfterQuote };
    State state = State::StartField;
    std::string field;
    bool quoted = false;
    long quoteLine = 0;
    const int delimiter = static_cast<unsigned char>(m_options.delimiter);
    auto finishField = [&] {
        if (!quoted && m_options.trimUnquoted)
            trim(field);
        row.fields.push_back(std::move(field));
        field.clear();
        quoted = false;
        state = State::StartField;
    };
    auto isLineEnd = [](int c) { return c == '\n' || c == '\r' || c == -1; };
    auto endLine = [&](int c) {
        if (c == '\r' && peek() == '\n')
            get();
        row.lastLine = m_line;
        if (c != -1)
            ++m_line;
    };

    for (;;) {
        const int c = get();
        switch (state) {
        case State::StartField:
            if (c == ' ' && m_options.skipInitialSpace)
                continue;
            if (c == '"') {
                state = State::Quoted;
                quoted = true;
                quoteLine = m_line;
                continue;
            }
            state = State::Unquoted;
            [[fallthrough]];
        case State::Unquoted:
            if (c == delimiter) {
                finishField();
            } else if (isLineEnd(c)) {
                finishField();
                endLine(c);
                goto done;
            } else {
                field += char(c);
            }
            break;
        case State::Quoted:
            if (c == -1) {
                if (row.error.empty())
                    row.error = "unterminated quoted field (opened on line " + std::to_string(quoteLine) + ")";
                finishField();
                endLine(c);
                goto done;
            }
            if (c == '"') {
                if (peek() == '"') {
                    get();
                    field += '"';
                } else {
                    state = State::AfterQuote;
                }
                break;
            }
            field += char(c);
            if (c == '\n' || (c == '\r' && peek() != '\n'))
                ++m_line;
            break;
        case State::AfterQuote:
            if (c == delimiter) {
                finishField();
            } else if (isLineEnd(c)) {
                finishField();
                endLine(c);
                goto done;
            } else if (!isSpace(c)) {
                // RFC 4180 allows nothing between a closing quote and the delimiter.
                if (row.error.empty())
                    row.error = "unexpected character after a closing quote in field "
                        + std::to_string(row.fields.size() + 1);
                field += char(c);
                state = State::Unquoted;
            }
            break;
        }
    }
done:
    if (row.error.empty()) {
        for (size_t i = 0; i < row.fields.size(); ++i) {
            if (!utf8::isValid(row.fields[i])) {
                row.error = "invalid UTF-8 in field " + std::to_string(i + 1);
                break;
            }
        }
    }
    return true;
}

std::vector<std::string> CsvReader::splitLine(const std::string& text, CsvOptions options)
{
    options.comment = 0;
    std::istringstream in(text);
    CsvReader reader(in, options);
    CsvRow row;
    if (!reader.next(row))
        return {};
    return row.fields;
}

std::string CsvReader::quoteField(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char ch : text)
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

} // namespace soundframe
