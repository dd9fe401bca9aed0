// core/file.h — the one seam between barometer and the files it reads and
// writes. Every part reads its inputs and writes its outputs through here, so
// the rules below hold for every command:
//
//   * An output is written to a temporary file beside its target, flushed to
//     disk (fsync) and renamed over the target: a reader sees the old file or
//     the new one, never half of one. On any failure (a full disk included)
//     the previous output is left as it was and no temporary file remains.
//   * Only a regular file is ever replaced: a device (/dev/null), a FIFO, a
//     socket, a directory or a symbolic link at the target is an error.
//   * An output never replaces a file the same command reads (`inputs`,
//     compared by device and inode, so another name for the same file is
//     caught too).
//
//   OutputOptions o{.inputs = {"values.csv"}};
//   if (Status s = WriteFileAtomic("board.html", html, o); !s.ok()) return s;
//
// Errors: kInvalidInput (the target is not a regular file, or is an input),
// kNotFound (no such input file), kIo (the system refused).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace barometer {

// The whole of a file. kNotFound when it does not exist, kInvalidInput when it
// is a directory, kIo when it cannot be read.
Result<std::string> ReadFile(const std::string& path);

struct OutputOptions {
  std::vector<std::string> inputs;  // files the command reads: never replaced
  unsigned mode = 0644;             // permissions of the file written (before umask)
};

// Ok when `path` may take an output: it does not exist, or it is a regular
// file (not through a symbolic link) that is none of `inputs`.
Status CheckOutputPath(const std::string& path, const std::vector<std::string>& inputs);

// Writes `contents` to `path` atomically (see above).
Status WriteFileAtomic(const std::string& path, std::string_view contents,
                       const OutputOptions& options = {});

// Copies a finished file made elsewhere (e.g. the browser's PDF in its
// private directory) to `path`, atomically and under the same rules.
Status InstallFile(const std::string& from, const std::string& path,
                   const OutputOptions& options = {});

// Writes `text` to standard output and flushes it; kIo when the system
// refuses (a full disk, a closed pipe), so the command can exit 3.
Status WriteStdout(std::string_view text);

// Ok unless something written to standard output (by any means) has failed;
// checked once by main after every command (exit 3).
Status FlushStdout();

namespace testing {
// Fault injection for tests: after `bytes` more bytes, every write of an
// output fails as a full disk does (ENOSPC); nullopt turns it off.
void FailWritesAfter(std::optional<size_t> bytes);
}  // namespace testing

}  // namespace barometer
