#include "common/bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace a2iot::common {
namespace {

// statfs(2) magic numbers of the kernel's pseudo file systems.
constexpr long kProcSuperMagic = 0x9fa0;
constexpr long kSysfsMagic = 0x62656572;

std::string mib(std::uint64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

BoundedRead read_bounded_file(const std::string& path, std::uint64_t max_bytes) {
    BoundedRead r;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The
    // type is then checked on the open descriptor, so the file cannot be swapped in between.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        r.problem = std::strerror(errno);
        return r;
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        r.problem = std::strerror(errno);
        return r;
    }
    if (S_ISDIR(st.st_mode)) {
        r.is_directory = true;
        r.problem = "this is a folder";
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        r.problem = S_ISFIFO(st.st_mode)   ? "this is a FIFO"
                    : S_ISCHR(st.st_mode)  ? "this is a character device"
                    : S_ISBLK(st.st_mode)  ? "this is a block device"
                    : S_ISSOCK(st.st_mode) ? "this is a socket"
                                           : "this is not a regular file";
        return r;
    }
    struct statfs fs {};
    if (::fstatfs(fd, &fs) == 0 && (fs.f_type == kProcSuperMagic || fs.f_type == kSysfsMagic)) {
        r.problem = "a kernel pseudo-file on /proc or /sys, not a data file";
        return r;
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        r.problem = "larger than " + mib(max_bytes);
        return r;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    // The cap holds for what is read, too: the file may grow while it is read.
    std::string bytes;
    std::vector<char> chunk(std::size_t{1} << 16);
    for (;;) {
        const ssize_t n = ::read(fd, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            r.problem = std::strerror(errno);
            return r;
        }
        if (n == 0) break;
        bytes.append(chunk.data(), static_cast<std::size_t>(n));
        if (bytes.size() > max_bytes) {
            r.problem = "larger than " + mib(max_bytes);
            return r;
        }
    }
    r.bytes = std::move(bytes);
    return r;
}

}  // namespace a2iot::common
