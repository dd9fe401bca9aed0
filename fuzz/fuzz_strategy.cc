// Fuzzes the strategy loader: any bytes must give a model and diagnostics,
// never a crash, a hang or an exception; a file that loads without errors
// must also render, diff against itself with no differences and round-trip
// through JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "strategy/diff.h"
#include "strategy/load.h"
#include "strategy/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace barometer::strategy;
  std::string text(reinterpret_cast<const char*>(data), size);
  Loaded l = ParseStrategy(text, "fuzz.toml");
  std::string report = FormatValidation(l);
  if (!l.ok()) return 0;
  std::string tree = RenderTree(l.strategy);
  if (!DiffStrategies(l.strategy, l.strategy).empty()) std::abort();
  std::string json = ToJson(l.strategy);
  auto back = FromJson(json);
  if (!back.ok() || ToJson(*back) != json) std::abort();
  return 0;
}
