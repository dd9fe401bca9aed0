#include "core/table.h"

#include <fmt/format.h>

#include "core/text.h"

namespace barometer {

std::string_view CsvTable::cell(size_t r, size_t c) const {
  const auto& row = cells_[r];
  return c < row.size() ? std::string_view(row[c]) : std::string_view();
}

Result<size_t> CsvTable::Column(std::string_view name) const {
  if (auto i = header_.Find(name)) return *i;
  std::string hint = DidYouMean(name, header_.names());
  std::string msg =
      fmt::format("no column `{}` (the columns are: {})", name, fmt::join(header_.names(), ", "));
  if (!hint.empty()) msg += "; " + hint;
  return Status::InvalidInput(msg, {file_, 1, 0});
}

Result<CsvTable> CsvTable::FromReader(CsvReader& reader) {
  CsvTable t;
  t.file_ = reader.name();
  if (!reader.Next()) {
    if (!reader.status().ok()) return reader.status();
    return Status::InvalidInput("the file is empty; expected a header row", {t.file_, 1, 0});
  }
  t.header_ = CsvHeader(reader.fields());
  size_t width = t.header_.names().size();
  while (reader.Next()) {
    const auto& f = reader.fields();
    if (f.size() > width) {
      return Status::InvalidInput(
          fmt::format("row has {} cells but the header has {} columns", f.size(), width),
          {t.file_, reader.line(), 0});
    }
    t.cells_.emplace_back(f.begin(), f.end());
    t.lines_.push_back(reader.line());
  }
  if (!reader.status().ok()) return reader.status();
  return t;
}

Result<CsvTable> ReadCsvTable(const std::string& path) {
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return reader.status();
  return CsvTable::FromReader(*reader);
}

Result<CsvTable> ParseCsvTable(std::string text, std::string name) {
  CsvReader reader = CsvReader::FromString(std::move(text), std::move(name));
  return CsvTable::FromReader(reader);
}

}  // namespace barometer
