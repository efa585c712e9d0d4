#include "WavWriter.h"

#include "base/AtomicWrite.h"
#include "base/Error.h"

#include <sndfile.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace soundframe {

namespace {

constexpr int kMaxWriteRate = 1000000;
constexpr sf_count_t kChunk = 65536;

std::vector<int16_t> toPcm16(const std::vector<float>& mono, const std::filesystem::path& path)
{
    std::vector<int16_t> out(mono.size());
    for (size_t i = 0; i < mono.size(); ++i) {
        if (!std::isfinite(mono[i]))
            throw Error(path, "cannot store NaN or Inf samples as 16-bit PCM (sample " + std::to_string(i) + ")");
        out[i] = int16_t(std::clamp(std::lrint(double(mono[i]) * 32768.0), -32768L, 32767L));
    }
    return out;
}

} // namespace

void writeWav(const std::filesystem::path& path, const std::vector<float>& mono, int rate, WavSampleFormat format)
{
    if (rate <= 0 || rate > kMaxWriteRate)
        throw Error(path, "cannot write a WAV file at " + std::to_string(rate) + " Hz");
    const std::vector<int16_t> pcm = format == WavSampleFormat::Pcm16 ? toPcm16(mono, path) : std::vector<int16_t>();

    const auto temp = temporarySibling(path);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(path, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
    const auto fail = [&](const std::string& reason) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw Error(path, reason);
    };

    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | (format == WavSampleFormat::Pcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_FLOAT);
    SNDFILE* file = sf_open_fd(fd, SFM_WRITE, &info, SF_FALSE);
    if (!file)
        fail(std::string("cannot write WAV: ") + sf_strerror(nullptr));
    const sf_count_t total = sf_count_t(mono.size());
    for (sf_count_t done = 0; done < total;) {
        const sf_count_t n = std::min(kChunk, total - done);
        const sf_count_t written = format == WavSampleFormat::Pcm16 ? sf_write_short(file, pcm.data() + done, n)
                                                                    : sf_write_float(file, mono.data() + done, n);
        if (written != n) {
            const std::string reason = std::string("write failed: ") + sf_strerror(file);
            sf_close(file);
            fail(reason);
        }
        done += n;
    }
    // sf_close writes the final chunk sizes into the header.
    if (sf_close(file) != 0)
        fail("cannot finish the WAV header");
    // Without fsync a power cut after the rename can leave an empty file under the final name.
    if (::fsync(fd) != 0)
        fail(std::string("flush failed: ") + std::strerror(errno));
    if (::close(fd) != 0) {
        ::unlink(temp.c_str());
        throw Error(path, std::string("flush failed: ") + std::strerror(errno));
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::string("rename into place failed: ") + std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error(path, reason);
    }
}

} // namespace soundframe
