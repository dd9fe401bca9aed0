// server/app_cycle.cc — the quarterly cycle: an owner's updates, the update
// form (checked by the same rules as `ingest --updates`, saved whole or not
// at all, a stale second save refused), the committee's review, the
// completion view, opening and locking the period, and the audit log.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "measures/ingest.h"
#include "report/html.h"
#include "server/internal/app.h"
#include "server/internal/db.h"

namespace barometer::server {

using report::Esc;

namespace {

std::string Field(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? std::string() : it->second;
}

std::string PeriodQuery(const Period& p) { return "?period=" + UrlEncode(p.ToString()); }

// A textarea's lines, "\r" dropped; `blank` keeps empty lines.
std::vector<std::string> Lines(const std::string& text, bool blank) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    std::string line = text.substr(i, j - i);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    size_t b = line.find_first_not_of(" \t");
    if (b != std::string::npos) {
      out.push_back(blank ? line : line.substr(b));
    } else if (blank) {
      out.push_back("");
    }
    i = j + 1;
  }
  while (blank && !out.empty() && out.back().empty()) out.pop_back();
  while (blank && !out.empty() && out.front().empty()) out.erase(out.begin());
  return out;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One measure or objective in the cycle.
struct Item {
  std::string kind;  // "measure", "objective"
  std::string id;
  std::string name;
  Object object;
  const measures::Update* update = nullptr;
  std::optional<Review> review;
};

std::string UpdateState(const Item& it) {
  if (it.update == nullptr) return "not submitted";
  std::string s = "submitted (revision " + std::to_string(it.update->revision) + ", " +
                  it.update->provenance.loaded_by + ", " + it.update->provenance.loaded_at + ")";
  if (it.review && it.review->update_revision == it.update->revision) {
    s += "; " + it.review->decision + " by " + it.review->by;
    if (!it.review->comment.empty()) s += ": " + it.review->comment;
  } else if (it.review) {
    s += "; resubmitted after being " + it.review->decision;
  }
  return s;
}

}  // namespace

// ---- the items of the cycle ----

namespace {
std::vector<Item> ItemsOf(
    const strategy::Strategy& s,
    const std::function<std::optional<Object>(const std::string&, const std::string&)>& object_of,
    const std::vector<measures::Update>& updates, const Period& p,
    const std::map<std::string, Review>& reviews) {
  std::vector<Item> out;
  auto add = [&](const std::string& kind, const std::string& id, const std::string& name) {
    Item it{kind, id, name, object_of(kind, id).value_or(Object{}), nullptr, std::nullopt};
    for (const measures::Update& u : updates) {
      if (u.period == p && (kind == "measure" ? u.measure_id == id : u.objective_id == id)) {
        it.update = &u;
      }
    }
    if (auto r = reviews.find(kind + ":" + id); r != reviews.end()) it.review = r->second;
    out.push_back(std::move(it));
  };
  for (const strategy::Measure& m : s.measures) add("measure", m.id, m.name);
  for (const strategy::Objective& o : s.objectives) add("objective", o.id, o.name);
  return out;
}
}  // namespace

HttpResponse App::MyUpdates(Ctx& ctx) {
  Decision d = Decide(ctx.who, Action::kReadMyUpdates, {});
  if (!d.allowed) return Deny(ctx, d);
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  auto reviews = Reviews(*period);
  if (!reviews.ok()) return Error(ctx, 500, reviews.status().message());
  auto object_of = [&](const std::string& kind, const std::string& id) {
    return kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  };
  std::vector<Item> items = ItemsOf(strategy_, object_of, *updates, *period, *reviews);
  report::HtmlTable t;
  t.caption = "Updates due for " + Esc(period->ToString()) +
              " (by the end of the period's "
              "reporting cycle, " +
              Esc(period->end.ToString()) + ")";
  t.headers = {"Kind", "Name", "State", ""};
  for (const Item& it : items) {
    if (!Decide(ctx.who, Action::kEditUpdate, it.object).allowed) continue;
    std::string link = *locked ? "locked"
                               : "<a href=\"/update/" + it.kind + "/" + Esc(UrlEncode(it.id)) +
                                     Esc(PeriodQuery(*period)) + "\">" +
                                     (it.update ? "Change" : "Submit") + "</a>";
    t.rows.push_back({Esc(it.kind), Esc(it.name), Esc(UpdateState(it)), link});
  }
  std::string body = t.rows.empty()
                         ? "<p>Nothing is due from you for " + Esc(period->ToString()) + ".</p>"
                         : report::RenderTable(t);
  return Page(ctx, "My updates", body);
}

std::string App::RenderUpdateForm(const Ctx& ctx, const std::string& kind, const std::string& id,
                                  const Period& p, const std::map<std::string, std::string>& values,
                                  const std::map<std::string, std::vector<std::string>>& problems,
                                  const std::string& banner) {
  // Each problem is a paragraph beside its field, with its own id; the field
  // is marked invalid and described by its hint and its problems, so a screen
  // reader says what is wrong on reaching it.
  auto problems_of = [&](const std::string& field) {
    std::string out;
    if (auto it = problems.find(field); it != problems.end()) {
      for (size_t i = 0; i < it->second.size(); ++i) {
        out += "<p class=\"problem\" id=\"" + field + "-problem-" + std::to_string(i + 1) + "\">" +
               Esc(it->second[i]) + "</p>";
      }
    }
    return out;
  };
  auto described = [&](const std::string& field, bool hint) {
    std::string ids = hint ? field + "-hint" : "";
    auto it = problems.find(field);
    if (it != problems.end()) {
      for (size_t i = 0; i < it->second.size(); ++i) {
        ids += (ids.empty() ? "" : " ") + field + "-problem-" + std::to_string(i + 1);
      }
    }
    std::string out = ids.empty() ? "" : " aria-describedby=\"" + ids + "\"";
    if (it != problems.end() && !it->second.empty()) out += " aria-invalid=\"true\"";
    return out;
  };
  auto hint_of = [](const std::string& field, const std::string& hint) {
    return hint.empty() ? std::string()
                        : "<span class=\"hint\" id=\"" + field + "-hint\">" + hint + "</span>";
  };
  auto v = [&](const std::string& k) { return Esc(Field(values, k)); };
  std::string body;
  if (!banner.empty()) body += "<div class=\"banner\" role=\"alert\">" + banner + "</div>";
  body += problems_of("form");
  body += "<form method=\"post\" action=\"/update/" + kind + "/" + Esc(UrlEncode(id)) + "\">" +
          CsrfField(ctx) + "<input type=\"hidden\" name=\"period\" value=\"" + Esc(p.ToString()) +
          "\"><input type=\"hidden\" name=\"base_revision\" value=\"" + v("base_revision") + "\">";
  auto input = [&](const std::string& name, const std::string& label, const std::string& hint) {
    return "<label for=\"" + name + "\">" + label + "</label>" + hint_of(name, hint) +
           problems_of(name) + "<input id=\"" + name + "\" name=\"" + name + "\"" +
           described(name, !hint.empty()) + " value=\"" + v(name) + "\">";
  };
  auto area = [&](const std::string& name, const std::string& label, const std::string& hint,
                  int rows) {
    return "<label for=\"" + name + "\">" + label + "</label>" + hint_of(name, hint) +
           problems_of(name) + "<textarea id=\"" + name + "\" name=\"" + name + "\"" +
           described(name, !hint.empty()) + " rows=\"" + std::to_string(rows) + "\">" + v(name) +
           "</textarea>";
  };
  body += area("narrative", "Narrative", "", 8);
  body += input("key_message", "Key message", " (one line; replaces the drawn key message)");
  body += input("assurance", "Proposed assurance", " substantial, reasonable, partial or limited");
  body += input("recovery", "Recovery date", " YYYY-MM-DD: back on trajectory by");
  body += area("actions", "Actions",
               " one a line: text | owner: role id | due: YYYY-MM-DD [| state: open, done, "
               "overdue or cancelled]",
               4);
  body += area("mitigations", "Mitigations", " one a line", 3);
  body += "<p><button type=\"submit\">Save the update</button></p></form>";
  return body;
}

HttpResponse App::UpdateForm(Ctx& ctx, const std::string& kind, const std::string& id) {
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  std::optional<Object> obj =
      kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  Decision d = Decide(ctx.who, Action::kEditUpdate, obj.value_or(Object{}));
  if (!d.allowed) return Deny(ctx, d);
  if (!obj) return Error(ctx, 404, "no " + kind + " `" + id + "` in the strategy");
  if (*locked) return Error(ctx, 409, period->ToString() + " is locked: its updates cannot change");
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  std::map<std::string, std::string> values{{"base_revision", "0"}};
  if (const measures::Update* u = FindUpdate(*updates, kind, id, *period)) {
    values["base_revision"] = std::to_string(u->revision);
    values["narrative"] = u->narrative;
    values["key_message"] = u->key_message;
    if (u->proposed_assurance) {
      values["assurance"] = std::string(measures::AssuranceLevelName(*u->proposed_assurance));
    }
    if (u->recovery) values["recovery"] = u->recovery->ToString();
    std::string actions, mitigations;
    for (const auto& a : u->actions) {
      actions += a.text + " | owner: " + a.owner_role + " | due: " + a.due.ToString() +
                 " | state: " + std::string(measures::ActionStateName(a.state)) + "\n";
    }
    for (const auto& m : u->mitigations) mitigations += m + "\n";
    values["actions"] = actions;
    values["mitigations"] = mitigations;
  }
  const strategy::Measure* m = kind == "measure" ? strategy::FindMeasure(strategy_, id) : nullptr;
  const strategy::Objective* o =
      kind == "objective" ? strategy::FindObjective(strategy_, id) : nullptr;
  std::string name = m ? m->name : o ? o->name : id;
  return Page(ctx, "Update: " + name + ", " + period->ToString(),
              RenderUpdateForm(ctx, kind, id, *period, values, {}, ""));
}

HttpResponse App::SaveUpdate(Ctx& ctx, const std::string& kind, const std::string& id) {
  const auto& form = ctx.req.form;
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  std::optional<Object> obj =
      kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  Decision d = Decide(ctx.who, Action::kEditUpdate, obj.value_or(Object{}));
  if (!d.allowed) return Deny(ctx, d);
  if (!obj) return Error(ctx, 404, "no " + kind + " `" + id + "` in the strategy");
  if (*locked) return Error(ctx, 409, period->ToString() + " is locked: its updates cannot change");
  const strategy::Measure* sm = kind == "measure" ? strategy::FindMeasure(strategy_, id) : nullptr;
  const strategy::Objective* so =
      kind == "objective" ? strategy::FindObjective(strategy_, id) : nullptr;
  const std::string title = "Update: " +
                            (sm   ? sm->name
                             : so ? so->name
                                  : id) +
                            ", " + period->ToString();

  std::map<std::string, std::string> values;
  for (const char* k : {"narrative", "key_message", "assurance", "recovery", "actions",
                        "mitigations", "base_revision"}) {
    values[k] = Field(form, k);
  }
  // Optimistic concurrency: the form carries the revision it was made from.
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  const measures::Update* current = FindUpdate(*updates, kind, id, *period);
  const int current_revision = current ? current->revision : 0;
  if (values["base_revision"] != std::to_string(current_revision)) {
    std::string banner =
        "<p><strong>Not saved:</strong> someone else saved this update while you were editing "
        "it" +
        (current ? " (" + Esc(current->provenance.loaded_by) + ", " +
                       Esc(current->provenance.loaded_at) + ", revision " +
                       std::to_string(current_revision) + ")"
                 : std::string()) +
        ". Your text is kept below; compare it with theirs, then save again to replace it.</p>";
    if (current)
      banner += "<p>Their narrative:</p><blockquote>" + Esc(current->narrative) + "</blockquote>";
    values["base_revision"] = std::to_string(current_revision);
    Audit(ctx, "update_conflict", kind + ":" + id, period->ToString());
    return Page(ctx, title, RenderUpdateForm(ctx, kind, id, *period, values, {}, banner), 409);
  }

  // The author: the strategy role the user holds for this object.
  std::string author;
  for (const Grant& g : ctx.who.grants) {
    if ((g.role == Role::kOwner || g.role == Role::kDelegate) && g.scope == obj->owner_role) {
      author = g.scope;
    }
  }
  // Checks the form makes before the ingest's own (things only a form can get wrong).
  std::map<std::string, std::vector<std::string>> problems;
  std::vector<std::string> narrative = Lines(values["narrative"], true);
  for (const std::string& l : narrative) {
    if (!l.empty() && l[0] == '#') {
      problems["narrative"].push_back("a line of the narrative cannot start with #");
      break;
    }
  }
  if (!narrative.empty()) {
    std::string first = Lower(narrative.front());
    for (const char* f : {"author:", "assurance:", "recovery:", "key message:"}) {
      if (first.rfind(f, 0) == 0) {
        problems["narrative"].push_back(
            "the narrative cannot start with a field name; use the field below for it");
      }
    }
  }
  // The update as `ingest --updates` reads it, each line remembered as its field.
  std::string md;
  std::vector<std::string> line_field{"", "form"};  // 1-based
  auto add = [&](const std::string& text, const std::string& field) {
    md += text + "\n";
    line_field.push_back(field);
  };
  md = "## " + kind + " " + id + " " + period->ToString() + "\n";
  add("Author: " + author, "form");
  if (!OneLine(values["assurance"]).empty())
    add("Assurance: " + OneLine(values["assurance"]), "assurance");
  if (!OneLine(values["recovery"]).empty())
    add("Recovery: " + OneLine(values["recovery"]), "recovery");
  if (!OneLine(values["key_message"]).empty()) {
    add("Key message: " + OneLine(values["key_message"]), "key_message");
  }
  add("", "narrative");
  for (const std::string& l : narrative) add(l, "narrative");
  std::vector<std::string> actions = Lines(values["actions"], false);
  if (!actions.empty()) {
    add("### Actions", "actions");
    for (const std::string& l : actions) {
      if (l[0] == '#') problems["actions"].push_back("a line cannot start with #");
      add("- " + l, "actions");
    }
  }
  std::vector<std::string> mitigations = Lines(values["mitigations"], false);
  if (!mitigations.empty()) {
    add("### Mitigations", "mitigations");
    for (const std::string& l : mitigations) {
      if (l[0] == '#') problems["mitigations"].push_back("a line cannot start with #");
      add("- " + l, "mitigations");
    }
  }
  if (problems.empty()) {
    measures::IngestOptions io;
    io.loaded_by = ctx.who.name;
    io.loaded_at = NowIso();
    io.today = Today();
    auto report = measures::IngestUpdatesMarkdown(store_, strategy_, md, "web form", io);
    if (!report.ok()) return Error(ctx, 500, report.status().message());
    for (const measures::RowProblem& p : report->problems) {
      std::string field = p.line >= 1 && static_cast<size_t>(p.line) < line_field.size()
                              ? line_field[static_cast<size_t>(p.line)]
                              : "form";
      problems[field].push_back(p.reason);
    }
    if (problems.empty() && report->written) {
      Audit(ctx, "update", kind + ":" + id, period->ToString(), "revision",
            std::to_string(current_revision),
            std::to_string(current_revision + (report->inserted + report->revised > 0 ? 1 : 0)) +
                ": " + values["narrative"].substr(0, 500));
      return Redirect(kind == "measure" ? "/measure/" + UrlEncode(id) + PeriodQuery(*period)
                                        : "/my-updates" + PeriodQuery(*period));
    }
  }
  return Page(ctx, title,
              RenderUpdateForm(ctx, kind, id, *period, values, problems,
                               "<p><strong>Not saved:</strong> please correct the problems "
                               "shown beside the fields.</p>"),
              422);
}

HttpResponse App::SaveReview(Ctx& ctx, const std::string& kind, const std::string& id) {
  const auto& form = ctx.req.form;
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  std::optional<Object> obj =
      kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  Decision d = Decide(ctx.who, Action::kReviewUpdate, obj.value_or(Object{}));
  if (!d.allowed) return Deny(ctx, d);
  if (!obj) return Error(ctx, 404, "no " + kind + " `" + id + "` in the strategy");
  if (*locked) return Error(ctx, 409, period->ToString() + " is locked: its reviews cannot change");
  const std::string decision = Field(form, "decision");
  const std::string comment = Field(form, "comment");
  const std::string assurance = Lower(OneLine(Field(form, "assurance")));
  if (decision != "accept" && decision != "return") {
    return Error(ctx, 422, "decision must be accept or return");
  }
  if (decision == "return" && OneLine(comment).empty()) {
    return Error(ctx, 422, "say why the update is returned: the comment is required");
  }
  if (!assurance.empty() && !measures::ParseAssuranceLevel(assurance)) {
    return Error(ctx, 422,
                 "unknown assurance level `" + assurance +
                     "`; expected substantial, reasonable, partial or limited");
  }
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  const measures::Update* u = FindUpdate(*updates, kind, id, *period);
  if (u == nullptr) return Error(ctx, 409, "there is no update to review yet");
  if (Field(form, "update_revision") != std::to_string(u->revision)) {
    return Error(ctx, 409,
                 "the update changed since you read it (now revision " +
                     std::to_string(u->revision) + "); nothing was saved: read it again");
  }
  // Accepting an objective's update with a level is the committee's
  // assurance for that objective: it goes into the committee's report, so the
  // record (and the Board papers) show it.
  if (kind == "objective" && decision == "accept" && !assurance.empty()) {
    auto all = store_.Assurance();
    if (!all.ok()) return Error(ctx, 500, all.status().message());
    measures::CommitteeAssurance report;
    report.committee_id = obj->committee_id;
    report.period = *period;
    for (const auto& a : *all) {
      if (a.committee_id == obj->committee_id && a.period == *period) report = a;
    }
    std::erase_if(report.objectives, [&](const auto& a) { return a.objective_id == id; });
    report.objectives.push_back({id, *measures::ParseAssuranceLevel(assurance), OneLine(comment)});
    auto problems = PutCommitteeReport(ctx, report);
    if (!problems.ok()) return Error(ctx, 500, problems.status().message());
    if (!problems->empty()) {
      return Error(ctx, 422, fmt::format("{}", fmt::join(*problems, "; ")));
    }
  }
  measures::Transaction tx(store_);
  if (Status s = tx.Begin(); !s.ok()) return Error(ctx, 500, s.message());
  internal::Stmt next(store_.connection(),
                      "SELECT coalesce(max(review), 0) + 1 FROM update_reviews WHERE kind = ? AND "
                      "object_id = ? AND period = ?");
  next.Bind(1, kind).Bind(2, id).Bind(3, period->ToString());
  auto row = next.Step();
  if (!row.ok()) return Error(ctx, 500, row.status().message());
  const int64_t review = next.Int(0);
  const std::string stored = decision == "accept" ? "accepted" : "returned";
  internal::Stmt ins(
      store_.connection(),
      "INSERT INTO update_reviews (kind, object_id, period, review, update_revision, "
      "decision, assurance, comment, reviewed_by, reviewed_at) VALUES "
      "(?,?,?,?,?,?,?,?,?,?)");
  ins.Bind(1, kind).Bind(2, id).Bind(3, period->ToString()).Bind(4, review);
  ins.Bind(5, static_cast<int64_t>(u->revision)).Bind(6, stored).Bind(7, assurance);
  ins.Bind(8, comment).Bind(9, ctx.who.name).Bind(10, NowIso());
  if (Status s = ins.Run(); !s.ok()) return Error(ctx, 500, s.message());
  Audit(ctx, "review", kind + ":" + id, period->ToString(), "decision", "",
        stored + (assurance.empty() ? "" : " (" + assurance + ")") +
            (comment.empty() ? "" : ": " + comment));
  if (Status s = tx.Commit(); !s.ok()) return Error(ctx, 500, s.message());
  return Redirect(kind == "measure" ? "/measure/" + UrlEncode(id) + PeriodQuery(*period)
                                    : "/completion" + PeriodQuery(*period));
}

// ---- completion ----

HttpResponse App::Completion(Ctx& ctx) {
  Decision d = Decide(ctx.who, Action::kReadCompletion, {});
  if (!d.allowed) return Deny(ctx, d);
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  auto reviews = Reviews(*period);
  if (!reviews.ok()) return Error(ctx, 500, reviews.status().message());
  auto object_of = [&](const std::string& kind, const std::string& id) {
    return kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  };
  std::vector<Item> items = ItemsOf(strategy_, object_of, *updates, *period, *reviews);
  int submitted = 0, accepted = 0;
  report::HtmlTable t;
  t.caption = "Updates for " + Esc(period->ToString());
  t.headers = {"Kind", "Name", "Owner", "Committee", "State"};
  for (const Item& it : items) {
    submitted += it.update != nullptr;
    accepted += it.update != nullptr && it.review && it.review->decision == "accepted" &&
                it.review->update_revision == it.update->revision;
    t.rows.push_back({Esc(it.kind), Esc(it.name),
                      Esc(measures::OwnerName(strategy_, it.object.owner_role)),
                      Esc(it.object.committee_id), Esc(UpdateState(it))});
  }
  std::string body =
      fmt::format("<p>{} ({}): {} of {} submitted, {} accepted.</p>", Esc(period->ToString()),
                  *locked ? "locked" : "open", submitted, items.size(), accepted);
  if (Decide(ctx.who, Action::kLockPeriod, {}).allowed) {
    std::string action = *locked ? "open" : "lock";
    body += "<form method=\"post\" action=\"/period/" + action + "\">" + CsrfField(ctx) +
            "<input type=\"hidden\" name=\"period\" value=\"" + Esc(period->ToString()) +
            "\"><button type=\"submit\">" + (*locked ? "Reopen the period" : "Lock the period") +
            "</button></form>";
  }
  for (const strategy::Committee& c : strategy_.committees) {
    if (Decide(ctx.who, Action::kCommitteeReport, {"", c.id, *locked}).allowed) {
      body += "<p><a href=\"/committee/" + Esc(UrlEncode(c.id)) + Esc(PeriodQuery(*period)) +
              "\">" + Esc(c.name) + ": the chair's report</a></p>";
    }
  }
  body += report::RenderTable(t);
  return Page(ctx, "Completion", body);
}

HttpResponse App::ApiCompletion(Ctx& ctx) {
  Decision d = Decide(ctx.who, Action::kReadCompletion, {});
  if (!d.allowed) return Deny(ctx, d);
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  auto locked = Locked(*period);
  if (!locked.ok()) return Error(ctx, 500, locked.status().message());
  auto updates = store_.Updates();
  if (!updates.ok()) return Error(ctx, 500, updates.status().message());
  auto reviews = Reviews(*period);
  if (!reviews.ok()) return Error(ctx, 500, reviews.status().message());
  auto object_of = [&](const std::string& kind, const std::string& id) {
    return kind == "measure" ? MeasureObject(id, *locked) : ObjectiveObject(id, *locked);
  };
  nlohmann::ordered_json j;
  j["period"] = period->ToString();
  j["state"] = *locked ? "locked" : "open";
  j["items"] = nlohmann::ordered_json::array();
  for (const Item& it : ItemsOf(strategy_, object_of, *updates, *period, *reviews)) {
    nlohmann::ordered_json i;
    i["kind"] = it.kind;
    i["id"] = it.id;
    i["owner_role"] = it.object.owner_role;
    i["committee"] = it.object.committee_id;
    i["submitted"] = it.update != nullptr;
    i["revision"] = it.update ? it.update->revision : 0;
    i["review"] =
        it.review ? nlohmann::ordered_json(it.review->decision) : nlohmann::ordered_json();
    i["reviewed_revision"] = it.review ? it.review->update_revision : 0;
    j["items"].push_back(std::move(i));
  }
  return Json(200, j.dump(2) + "\n");
}

// ---- the period ----

HttpResponse App::ChangePeriod(Ctx& ctx, bool lock) {
  Decision d = Decide(ctx.who, lock ? Action::kLockPeriod : Action::kOpenPeriod, {});
  if (!d.allowed) return Deny(ctx, d);
  if (Field(ctx.req.form, "period").empty()) return Error(ctx, 400, "which period? (period field)");
  auto period = PeriodOf(ctx);
  if (!period.ok()) return Error(ctx, 400, period.status().message());
  measures::Transaction tx(store_);
  if (Status s = tx.Begin(); !s.ok()) return Error(ctx, 500, s.message());
  auto state = store_.GetPeriodState(*period);
  if (!state.ok()) return Error(ctx, 500, state.status().message());
  const bool locked = *state && (*state)->state == measures::RecordState::kLocked;
  measures::PeriodState next;
  next.period = *period;
  next.changed_at = NowIso();
  next.changed_by = ctx.who.name;
  next.note = "web";
  std::string action;
  if (lock) {
    if (locked) return Error(ctx, 409, period->ToString() + " is already locked");
    auto record = Record(*period);  // the record must build before it is locked
    if (!record.ok()) return Error(ctx, 500, record.status().message());
    auto last = store_.LastLoadId();
    if (!last.ok()) return Error(ctx, 500, last.status().message());
    next.state = measures::RecordState::kLocked;
    next.lock_load_id = *last;
    next.lock_today = Today();
    action = "lock";
  } else {
    if (*state && !locked) return Error(ctx, 409, period->ToString() + " is already open");
    next.state = measures::RecordState::kOpen;
    action = locked ? "reopen" : "open";
  }
  if (Status s = store_.PutPeriodState(next); !s.ok()) return Error(ctx, 500, s.message());
  Audit(ctx, action, "period:" + period->ToString(), period->ToString(), "state",
        *state ? std::string(measures::RecordStateName((*state)->state)) : "",
        std::string(measures::RecordStateName(next.state)));
  if (Status s = tx.Commit(); !s.ok()) return Error(ctx, 500, s.message());
  return Redirect("/completion" + PeriodQuery(*period));
}

// ---- the audit log ----

HttpResponse App::AuditPage(Ctx& ctx, bool csv) {
  Decision d = Decide(ctx.who, Action::kReadAudit, {});
  if (!d.allowed) return Deny(ctx, d);
  if (csv) {
    Audit(ctx, "download", "audit_log", "", "format", "", "csv");
    auto all = ReadAudit(store_);
    if (!all.ok()) return Error(ctx, 500, all.status().message());
    HttpResponse r{200, "text/csv; charset=utf-8", AuditCsv(*all), {}};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
    return r;
  }
  auto v = VerifyAudit(store_);
  if (!v.ok()) return Error(ctx, 500, v.status().message());
  auto recent = ReadAudit(store_, 500);
  if (!recent.ok()) return Error(ctx, 500, recent.status().message());
  std::string body =
      v->ok() ? "<p>The chain of " + std::to_string(v->entries) +
                    " entries verifies; head hash <code>" + Esc(v->head_hash) + "</code>.</p>"
              : "<p class=\"problem\">The audit log does not verify: " + Esc(v->problems.front()) +
                    "</p>";
  body += "<p><a href=\"/audit.csv\">Download the whole log (CSV)</a></p>";
  report::HtmlTable t;
  t.caption = "The latest entries";
  t.headers = {"#",      "At",    "User",   "Role",  "Action", "Object",
               "Period", "Field", "Before", "After", "Address"};
  for (auto it = recent->rbegin(); it != recent->rend(); ++it) {
    t.rows.push_back({std::to_string(it->seq), Esc(it->at), Esc(it->user), Esc(it->role),
                      Esc(it->action), Esc(it->object), Esc(it->period), Esc(it->field),
                      Esc(it->before), Esc(it->after), Esc(it->address)});
  }
  body += report::RenderTable(t);
  return Page(ctx, "Audit log", body);
}

}  // namespace barometer::server
