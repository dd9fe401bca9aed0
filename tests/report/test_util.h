// Helpers for the report tests: counting markup, checking that SVG/HTML is
// well formed enough for a browser and a screen reader.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace barometer::report::testing {

inline size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Every element opened is closed in order (void and self-closing elements
// aside); returns the first problem, or "" when balanced.
inline std::string CheckBalanced(std::string_view s) {
  static const std::vector<std::string> kVoid = {"meta",  "br",   "hr",      "img",
                                                 "input", "link", "!DOCTYPE"};
  std::vector<std::string> stack;
  for (size_t p = s.find('<'); p != std::string_view::npos; p = s.find('<', p + 1)) {
    size_t end = s.find('>', p);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = s.substr(p + 1, end - p - 1);
    if (tag.starts_with("!--")) continue;
    bool closing = tag.starts_with('/');
    bool self = tag.ends_with('/');
    if (closing) tag.remove_prefix(1);
    size_t name_end = tag.find_first_of(" \t\n/");
    std::string name(tag.substr(0, name_end));
    bool is_void = false;
    for (const auto& v : kVoid) is_void = is_void || v == name;
    if (self || is_void) continue;
    if (name == "style") {  // skip the stylesheet's text
      size_t close = s.find("</style>", end);
      if (close == std::string_view::npos) return "unclosed style";
      p = close + 7;
      continue;
    }
    if (!closing) {
      stack.push_back(name);
    } else {
      if (stack.empty() || stack.back() != name)
        return "</" + name + "> closes <" + (stack.empty() ? "" : stack.back()) + ">";
      stack.pop_back();
    }
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

// Output of a shell command (empty when it fails to start).
inline std::string Capture(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  if (f == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  ::pclose(f);
  return out;
}

}  // namespace barometer::report::testing
