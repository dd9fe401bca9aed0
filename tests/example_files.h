// The strategy files under examples/, for tests that run every example.
// Needs BAROMETER_SOURCE_DIR (tests/CMakeLists.txt defines it).
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace barometer::test_support {

// Every examples/<name>/*.toml, sorted; empty when there are none.
inline std::vector<std::string> ExampleStrategyFiles() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  fs::path root = fs::path(BAROMETER_SOURCE_DIR) / "examples";
  if (!fs::exists(root)) return out;
  for (const auto& dir : fs::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() == ".toml") out.push_back(f.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace barometer::test_support
