// CsvReader over arbitrary bytes, with each option combination picked by the first byte.
#include "data/CsvReader.h"
#include "base/Error.h"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    soundframe::CsvOptions options;
    const uint8_t mode = data[0];
    options.delimiter = (mode & 1) ? ',' : '\t';
    options.comment = (mode & 2) ? '#' : 0;
    options.skipInitialSpace = mode & 4;
    options.trimUnquoted = mode & 8;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    try {
        soundframe::CsvReader reader(in, options);
        soundframe::CsvRow row;
        long previous = 0;
        while (reader.next(row)) {
            // Line numbers only move forward and a record never ends before it starts.
            if (row.line < previous || row.lastLine < row.line)
                __builtin_trap();
            previous = row.lastLine;
        }
    } catch (const soundframe::Error&) {
    }
    return 0;
}
