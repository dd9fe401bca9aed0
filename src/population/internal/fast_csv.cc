#include "population/internal/fast_csv.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "population/internal/parallel.h"

namespace barometer::population::internal {

Result<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::NotFound(fmt::format("{}: no such file", path));
    return Status::Io(fmt::format("{}: cannot open: {}", path, std::strerror(err)));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::Io(fmt::format("{}: cannot stat: {}", path, std::strerror(err)));
  }
  std::shared_ptr<MappedFile> file(new MappedFile());
  file->path_ = path;
  file->size_ = static_cast<size_t>(st.st_size);
  if (file->size_ > 0) {
    void* addr = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return Status::Io(fmt::format("{}: cannot map: {}", path, std::strerror(err)));
    }
    // Sequential read-ahead, but no MADV_WILLNEED: that maps the whole file
    // in at once, and the pieces are released as they are parsed.
    ::madvise(addr, file->size_, MADV_SEQUENTIAL);
    file->addr_ = addr;
  }
  ::close(fd);
  return std::shared_ptr<const MappedFile>(std::move(file));
}

void MappedFile::Release(size_t begin, size_t end) const {
  static const size_t kPage = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  size_t first = (begin + kPage - 1) / kPage * kPage;
  size_t last = end / kPage * kPage;
  if (addr_ == nullptr || last <= first) return;
  ::madvise(static_cast<char*>(addr_) + first, last - first, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
  if (addr_ != nullptr) ::munmap(addr_, size_);
}

namespace {

const char* FindChar(const char* p, const char* end, char c) {
  if (p >= end) return nullptr;
  return static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
}

// Boundaries (start offsets of pieces after the first) for text that has no
// quote characters: the byte after the first newline at or after each target.
std::vector<size_t> PlainBoundaries(std::string_view text, size_t begin, size_t piece_bytes) {
  std::vector<size_t> cuts;
  const char* base = text.data();
  const char* end = base + text.size();
  size_t last = begin;
  for (size_t target = begin + piece_bytes; target < text.size(); target += piece_bytes) {
    if (target <= last) continue;
    const char* nl = FindChar(base + target - 1, end, '\n');
    if (nl == nullptr) break;
    size_t cut = static_cast<size_t>(nl - base) + 1;
    if (cut >= text.size()) break;
    cuts.push_back(cut);
    last = cut;
  }
  return cuts;
}

// The same when quotes occur: one pass that tracks whether each position is
// inside a quoted field, cutting only at newlines outside quotes. A quote
// opens a quoted field only at the start of a field, as RecordCursor reads
// it (the quote in x"y is literal; counting it as an opener would cut inside
// a later quoted field); after a closing quote anything but ','
// or a line end is an error, and the cursor then skips to the next '\n'.
std::vector<size_t> QuotedBoundaries(std::string_view text, size_t begin, size_t piece_bytes) {
  std::vector<size_t> cuts;
  const char* base = text.data();
  const char* end = base + text.size();
  const char* p = base + begin;
  size_t target = begin + piece_bytes;  // an offset: it may lie past the end
  bool in_quotes = false;
  while (p < end && target < text.size()) {
    const char* q = FindChar(p, end, '"');
    if (in_quotes) {
      if (q == nullptr) break;  // never closed: the rest is one record
      if (q + 1 < end && q[1] == '"') {
        p = q + 2;
        continue;
      }
      in_quotes = false;
      p = q + 1;
      bool line_end = p < end && (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n')));
      if (p < end && *p != ',' && !line_end) {
        p = FindChar(p + 1, end, '\n');  // a malformed record ends at its line's end
        if (p == nullptr) break;
      }
      continue;
    }
    // Outside quotes: a newline at or after the target before the next
    // quote is a cut.
    const char* stop = q ? q : end;
    const char* nl = FindChar(std::max(p, base + target), stop, '\n');
    if (nl != nullptr) {
      size_t cut = static_cast<size_t>(nl + 1 - base);
      if (cut >= text.size()) break;
      cuts.push_back(cut);
      while (target <= cut) target += piece_bytes;
      p = nl + 1;
      continue;
    }
    if (q == nullptr) break;
    in_quotes = q == base + begin || q[-1] == ',' || q[-1] == '\n';
    p = q + 1;
  }
  return cuts;
}

}  // namespace

ByteCensus CountNewlinesAndQuotes(const char* p, size_t n) {
  ByteCensus c;
  const char* end = p + n;
#if defined(__SSE2__)
  const __m128i kNewline = _mm_set1_epi8('\n'), kQuote = _mm_set1_epi8('"');
  __m128i quotes = _mm_setzero_si128();
  // Newline flags (0 or -1 per byte) summed per byte lane for up to 255
  // blocks, then added up with a sum of absolute differences.
  while (end - p >= 16) {
    __m128i acc = _mm_setzero_si128();
    for (int k = 0; k < 255 && end - p >= 16; ++k, p += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, kNewline));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(v, kQuote));
    }
    __m128i sums = _mm_sad_epu8(acc, _mm_setzero_si128());
    c.newlines += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
  }
  c.quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; p < end; ++p) {
    c.newlines += *p == '\n';
    c.quote |= *p == '"';
  }
  return c;
}

StructuralMasks ClassifyBlock64Scalar(const char* p) {
  StructuralMasks m;
  for (int i = 0; i < 64; ++i) {
    uint64_t bit = uint64_t{1} << i;
    if (p[i] == ',') m.commas |= bit;
    if (p[i] == '\n') m.newlines |= bit;
    if (p[i] == '"') m.quotes |= bit;
  }
  return m;
}

StructuralMasks ClassifyBlock64(const char* p) {
#if defined(__SSE2__)
  const __m128i kComma = _mm_set1_epi8(','), kNewline = _mm_set1_epi8('\n'),
                kQuote = _mm_set1_epi8('"');
  StructuralMasks m;
  for (int k = 0; k < 4; ++k) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    auto mask = [&](__m128i c) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c))))
             << (16 * k);
    };
    m.commas |= mask(kComma);
    m.newlines |= mask(kNewline);
    m.quotes |= mask(kQuote);
  }
  return m;
#else
  return ClassifyBlock64Scalar(p);
#endif
}

Result<CsvPlan> PlanCsv(std::string_view text, const std::string& name, size_t piece_bytes,
                        const MappedFile* file, int threads) {
  size_t begin = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") begin = 3;
  CsvPiece all{begin, text.size(), 1};
  RecordCursor header(text, all);
  if (!header.Next()) {
    return Status::InvalidInput("the file is empty; expected a header row", {name, 1, 0});
  }
  if (header.malformed()) {
    return Status::InvalidInput(header.error(),
                                {name, static_cast<int>(header.line()), header.error_column()});
  }
  CsvPlan plan;
  for (std::string_view f : header.fields()) {
    while (!f.empty() && (f.front() == ' ')) f.remove_prefix(1);
    while (!f.empty() && (f.back() == ' ')) f.remove_suffix(1);
    plan.header.emplace_back(f);
  }
  // The data start right after the header record.
  size_t data = static_cast<size_t>(header.raw().data() - text.data()) + header.raw().size();
  while (data < text.size() && text[data] != '\n') ++data;  // a trailing '\r'
  if (data < text.size()) ++data;
  if (data >= text.size()) return plan;

  // Cut on newlines as if there were no quotes (that reads only the bytes
  // near each cut), then look for quotes and count newlines in every piece
  // on all threads, releasing the pages behind. A quote anywhere means the
  // cuts must be found again outside quoted fields, in one serial pass.
  auto cut = [&](const std::vector<size_t>& cuts) {
    std::vector<size_t> starts = {data};
    starts.insert(starts.end(), cuts.begin(), cuts.end());
    plan.pieces.assign(starts.size(), CsvPiece{});
    for (size_t i = 0; i < starts.size(); ++i) {
      plan.pieces[i].begin = starts[i];
      plan.pieces[i].end = i + 1 < starts.size() ? starts[i + 1] : text.size();
    }
  };
  auto census = [&](std::vector<char>* quotes) {
    ParallelFor(plan.pieces.size(), threads, [&](size_t i) {
      CsvPiece& piece = plan.pieces[i];
      ByteCensus c = CountNewlinesAndQuotes(text.data() + piece.begin, piece.end - piece.begin);
      piece.newlines = c.newlines;
      if (quotes != nullptr) (*quotes)[i] = c.quote;
      if (file != nullptr) file->Release(piece.begin, piece.end);
    });
  };
  cut(PlainBoundaries(text, data, piece_bytes));
  std::vector<char> quotes(plan.pieces.size(), 0);
  census(&quotes);
  if (std::find(quotes.begin(), quotes.end(), 1) != quotes.end()) {
    cut(QuotedBoundaries(text, data, piece_bytes));
    census(nullptr);
  }
  plan.data_first_line = std::count(text.data(), text.data() + data, '\n') + 1;
  return plan;
}

std::vector<int64_t> LineOffsets(const CsvPlan& plan, const std::vector<int64_t>& newlines) {
  std::vector<int64_t> offsets(newlines.size());
  int64_t line = plan.data_first_line - 1;
  for (size_t i = 0; i < newlines.size(); ++i) {
    offsets[i] = line;
    line += newlines[i];
  }
  return offsets;
}

RecordCursor::RecordCursor(std::string_view text, const CsvPiece& piece)
    : text_(text), pos_(piece.begin), end_(piece.end), next_line_(piece.first_line) {}

namespace {

// Appends the fields that end at the commas of `commas` (a bit per byte from
// `block`), moving `field` to the start of the next one.
inline void SplitAt(uint32_t commas, const char* block, const char*& field,
                    std::vector<std::string_view>& fields) {
  while (commas != 0) {
    const char* c = block + __builtin_ctz(commas);
    fields.emplace_back(field, static_cast<size_t>(c - field));
    field = c + 1;
    commas &= commas - 1;
  }
}

}  // namespace

bool RecordCursor::Next() {
  error_.clear();
  fields_.clear();
  const char* base = text_.data();
  const char* e = base + end_;
  while (pos_ < end_) {
    size_t start = pos_;
    line_ = next_line_;
    // One pass to the line end, splitting on commas; a quote hands the
    // record to the RFC 4180 parser. 16 bytes at a time where SSE2 is there.
    const char* p = base + start;
    const char* field = p;
    const char* nl = nullptr;
    bool quote = false;
#if defined(__SSE2__)
    const __m128i kComma = _mm_set1_epi8(','), kNewline = _mm_set1_epi8('\n'),
                  kQuote = _mm_set1_epi8('"');
    for (; p + 16 <= e; p += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      auto commas = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, kComma)));
      auto newlines = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, kNewline)));
      auto quotes = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, kQuote)));
      uint32_t stops = newlines | quotes;
      if (stops == 0) {
        SplitAt(commas, p, field, fields_);
        continue;
      }
      int k = __builtin_ctz(stops);
      SplitAt(commas & ((1u << k) - 1), p, field, fields_);
      if (quotes & (1u << k)) {
        quote = true;
      } else {
        nl = p + k;
      }
      p = e;  // done
      break;
    }
#endif
    if (!quote && nl == nullptr) {
      for (; p < e; ++p) {
        char c = *p;
        if (c == ',') {
          fields_.emplace_back(field, static_cast<size_t>(p - field));
          field = p + 1;
        } else if (c == '\n') {
          nl = p;
          break;
        } else if (c == '"') {
          quote = true;
          break;
        }
      }
    }
    if (quote) {
      fields_.clear();
      return ParseQuoted(start);
    }
    size_t line_end = nl ? static_cast<size_t>(nl - base) : end_;
    size_t next = nl ? line_end + 1 : end_;
    size_t rec_end = line_end;
    if (rec_end > start && base[rec_end - 1] == '\r') --rec_end;
    if (rec_end == start) {  // a blank line
      fields_.clear();
      pos_ = next;
      ++next_line_;
      continue;
    }
    raw_ = std::string_view(base + start, rec_end - start);
    // The last field ends at the record end (before a '\r'); a comma that
    // was the line's last character leaves an empty one.
    fields_.emplace_back(field, static_cast<size_t>(base + rec_end - field));
    pos_ = next;
    ++next_line_;
    return true;
  }
  return false;
}

// Ends a malformed record: records the error and moves past the record, to
// the end of its line, or to the end of the piece when a quote is never closed.
bool RecordCursor::Fail(std::string message, int64_t at_line, int column, size_t record_begin,
                        size_t at, int64_t last_line, bool to_end) {
  const char* base = text_.data();
  error_ = std::move(message);
  error_column_ = column;
  const char* nl = to_end ? nullptr : FindChar(base + at, base + end_, '\n');
  size_t next = nl ? static_cast<size_t>(nl - base) + 1 : end_;
  SetRaw(record_begin, next);
  line_ = at_line;
  next_line_ = last_line + 1;
  pos_ = next;
  return true;
}

void RecordCursor::SetRaw(size_t begin, size_t end) {
  raw_ = std::string_view(text_.data() + begin, end - begin);
  while (!raw_.empty() && (raw_.back() == '\n' || raw_.back() == '\r')) raw_.remove_suffix(1);
}

// The RFC 4180 rules of core/csv.h for a record that has a quote character.
bool RecordCursor::ParseQuoted(size_t record_begin) {
  const char* base = text_.data();
  scratch_.clear();
  ends_.clear();
  size_t i = record_begin, line_start = record_begin;
  int64_t line = next_line_, quote_line = 0;
  bool in_quotes = false, was_quoted = false;
  int quote_column = 0;
  for (;;) {
    if (i >= end_) {
      if (!in_quotes) break;
      return Fail("unterminated quoted field (a \" is never closed)", quote_line, quote_column,
                  record_begin, i, line, true);
    }
    char c = base[i++];
    int column = static_cast<int>(i - line_start);
    if (in_quotes) {
      if (c == '"' && i < end_ && base[i] == '"') {
        scratch_ += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false, was_quoted = true;
      } else {
        if (c == '\n') ++line, line_start = i;
        scratch_ += c;
      }
      continue;
    }
    if (c == ',') {
      ends_.push_back(scratch_.size());
      was_quoted = false;
    } else if (c == '\n' || (c == '\r' && (i >= end_ || base[i] == '\n'))) {
      if (c == '\r') ++i;
      break;
    } else if (was_quoted) {
      return Fail(fmt::format("unexpected character '{}' after a closing quote; expected ',' or "
                              "end of line",
                              c),
                  line, column, record_begin, i, line, false);
    } else if (c == '"' && scratch_.size() == (ends_.empty() ? 0 : ends_.back())) {
      in_quotes = true, quote_line = line, quote_column = column;
    } else {
      scratch_ += c;
    }
  }
  ends_.push_back(scratch_.size());
  size_t start = 0;
  for (size_t e : ends_) {
    fields_.emplace_back(scratch_.data() + start, e - start);
    start = e;
  }
  SetRaw(record_begin, i);
  pos_ = i;
  next_line_ = line + 1;
  return true;
}

}  // namespace barometer::population::internal
