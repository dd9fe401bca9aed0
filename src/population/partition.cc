// PartitionExtract: an extract split by person into shards for
// `mpirun ... barometer population indicators --shards DIR` (docs/scale-out.md).
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "population/extract.h"
#include "population/internal/fast_csv.h"
#include "population/internal/fields.h"
#include "population/internal/string_index.h"

namespace barometer::population {
namespace {

namespace fs = std::filesystem;

// Buffered writer of one shard's copy of a file.
class ShardFile {
 public:
  explicit ShardFile(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {}
  ~ShardFile() {
    if (f_ != nullptr) std::fclose(f_);
  }
  bool ok() const { return f_ != nullptr && !failed_; }
  void Write(std::string_view line) {
    buffer_.append(line);
    buffer_ += '\n';
    if (buffer_.size() >= (1 << 20)) Flush();
  }
  Status Close() {
    Flush();
    bool bad = f_ == nullptr || failed_ || std::fclose(f_) != 0;
    f_ = nullptr;
    return bad ? Status::Io(fmt::format("{}: cannot write", path_)) : Status::Ok();
  }

 private:
  void Flush() {
    if (f_ != nullptr && !buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), f_) != buffer_.size()) {
      failed_ = true;
    }
    buffer_.clear();
  }
  std::string path_;
  std::FILE* f_;
  std::string buffer_;
  bool failed_ = false;
};

// Copies the records of DIR/name into the shard of their person: the header
// to every shard, each record's text as it is (quoted fields included).
Status SplitFile(const std::string& dir, const std::string& name, const std::string& out,
                 int shards) {
  std::string path = fmt::format("{}/{}", dir, name);
  auto file = internal::MappedFile::Open(path);
  if (!file.ok()) return file.status();
  std::string_view text = (*file)->text();
  auto plan = internal::PlanCsv(text, path, 64 << 20, file->get());
  if (!plan.ok()) return plan.status();
  auto col = std::find(plan->header.begin(), plan->header.end(), "person_id");
  if (col == plan->header.end()) {
    return Status::InvalidInput("no person_id column", {path, 1, 0});
  }
  const size_t id_column = static_cast<size_t>(col - plan->header.begin());
  size_t begin = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  internal::RecordCursor header(text, {begin, text.size(), 1});
  header.Next();
  std::vector<std::unique_ptr<ShardFile>> files;
  for (int s = 0; s < shards; ++s) {
    files.push_back(std::make_unique<ShardFile>(ShardDir(out, s) + "/" + name));
    if (!files.back()->ok()) return Status::Io(fmt::format("{}: cannot create", ShardDir(out, s)));
    files.back()->Write(header.raw());
  }
  for (const internal::CsvPiece& piece : plan->pieces) {
    internal::RecordCursor cursor(text, piece);
    while (cursor.Next()) {
      if (cursor.malformed() || cursor.fields().size() <= id_column) {
        return Status::InvalidInput(
            "a malformed record; run `barometer population check` on the extract first",
            {path, static_cast<int>(cursor.line()), 0});
      }
      files[ShardOf(internal::TrimSpaces(cursor.fields()[id_column]), shards)]->Write(cursor.raw());
    }
    (*file)->Release(piece.begin, piece.end);
  }
  for (auto& f : files) {
    if (Status s = f->Close(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

std::string ShardDir(const std::string& shards_dir, int shard) {
  return fmt::format("{}/shard-{:04}", shards_dir, shard);
}

int ShardOf(std::string_view person_id, int shards) {
  return static_cast<int>((internal::StringIndex::Hash(person_id) >> 32) %
                          static_cast<uint64_t>(shards));
}

Status PartitionExtract(const std::string& dir, int shards, const std::string& out) {
  if (shards < 1) return Status::InvalidInput("--shards must be at least 1");
  std::error_code ec;
  if (fs::exists(out, ec)) {
    return Status::InvalidInput(
        fmt::format("{} exists; give a new folder for the shards (nothing is overwritten)", out));
  }
  // Everything is written under a temporary name and renamed at the end, so
  // a failed run leaves no partial shards behind.
  std::string tmp = out + ".partial";
  fs::remove_all(tmp, ec);
  auto fail = [&](Status s) {
    fs::remove_all(tmp, ec);
    return s;
  };
  for (int s = 0; s < shards; ++s) {
    if (!fs::create_directories(ShardDir(tmp, s), ec)) {
      return fail(Status::Io(fmt::format("{}: cannot create: {}", ShardDir(tmp, s), ec.message())));
    }
  }
  for (const char* name : {"persons.csv", "conditions.csv", "activity.csv"}) {
    if (Status s = SplitFile(dir, name, tmp, shards); !s.ok()) return fail(s);
  }
  // Area-level files go whole to every shard.
  for (const char* name : {"areas.csv", "population.csv"}) {
    std::string from = fmt::format("{}/{}", dir, name);
    if (!fs::exists(from, ec)) continue;
    for (int s = 0; s < shards; ++s) {
      fs::copy_file(from, ShardDir(tmp, s) + "/" + name, ec);
      if (ec) return fail(Status::Io(fmt::format("{}: cannot copy: {}", from, ec.message())));
    }
  }
  {
    std::ofstream m(tmp + "/" + std::string(kShardManifest), std::ios::binary);
    m << "# barometer extract shards: docs/scale-out.md\n"
      << "format " << kShardFormat << "\nshards " << shards << "\n";
    if (!m) return fail(Status::Io(fmt::format("{}: cannot write the manifest", tmp)));
  }
  fs::rename(tmp, out, ec);
  if (ec)
    return fail(Status::Io(fmt::format("{}: cannot rename to {}: {}", tmp, out, ec.message())));
  return Status::Ok();
}

Result<int> ReadShardManifest(const std::string& shards_dir) {
  std::string path = shards_dir + "/" + std::string(kShardManifest);
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return Status::NotFound(fmt::format(
        "{}: no such file; --shards takes a folder written by `barometer population partition`",
        path));
  }
  std::string line;
  int format = -1, shards = -1, n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    int v = 0;
    if (std::sscanf(line.c_str(), "format %d", &v) == 1) {
      format = v;
    } else if (std::sscanf(line.c_str(), "shards %d", &v) == 1) {
      shards = v;
    } else {
      return Status::Corrupt(
          fmt::format("{}:{}: expected 'format N' or 'shards N', found '{}'", path, n, line));
    }
  }
  if (format != kShardFormat) {
    return Status::Corrupt(fmt::format("{}: format {} is not the format this barometer reads ({})",
                                       path, format, kShardFormat));
  }
  if (shards < 1) return Status::Corrupt(fmt::format("{}: no 'shards N' line", path));
  return shards;
}

}  // namespace barometer::population
