// Fuzzes period and date parsing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (auto p = barometer::Period::Parse(s)) {
    auto again = barometer::Period::Parse(p->ToString());
    if (!again || !(*again == *p)) __builtin_trap();  // canonical text must round-trip
  }
  (void)barometer::Date::Parse(s);
  return 0;
}
