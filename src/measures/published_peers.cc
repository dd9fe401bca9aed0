// Peer group files (measures/published.h, docs/published-data.md "Peer
// groups"): the ODS codes a `[[peer_groups]]` table's `members_file` lists.
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/number.h"
#include "core/text.h"
#include "measures/published.h"

namespace barometer::measures {

namespace {

bool IsOdsCode(std::string_view c) {
  if (c.size() < 3 || c.size() > 6) return false;
  for (char ch : c)
    if (!std::isupper(static_cast<unsigned char>(ch)) &&
        !std::isdigit(static_cast<unsigned char>(ch)))
      return false;
  return true;
}

std::string Directory(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

}  // namespace

Result<std::map<std::string, std::vector<std::string>>> ReadPeerGroupFiles(
    const strategy::Strategy& strategy, const std::string& strategy_file) {
  std::map<std::string, std::vector<std::string>> out;
  std::vector<std::string> problems;
  for (const strategy::PeerGroup& g : strategy.peer_groups) {
    if (g.members_file.empty()) continue;
    std::string path = g.members_file.starts_with('/') ? g.members_file
                                                       : Directory(strategy_file) + g.members_file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::Io(
          fmt::format("cannot read `{}`, the members_file of peer group `{}`", path, g.id));
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string all = std::string(StripBom(text.str()));
    std::vector<std::string>& codes = out[g.id];
    std::map<std::string, int> seen;
    int line = 0;
    size_t start = 0;
    while (start <= all.size()) {
      size_t end = all.find('\n', start);
      if (end == std::string::npos) end = all.size();
      std::string_view l(all.data() + start, end - start);
      start = end + 1;
      ++line;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (size_t hash = l.find('#'); hash != std::string_view::npos) l = l.substr(0, hash);
      l = Trim(l);
      if (l.empty()) {
        if (end == all.size()) break;
        continue;
      }
      std::string_view code = l.substr(0, l.find_first_of(",\t "));
      if (code.size() >= 2 && code.front() == '"' && code.back() == '"')
        code = code.substr(1, code.size() - 2);
      std::string lower = ToLower(code);
      if (codes.empty() && seen.empty() &&
          (lower == "org_code" || lower == "code" || lower == "ods_code" || lower == "org code")) {
        continue;
      }
      if (!IsOdsCode(code)) {
        problems.push_back(
            fmt::format("{}:{}: `{}` is not an ODS code; expected 3 to 6 capital "
                        "letters and digits (e.g. REM), one a line",
                        path, line, code));
        continue;
      }
      auto [it, fresh] = seen.emplace(std::string(code), line);
      if (!fresh) {
        problems.push_back(
            fmt::format("{}:{}: {} is already on line {}", path, line, code, it->second));
        continue;
      }
      codes.emplace_back(code);
    }
    if (codes.empty() && problems.empty()) {
      problems.push_back(
          fmt::format("{}:1: no ODS codes: the members_file of peer group `{}` "
                      "lists none",
                      path, g.id));
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Status::InvalidInput(message);
  }
  return out;
}

}  // namespace barometer::measures
