// core/progress.h — a progress bar for long-running commands.
//
// Draws on stderr only when stderr is a terminal, so piped and CI output stays
// clean. Updates are rate-limited (at most ~10 redraws a second), so calling
// Update() for every row is cheap. Not thread-safe: update from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace barometer {

class Progress {
 public:
  // `total` 0 means unknown (then a counter is shown instead of a bar).
  Progress(std::string label, uint64_t total);
  ~Progress();  // Finishes the line if one was drawn.

  void Update(uint64_t done);
  void Finish();
  bool enabled() const { return enabled_; }

  // Forces drawing on or off (tests; `--no-progress`).
  void set_enabled(bool on) { enabled_ = on; }

 private:
  void Draw(uint64_t done);

  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace barometer
