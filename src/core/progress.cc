#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace barometer {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  Draw(done);
}

void Progress::Draw(uint64_t done) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line;
  if (total_ > 0) {
    double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    int width = 30, fill = static_cast<int>(f * width);
    line = fmt::format("\r{} [{}{}] {:3.0f}% {:.1f}s", label_, std::string(fill, '#'),
                       std::string(width - fill, ' '), f * 100, secs);
  } else {
    line = fmt::format("\r{} {} {:.1f}s", label_, done, secs);
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (enabled_ && drawn_) {
    Draw(total_);
    std::fputs("\n", stderr);
  }
  drawn_ = false;
  enabled_ = false;
}

}  // namespace barometer
