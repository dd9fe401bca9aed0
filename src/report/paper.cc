#include "report/paper.h"

#include <array>
#include <set>

#include <toml++/toml.h>

#include "core/text.h"

namespace barometer::report {
namespace {

constexpr std::array<std::string_view, 4> kPurposeNames = {"approve", "assure", "discuss", "note"};
constexpr std::array<std::string_view, 4> kPurposeLabels = {"To approve", "For assurance",
                                                            "To discuss", "To note"};
const std::vector<std::string> kReports = {"board", "committee", "ipr", "baf", "population"};

class Reader {
 public:
  Reader(std::string_view file, Diagnostics& d) : file_(file), d_(d) {}

  SourceLocation Where(const toml::source_region& r) const {
    return {std::string(file_), static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
  }
  void Error(const toml::node& n, std::string msg, std::string hint = {}) {
    d_.Error(Where(n.source()), std::move(msg), std::move(hint));
  }

  // Unknown keys, with the closest known one as a suggestion.
  void Keys(const toml::table& t, std::string_view context, const std::vector<std::string>& known) {
    for (const auto& [k, v] : t) {
      std::string key(k.str());
      bool ok = false;
      for (const std::string& x : known) ok = ok || x == key;
      if (ok) continue;
      auto close = ClosestMatch(key, known);
      d_.Error(Where(k.source()), "unknown key `" + key + "` " + std::string(context),
               close ? "did you mean `" + *close + "`?" : "expected one of: " + Join(known));
    }
  }

  void String(const toml::table& t, std::string_view key, std::string& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (const auto* s = n->as_string()) {
      out = s->get();
      return;
    }
    Error(*n, "`" + std::string(key) + "` must be a string", "write it in quotes");
  }

  void Strings(const toml::table& t, std::string_view key, std::vector<std::string>& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (const auto* s = n->as_string()) {  // one item as a plain string
      out = {s->get()};
      return;
    }
    const toml::array* a = n->as_array();
    if (!a)
      return Error(*n, "`" + std::string(key) + "` must be a list of strings",
                   "e.g. " + std::string(key) + " = [\"...\"]");
    for (const toml::node& x : *a) {
      if (const auto* s = x.as_string())
        out.push_back(s->get());
      else
        Error(x, "every item of `" + std::string(key) + "` must be a string");
    }
  }

  void DateKey(const toml::table& t, std::string_view key, std::optional<Date>& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    if (const auto* d = n->as_date()) {
      toml::date v = d->get();
      out = Date{v.year, v.month, v.day};
      return;
    }
    if (const auto* s = n->as_string()) {
      if (auto p = Date::Parse(s->get())) {
        out = *p;
        return;
      }
    }
    Error(*n, "`" + std::string(key) + "` must be a date",
          "e.g. " + std::string(key) + " = 2023-01-26");
  }

  void Details(const toml::table& t, PaperDetails& p) {
    String(t, "meeting", p.meeting);
    DateKey(t, "date", p.date);
    String(t, "item", p.item);
    String(t, "title", p.title);
    String(t, "lead_executive", p.lead_executive);
    String(t, "author", p.author);
    if (const toml::node* n = t.get("purpose")) {
      const auto* s = n->as_string();
      if (s) p.purpose = ParsePurpose(s->get());
      if (!s || !p.purpose)
        Error(*n, "`purpose` must be one of approve, assure, discuss, note",
              "e.g. purpose = \"assure\"");
    }
    String(t, "asked_to", p.asked_to);
    Strings(t, "baf_risks", p.baf_risks);
    Strings(t, "previously_considered", p.previously_considered);
  }

  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  }

 private:
  std::string_view file_;
  Diagnostics& d_;
};

const std::vector<std::string> kDetailKeys = {
    "meeting", "date",    "item",     "title",     "lead_executive",
    "author",  "purpose", "asked_to", "baf_risks", "previously_considered"};

}  // namespace

std::string_view PurposeName(Purpose p) { return kPurposeNames[static_cast<int>(p)]; }
std::string_view PurposeLabel(Purpose p) { return kPurposeLabels[static_cast<int>(p)]; }
std::optional<Purpose> ParsePurpose(std::string_view s) {
  for (size_t i = 0; i < kPurposeNames.size(); ++i)
    if (s == kPurposeNames[i]) return static_cast<Purpose>(i);
  return std::nullopt;
}

void PaperDetails::FillFrom(const PaperDetails& o) {
  if (meeting.empty()) meeting = o.meeting;
  if (!date) date = o.date;
  if (item.empty()) item = o.item;
  if (title.empty()) title = o.title;
  if (lead_executive.empty()) lead_executive = o.lead_executive;
  if (author.empty()) author = o.author;
  if (!purpose) purpose = o.purpose;
  if (asked_to.empty()) asked_to = o.asked_to;
  if (baf_risks.empty()) baf_risks = o.baf_risks;
  if (previously_considered.empty()) previously_considered = o.previously_considered;
}

std::optional<MeetingFile> ParseMeetingFile(std::string_view text, std::string_view file,
                                            Diagnostics& diags) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    diags.Error({std::string(file), static_cast<int>(e.source().begin.line),
                 static_cast<int>(e.source().begin.column)},
                "not valid TOML: " + std::string(e.description()));
    return std::nullopt;
  }
  Reader r(file, diags);
  MeetingFile m;
  r.Keys(root, "at the top level", {"meeting", "papers"});
  if (const toml::node* n = root.get("meeting")) {
    if (const toml::table* t = n->as_table()) {
      r.Keys(*t, "in [meeting]", kDetailKeys);
      r.Details(*t, m.meeting);
    } else {
      r.Error(*n, "`meeting` must be a table", "write [meeting] on its own line");
    }
  }
  if (const toml::node* n = root.get("papers")) {
    const toml::array* a = n->as_array();
    if (!a || !a->is_array_of_tables()) {
      r.Error(*n, "`papers` must be an array of tables", "write each paper as [[papers]]");
    } else {
      std::set<std::pair<std::string, std::string>> seen;
      std::vector<std::string> keys = kDetailKeys;
      keys.push_back("report");
      keys.push_back("committee");
      for (const toml::node& x : *a) {
        const toml::table& t = *x.as_table();
        MeetingPaper p;
        p.where = r.Where(t.source());
        r.Keys(t, "in [[papers]]", keys);
        if (!t.get("report")) {
          diags.Error(p.where, "a [[papers]] entry needs `report`",
                      "report = \"board\" (or committee, ipr, baf, population)");
        } else {
          r.String(t, "report", p.report);
          bool known = false;
          for (const std::string& k : kReports) known = known || k == p.report;
          if (!known && !p.report.empty())
            r.Error(*t.get("report"), "unknown report `" + p.report + "`",
                    "expected one of: " + Reader::Join(kReports));
        }
        r.String(t, "committee", p.committee);
        if (p.report == "committee" && p.committee.empty())
          diags.Error(p.where, "a committee paper needs `committee` (the committee's id)");
        if (p.report != "committee" && !p.committee.empty() && t.get("committee"))
          r.Error(*t.get("committee"), "`committee` is only for report = \"committee\"");
        r.Details(t, p.details);
        if (!p.report.empty() && !seen.insert({p.report, p.committee}).second)
          diags.Error(p.where,
                      "a second [[papers]] entry for report `" + p.report + "`" +
                          (p.committee.empty() ? "" : " committee `" + p.committee + "`"),
                      "give each paper once");
        m.papers.push_back(std::move(p));
      }
    }
  }
  diags.SortByLocation();
  return m;
}

PaperDetails PaperFor(const MeetingFile& m, std::string_view report, std::string_view committee) {
  PaperDetails out;
  for (const MeetingPaper& p : m.papers)
    if (p.report == report && (report != "committee" || p.committee == committee)) out = p.details;
  out.FillFrom(m.meeting);
  return out;
}

}  // namespace barometer::report
