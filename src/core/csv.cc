#include "core/csv.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/text.h"

namespace barometer {
namespace {
constexpr size_t kChunk = 1 << 20;
}

Result<CsvReader> CsvReader::Open(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    int err = errno;
    SourceLocation where{path, 0, 0};
    if (err == ENOENT) return Status::NotFound("no such file", where);
    return Status::Io(fmt::format("cannot open: {}", std::strerror(err)), where);
  }
  CsvReader r;
  r.name_ = path;
  r.file_ = f;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long n = std::ftell(f);
    if (n > 0) r.size_ = static_cast<uint64_t>(n);
    std::fseek(f, 0, SEEK_SET);
  }
  return r;
}

CsvReader CsvReader::FromString(std::string text, std::string name) {
  CsvReader r;
  r.name_ = std::move(name);
  r.size_ = text.size();
  r.buf_ = std::move(text);
  r.eof_ = true;
  return r;
}

CsvReader::CsvReader(CsvReader&& o) noexcept { *this = std::move(o); }

CsvReader& CsvReader::operator=(CsvReader&& o) noexcept {
  if (this != &o) {
    if (file_ != nullptr) std::fclose(file_);
    name_ = std::move(o.name_);
    file_ = o.file_;
    o.file_ = nullptr;
    buf_ = std::move(o.buf_);
    pos_ = o.pos_;
    eof_ = o.eof_;
    line_ = o.line_;
    record_line_ = o.record_line_;
    consumed_ = o.consumed_;
    size_ = o.size_;
    storage_ = std::move(o.storage_);
    ends_ = std::move(o.ends_);
    fields_.clear();  // views into the moved-from storage are not kept
    status_ = std::move(o.status_);
  }
  return *this;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool CsvReader::Fill() {
  if (eof_) return false;
  // Drop what has been consumed, then append a chunk.
  buf_.erase(0, pos_);
  pos_ = 0;
  size_t old = buf_.size();
  buf_.resize(old + kChunk);
  size_t n = std::fread(buf_.data() + old, 1, kChunk, file_);
  buf_.resize(old + n);
  if (n < kChunk) {
    if (std::ferror(file_)) {
      status_ = Status::Io(fmt::format("read error: {}", std::strerror(errno)), {name_, line_, 0});
    }
    eof_ = true;
  }
  return n > 0;
}

bool CsvReader::Next() {
  if (!status_.ok()) return false;
  fields_.clear();
  for (;;) {
    // Skip a byte-order mark at the very start, and blank lines.
    if (consumed_ == 0 && pos_ == 0) {
      if (buf_.size() < 3 && !eof_) Fill();
      if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        pos_ = 3;
        consumed_ = 3;
      }
    }
    if (pos_ >= buf_.size() && !Fill()) return false;
    char c = buf_[pos_];
    if (c == '\n') {
      ++pos_, ++consumed_, ++line_;
      continue;
    }
    if (c == '\r' && (pos_ + 1 < buf_.size() || Fill()) && buf_[pos_ + 1] == '\n') {
      pos_ += 2, consumed_ += 2, ++line_;
      continue;
    }
    break;
  }

  record_line_ = line_;
  storage_.clear();
  ends_.clear();
  int column = 1;
  bool in_quotes = false;
  bool was_quoted = false;  // the current field was quoted and is now closed
  int quote_line = 0, quote_column = 0;
  for (;;) {
    if (pos_ >= buf_.size() && !Fill()) {
      if (!status_.ok()) return false;
      if (in_quotes) {
        status_ = Status::InvalidInput("unterminated quoted field (a \" is never closed)",
                                       {name_, quote_line, quote_column});
        return false;
      }
      break;
    }
    char c = buf_[pos_++];
    ++consumed_;
    if (in_quotes) {
      if (c == '"') {
        if (pos_ >= buf_.size()) Fill();
        if (pos_ < buf_.size() && buf_[pos_] == '"') {
          storage_ += '"';
          ++pos_, ++consumed_, column += 2;
          continue;
        }
        in_quotes = false;
        was_quoted = true;
        ++column;
        continue;
      }
      if (c == '\n') ++line_, column = 0;
      storage_ += c;
      ++column;
      continue;
    }
    if (c == ',') {
      ends_.push_back(storage_.size());
      was_quoted = false;
      ++column;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r') {
        if (pos_ >= buf_.size()) Fill();
        if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_, ++consumed_;
      }
      ++line_;
      break;
    }
    if (was_quoted) {
      status_ = Status::InvalidInput(
          fmt::format(
              "unexpected character '{}' after a closing quote; expected ',' or end of line", c),
          {name_, line_, column});
      return false;
    }
    if (c == '"') {
      size_t field_start = ends_.empty() ? 0 : ends_.back();
      if (storage_.size() == field_start) {
        in_quotes = true;
        quote_line = line_;
        quote_column = column;
        ++column;
        continue;
      }
    }
    storage_ += c;
    ++column;
  }
  // Text input is UTF-8 without NULs or control characters (tab and line
  // ends aside); the record's fields hold every byte but the separators.
  if (std::optional<TextProblem> bad = FindTextProblem(storage_)) {
    status_ = Status::InvalidInput(bad->message, {name_, record_line_ + bad->line - 1, 0});
    return false;
  }
  ends_.push_back(storage_.size());
  size_t start = 0;
  for (size_t end : ends_) {
    fields_.emplace_back(storage_.data() + start, end - start);
    start = end;
  }
  return true;
}

CsvHeader::CsvHeader(const std::vector<std::string_view>& fields) {
  names_.reserve(fields.size());
  for (std::string_view f : fields) {
    // Trim surrounding spaces: "measure_id, period" is a common hand-written header.
    while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
    while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
    names_.emplace_back(f);
  }
}

std::optional<size_t> CsvHeader::Find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

namespace {

// A number as barometer writes one: -12, +3.5, -1.2e-5, -inf, nan.
bool IsNumber(std::string_view f) {
  size_t i = (!f.empty() && (f[0] == '-' || f[0] == '+')) ? 1 : 0;
  std::string_view rest = f.substr(i);
  if (rest == "inf" || rest == "nan") return true;
  bool digits = false, dot = false;
  for (; i < f.size(); ++i) {
    char c = f[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits) {
      size_t j = i + 1;
      if (j < f.size() && (f[j] == '-' || f[j] == '+')) ++j;
      if (j == f.size()) return false;
      for (; j < f.size(); ++j)
        if (f[j] < '0' || f[j] > '9') return false;
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

}  // namespace

std::string CsvNeutralise(std::string_view field) {
  if (field.empty()) return std::string(field);
  char c = field.front();
  bool formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  if (!formula || IsNumber(field)) return std::string(field);
  return "'" + std::string(field);
}

std::string CsvEscape(std::string_view raw) {
  std::string neutral = CsvNeutralise(raw);
  std::string_view field = neutral;
  bool needs = field.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!needs) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvEscape(fields[i]);
  }
  out += '\n';
}

}  // namespace barometer
