// server/app_committee.cc — a committee's report for the period: the
// assurance level it gives each objective it oversees (set when it accepts
// an objective's update with a level) and its chair's alert / advise /
// assure report, written through the rules of `ingest --updates`
// ("## committee <id> <period>") so the period record and every report
// show them.
#include <fmt/format.h>

#include "measures/ingest.h"
#include "report/html.h"
#include "server/internal/app.h"

namespace barometer::server {

using report::Esc;

namespace {

std::string Field(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> Items(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    std::string line = OneLine(text.substr(i, j - i));
    if (!line.empty()) out.push_back(line);
    i = j + 1;
  }
  return out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += s + "\n";
  return out;
}

}  // namespace

std::optional<Object> App::CommitteeObject(const std::string& id, bool locked) {
  if (strategy::FindCommittee(strategy_, id) == nullptr && id != measures::kBoardCommittee) {
    return std::nullopt;
  }
  return Object{"", id, locked};
}

Result<std::vector<std::string>> App::PutCommitteeReport(const Ctx& ctx,
                                                         const measures::CommitteeAssurance& r) {
  std::string md = "## committee " + r.committee_id + " " + r.period.ToString() + "\n";
  if (!r.objectives.empty()) {
    md += "### Assurance\n";
    for (const auto& a : r.objectives) {
      md += "- " + a.objective_id + ": " + std::string(measures::AssuranceLevelName(a.level)) +
            (a.comment.empty() ? "" : " | " + OneLine(a.comment)) + "\n";
    }
  }
  for (auto [name, items] :
       {std::pair<const char*, const std::vector<std::string>*>{"Alert", &r.alert},
        {"Advise", &r.advise},
        {"Assure", &r.assure}}) {
    if (items->empty()) continue;
    md += std::string("### ") + name + "\n";
    for (const std::string& s : *items) md += "- " + OneLine(s) + "\n";
  }
  measures::IngestOptions io;
  io.loaded_by = ctx.who.name;
  io.loaded_at = NowIso();
  io.today = Today();
  auto report = measures::IngestUpdatesMarkdown(store_, strategy_, md, "web form", io);
  if (!report.ok()) return report.status();
  std::vector<std::string> problems;
  for (const auto& p : report->problems) problems.push_back(p.reason);
  return problems;
}

HttpResponse App::CommitteeForm(Ctx& ctx, const std::string& id) {
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  std::optional<Object> obj = CommitteeObject(id, *locked);
  Decision d = Decide(ctx.who, Action::kCommitteeReport, obj.value_or(Object{}));
  if (!d.allowed) return Deny(ctx, d);
  if (!obj) return Error(ctx, 404, "no committee `" + id + "` in the strategy");
  auto all = store_.Assurance();
  if (!all.ok()) return Error(ctx, 500, all.status().message());
  const measures::CommitteeAssurance* current = nullptr;
  for (const auto& a : *all) {
    if (a.committee_id == id && a.period == *period) current = &a;
  }
  std::string body;
  if (current != nullptr && !current->objectives.empty()) {
    report::HtmlTable t;
    t.caption = "Assurance given (set when accepting an objective's update)";
    t.headers = {"Objective", "Level", "Comment"};
    for (const auto& a : current->objectives) {
      t.rows.push_back(
          {Esc(a.objective_id), Esc(measures::AssuranceLevelLabel(a.level)), Esc(a.comment)});
    }
    body += report::RenderTable(t);
  }
  if (*locked) {
    body += "<p>" + Esc(period->ToString()) + " is locked.</p>";
  } else {
    auto area = [&](const char* name, const char* label, const std::vector<std::string>* items) {
      return std::string("<label for=\"") + name + "\">" + label + " (one item a line)</label>" +
             "<textarea id=\"" + name + "\" name=\"" + name + "\" rows=\"4\">" +
             Esc(items ? Joined(*items) : "") + "</textarea>";
    };
    body += "<form method=\"post\" action=\"/committee/" + Esc(UrlEncode(id)) + "\">" +
            CsrfField(ctx) + "<input type=\"hidden\" name=\"period\" value=\"" +
            Esc(period->ToString()) + "\">" +
            area("alert", "Alert", current ? &current->alert : nullptr) +
            area("advise", "Advise", current ? &current->advise : nullptr) +
            area("assure", "Assure", current ? &current->assure : nullptr) +
            "<p><button type=\"submit\">Save the chair's report</button></p></form>";
  }
  return Page(ctx, "Committee report: " + id + ", " + period->ToString(), body);
}

HttpResponse App::SaveCommitteeReport(Ctx& ctx, const std::string& id) {
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  std::optional<Object> obj = CommitteeObject(id, *locked);
  Decision d = Decide(ctx.who, Action::kCommitteeReport, obj.value_or(Object{}));
  if (!d.allowed) return Deny(ctx, d);
  if (!obj) return Error(ctx, 404, "no committee `" + id + "` in the strategy");
  if (*locked) return Error(ctx, 409, period->ToString() + " is locked: its reports cannot change");
  auto all = store_.Assurance();
  if (!all.ok()) return Error(ctx, 500, all.status().message());
  measures::CommitteeAssurance r;
  r.committee_id = id;
  r.period = *period;
  for (const auto& a : *all) {
    if (a.committee_id == id && a.period == *period) r.objectives = a.objectives;  // kept
  }
  r.alert = Items(Field(ctx.req.form, "alert"));
  r.advise = Items(Field(ctx.req.form, "advise"));
  r.assure = Items(Field(ctx.req.form, "assure"));
  auto problems = PutCommitteeReport(ctx, r);
  if (!problems.ok()) return Error(ctx, 500, problems.status().message());
  if (!problems->empty()) return Error(ctx, 422, fmt::format("{}", fmt::join(*problems, "; ")));
  Audit(ctx, "committee_report", "committee:" + id, period->ToString(), "report", "",
        fmt::format("alert {}, advise {}, assure {}", r.alert.size(), r.advise.size(),
                    r.assure.size()));
  return Redirect("/committee/" + UrlEncode(id) + "?period=" + UrlEncode(period->ToString()));
}

}  // namespace barometer::server
