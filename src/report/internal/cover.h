// report/internal/cover.h — page 1 of every paper in the NHS Board paper
// form: the cover sheet (meeting, date, agenda item, title, lead executive,
// author, purpose, the BAF risks it relates to, previously considered by),
// "The Board is asked to …", up to five key messages from the period record
// (measures::KeyMessage: the report only picks those in its scope, in the
// record's order), the status at a glance and the data's date.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "measures/record.h"
#include "report/paper.h"
#include "strategy/strategy.h"

namespace barometer::report::internal {

inline constexpr size_t kMaxKeyMessages = 5;

// A key message as the cover shows it.
struct CoverMessage {
  std::string text;
  std::string href;          // "#m-x", or "" for no link
  bool from_update = false;  // the owner's own words
};

struct CoverSheet {
  std::string organisation;  // "Liverpool University Hospitals NHS Foundation Trust"
  std::string subject;       // the strategy's name, for the default title
  std::string kind;          // "board", "committee", "ipr", "baf", "population"
  std::string title;         // the report's own title: "Board strategy report"
  std::string audience;      // "Board" or "Committee"
  std::string meeting;       // default meeting name: "Board of Directors"
  std::string period;        // "2022-23 Q3"
  std::string data_note;     // "Synthetic data ..." (a banner)
  std::string as_of;         // internal::AsOf(record), or the population's data period
  std::string glance;        // markup: status tiles
  Purpose default_purpose = Purpose::kAssure;
  PaperDetails paper;  // as given (meeting file, options)
  // Risks the paper relates to when paper.baf_risks is empty.
  std::vector<const strategy::Risk*> related_risks;
  // Bodies that considered the paper's content before, when
  // paper.previously_considered is empty (e.g. committees' assurance).
  std::vector<std::string> considered_before;
  // Every risk of the strategy, to name the ids of paper.baf_risks.
  const std::vector<strategy::Risk>* risks = nullptr;
  // The key messages (at most kMaxKeyMessages are shown).
  std::vector<CoverMessage> messages;
};

// The cover sheet and page 1, as a <header class="sheet"> that ends the page.
std::string RenderCoverSheet(const CoverSheet& c);

// The cover's fields every strategy paper shares (organisation, subject, risks).
CoverSheet StrategyCover(const strategy::Strategy& s);

// The record's key messages for which `in_scope` holds, in order, at most
// kMaxKeyMessages, linked by `link` ("#m-x" or "").
std::vector<CoverMessage> KeyMessagesIn(
    const measures::PeriodRecord& r,
    const std::function<bool(const measures::KeyMessage&)>& in_scope,
    const std::function<std::string(const measures::KeyMessage&)>& link);

// The committees that reported assurance on the record's period, as
// "Quality Committee (assurance report, 2022-23 Q3)".
std::vector<std::string> AssuranceReports(const strategy::Strategy& s,
                                          const measures::PeriodRecord& r,
                                          std::string_view only_committee = {});

}  // namespace barometer::report::internal
