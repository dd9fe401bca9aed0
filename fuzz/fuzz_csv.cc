// Fuzzes the CSV reader: any bytes must give records or a Status, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = barometer::CsvReader::FromString(std::string(reinterpret_cast<const char*>(data), size));
  size_t total = 0;
  while (r.Next()) total += r.fields().size();
  (void)total;
  return 0;
}
