#include "core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace barometer {
namespace {

namespace fs = std::filesystem;

std::optional<size_t> g_fail_after;  // testing::FailWritesAfter

std::string Errno(int err) { return std::strerror(err); }

// Writes all of `data` to `fd`, honouring the injected fault.
bool WriteAll(int fd, std::string_view data, int* err) {
  while (!data.empty()) {
    size_t n = data.size();
    if (g_fail_after) {
      if (*g_fail_after == 0) {
        *err = ENOSPC;
        return false;
      }
      n = std::min(n, *g_fail_after);
    }
    ssize_t w = ::write(fd, data.data(), n);
    if (w < 0) {
      if (errno == EINTR) continue;
      *err = errno;
      return false;
    }
    if (g_fail_after) *g_fail_after -= static_cast<size_t>(w);
    data.remove_prefix(static_cast<size_t>(w));
  }
  return true;
}

std::string What(const struct stat& st) {
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

// Writes through a temporary file beside `path`; `fill` writes the content.
template <typename Fill>
Status Atomic(const std::string& path, const OutputOptions& options, Fill fill) {
  if (Status s = CheckOutputPath(path, options.inputs); !s.ok()) return s;
  fs::path target(path);
  std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  std::string tmp = (fs::path(dir) / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Status::Io(fmt::format("{}: cannot write: {}", path, Errno(errno)));
  int err = 0;
  bool ok = fill(fd, &err);
  mode_t mask = ::umask(0);
  ::umask(mask);
  if (ok && ::fchmod(fd, static_cast<mode_t>(options.mode) & ~mask) != 0) ok = false, err = errno;
  if (ok && ::fsync(fd) != 0) ok = false, err = errno;
  if (::close(fd) != 0 && ok) ok = false, err = errno;
  // The target may have changed while we wrote; check again just before.
  if (ok) {
    if (Status s = CheckOutputPath(path, options.inputs); !s.ok()) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) ok = false, err = errno;
  if (!ok) {
    ::unlink(tmp.c_str());
    return Status::Io(fmt::format("{}: cannot write: {}", path, Errno(err)));
  }
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
    ::fsync(dfd);  // the rename itself reaches the disk (best effort)
    ::close(dfd);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound("no such file", {path});
    return Status::Io(fmt::format("cannot open: {}", Errno(err)), {path});
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidInput("is a directory, not a file", {path});
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::Io(fmt::format("cannot read: {}", Errno(err)), {path});
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status CheckOutputPath(const std::string& path, const std::vector<std::string>& inputs) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::Io(fmt::format("{}: cannot write: {}", path, Errno(errno)));
  }
  if (!S_ISREG(st.st_mode))
    return Status::InvalidInput(
        fmt::format("{} is {}; refusing to replace it with an output", path, What(st)));
  for (const std::string& in : inputs) {
    struct stat is {};
    if (in.empty() || ::stat(in.c_str(), &is) != 0) continue;
    if (is.st_dev == st.st_dev && is.st_ino == st.st_ino)
      return Status::InvalidInput(
          fmt::format("{} is an input of this command ({}); refusing to write over it", path, in));
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, std::string_view contents,
                       const OutputOptions& options) {
  return Atomic(path, options, [&](int fd, int* err) { return WriteAll(fd, contents, err); });
}

Status InstallFile(const std::string& from, const std::string& path, const OutputOptions& options) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Status::Io(fmt::format("{}: cannot read: {}", from, Errno(errno)));
  Status s = Atomic(path, options, [&](int fd, int* err) {
    char buf[1 << 16];
    for (;;) {
      ssize_t n = ::read(in, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        *err = errno;
        return false;
      }
      if (n == 0) return true;
      if (!WriteAll(fd, std::string_view(buf, static_cast<size_t>(n)), err)) return false;
    }
  });
  ::close(in);
  return s;
}

Status WriteStdout(std::string_view text) {
  std::cout.flush();
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    return Status::Io("cannot write standard output");
  return Status::Ok();
}

Status FlushStdout() {
  std::cout.flush();
  bool failed = !std::cout.good();
  failed = std::fflush(stdout) != 0 || failed;
  failed = std::ferror(stdout) != 0 || failed;
  return failed ? Status::Io("cannot write standard output") : Status::Ok();
}

namespace testing {
void FailWritesAfter(std::optional<size_t> bytes) { g_fail_after = bytes; }
}  // namespace testing

}  // namespace barometer
