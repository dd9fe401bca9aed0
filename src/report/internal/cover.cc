#include "report/internal/cover.h"

#include "report/html.h"
#include "report/internal/present.h"

namespace barometer::report::internal {
namespace {

constexpr std::string_view kNotGiven = "Not given";

std::string OrNotGiven(const std::string& v) {
  return v.empty() ? "<span class=\"not-given\">" + std::string(kNotGiven) + "</span>" : Esc(v);
}

std::string Row(std::string_view label, const std::string& markup) {
  return "<tr><th scope=\"row\">" + Esc(label) + "</th><td>" + markup + "</td></tr>";
}

std::string LongDate(Date d) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

std::string PurposeBoxes(Purpose chosen) {
  std::string out = "<span class=\"purpose\">";
  for (Purpose p : {Purpose::kApprove, Purpose::kAssure, Purpose::kDiscuss, Purpose::kNote}) {
    bool on = p == chosen;
    out += std::string("<span class=\"box") + (on ? " on" : "") + "\">" + (on ? "☒ " : "☐ ") +
           "<span>" + Esc(PurposeLabel(p)) + "</span>" +
           (on ? "<span class=\"sr\"> (this paper)</span>" : "") + "</span> ";
  }
  return out + "</span>";
}

std::string DefaultAsk(const CoverSheet& c, Purpose p) {
  const std::string& what = c.title;
  switch (p) {
    case Purpose::kApprove:
      return "approve the " + what + " for " + c.period + ", noting the key messages below";
    case Purpose::kAssure:
      return "note the key messages, take assurance from the " + what + " for " + c.period +
             " on the actions set out for each exception, and say where it needs more";
    case Purpose::kDiscuss:
      return "discuss the key messages and exceptions of the " + what + " for " + c.period;
    case Purpose::kNote:
      return "note the " + what + " for " + c.period;
  }
  return "";
}

}  // namespace

std::vector<CoverMessage> KeyMessagesIn(
    const measures::PeriodRecord& r,
    const std::function<bool(const measures::KeyMessage&)>& in_scope,
    const std::function<std::string(const measures::KeyMessage&)>& link) {
  std::vector<CoverMessage> out;
  for (const measures::KeyMessage& k : r.key_messages) {
    if (out.size() >= kMaxKeyMessages) break;
    if (in_scope(k))
      out.push_back({k.text, link ? link(k) : "", k.source == measures::KeyMessageSource::kUpdate});
  }
  return out;
}

CoverSheet StrategyCover(const strategy::Strategy& s) {
  CoverSheet c;
  c.organisation = s.organisation.name;
  c.subject = s.organisation.strategy;
  c.risks = &s.risks;
  return c;
}

std::vector<std::string> AssuranceReports(const strategy::Strategy& s,
                                          const measures::PeriodRecord& r,
                                          std::string_view only_committee) {
  std::vector<std::string> out;
  for (const measures::CommitteeAssurance& c : r.assurance) {
    if (c.committee_id == measures::kBoardCommittee) continue;
    if (!only_committee.empty() && c.committee_id != only_committee) continue;
    out.push_back(CommitteeName(s, c.committee_id) + " (assurance report, " + c.period.ToString() +
                  ")");
  }
  return out;
}

std::string RenderCoverSheet(const CoverSheet& c) {
  const PaperDetails& p = c.paper;
  Purpose purpose = p.purpose.value_or(c.default_purpose);
  std::string title = p.title.empty()
                          ? c.title + ": " + (c.subject.empty() ? "" : c.subject + ", ") + c.period
                          : p.title;
  std::string out = "<header class=\"sheet\" id=\"cover-sheet\">";
  out += "<p class=\"org\">" + Esc(c.organisation) + "</p>";
  out += "<p class=\"meeting\">" + Esc(p.meeting.empty() ? c.meeting : p.meeting) + "</p>";
  out += "<h1>" + Esc(title) + "</h1>";
  if (!c.data_note.empty()) out += "<p class=\"banner\">" + Esc(c.data_note) + "</p>";

  std::string risks;
  if (!p.baf_risks.empty()) {
    for (const std::string& id : p.baf_risks) {
      const strategy::Risk* found = nullptr;
      if (c.risks)
        for (const strategy::Risk& r : *c.risks)
          if (r.id == id) found = &r;
      risks += (risks.empty() ? "" : "; ") + Esc(found ? found->id + " " + found->title : id);
    }
  } else if (!c.related_risks.empty()) {
    for (const strategy::Risk* r : c.related_risks)
      risks += (risks.empty() ? "" : "; ") + Esc(r->id + " " + r->title);
  } else {
    risks =
        "<span class=\"not-given\">None recorded: the strategy holds no BAF risk for this "
        "paper's objectives</span>";
  }
  std::string before;
  const std::vector<std::string>& considered =
      p.previously_considered.empty() ? c.considered_before : p.previously_considered;
  for (const std::string& b : considered) before += (before.empty() ? "" : "; ") + Esc(b);
  if (before.empty()) before = "Not previously considered";

  out += "<table class=\"coversheet\"><caption>Cover sheet</caption><tbody>";
  out += Row("Meeting", Esc(p.meeting.empty() ? c.meeting : p.meeting));
  out += Row("Date of meeting", p.date ? Esc(LongDate(*p.date)) : OrNotGiven(""));
  out += Row("Agenda item", OrNotGiven(p.item));
  out += Row("Title", Esc(title));
  out += Row("Lead executive", OrNotGiven(p.lead_executive));
  out += Row("Author", OrNotGiven(p.author));
  out += Row("Purpose", PurposeBoxes(purpose));
  out += Row("BAF risks", risks);
  out += Row("Previously considered by", before);
  out += Row("Reporting period", Esc(c.period));
  out += "</tbody></table>";

  out += "<div class=\"ask\"><h2 id=\"asked\">Recommendation</h2><p><strong>The " +
         Esc(c.audience) + " is asked to</strong> " +
         Esc(p.asked_to.empty() ? DefaultAsk(c, purpose) : p.asked_to) + ".</p></div>";

  out +=
      "<section class=\"key-messages\" aria-labelledby=\"key-messages\"><h2 "
      "id=\"key-messages\">Key messages</h2>";
  if (c.messages.empty()) {
    out +=
        "<p>No measure in this paper is off track or at risk, no assurance level changed and "
        "no measure shows special-cause variation this period.</p>";
  } else {
    out += "<ol>";
    size_t n = 0;
    for (const CoverMessage& k : c.messages) {
      if (++n > kMaxKeyMessages) break;
      std::string text = Esc(k.text);
      out += "<li>" + (k.href.empty() ? text : "<a href=\"" + Esc(k.href) + "\">" + text + "</a>");
      if (k.from_update) out += " <span class=\"small muted\">(owner's update)</span>";
      out += "</li>";
    }
    out += "</ol>";
  }
  out +=
      "<p class=\"small muted\">Drawn from the period record: exceptions first, then owners' "
      "key messages, changes in committee assurance and special-cause variation.</p>";
  out += "</section>";
  if (!c.glance.empty())
    out += "<section class=\"glance\" aria-label=\"Status at a glance\"><h2>At a glance</h2>" +
           c.glance + "</section>";
  if (!c.as_of.empty()) out += "<p class=\"asof\">" + Esc(c.as_of) + "</p>";
  return out + "</header>";
}

}  // namespace barometer::report::internal
