// report/paper.h — the cover sheet details of a Board paper (the NHS form:
// meeting, date, agenda item, title, lead executive, author, purpose, what
// the Board is asked to do, the BAF risks it relates to, where it was
// considered before), and the meeting file that gives them (docs/reports.md,
// "The meeting file"):
//
//   Diagnostics d;
//   std::optional<MeetingFile> m = ParseMeetingFile(text, "meeting.toml", d);
//   if (d.has_errors()) { print d.Format(text, true); exit 1; }
//   PaperDetails p = PaperFor(*m, "committee", "quality");
//
// Every field is optional: a paper shows what it is not given as "not given"
// (or, for the BAF risks and "previously considered by", what the strategy
// and the period record say).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/diagnostics.h"

namespace barometer::report {

enum class Purpose { kApprove, kAssure, kDiscuss, kNote };
std::string_view PurposeName(Purpose p);   // "approve", "assure", "discuss", "note"
std::string_view PurposeLabel(Purpose p);  // "To approve", ...
std::optional<Purpose> ParsePurpose(std::string_view s);

struct PaperDetails {
  std::string meeting;  // "Board of Directors (in public)"
  std::optional<Date> date;
  std::string item;            // agenda item, "3.1"
  std::string title;           // default: the report's own title
  std::string lead_executive;  // "Director of Strategy (Jane Doe)"
  std::string author;
  std::optional<Purpose> purpose;
  std::string asked_to;                            // completes "The Board is asked to …"
  std::vector<std::string> baf_risks;              // risk ids; empty: derived
  std::vector<std::string> previously_considered;  // "Quality Committee, 12 January 2023"

  // Fills every field of *this that is empty from `other`.
  void FillFrom(const PaperDetails& other);
};

// A meeting file: the meeting's details ([meeting]) and one [[papers]] entry
// per paper (report = board | committee | ipr | baf | population, with
// committee = ID for a committee pack).
struct MeetingPaper {
  std::string report;
  std::string committee;
  PaperDetails details;
  SourceLocation where;
};
struct MeetingFile {
  PaperDetails meeting;  // name, date and defaults for every paper
  std::vector<MeetingPaper> papers;
};

// Parses a meeting file; every problem (TOML syntax, unknown key with a
// suggestion, wrong type, bad purpose or report, a paper given twice) is
// added to `diags` at its file:line:column. nullopt only when the TOML
// cannot be parsed at all.
std::optional<MeetingFile> ParseMeetingFile(std::string_view text, std::string_view file,
                                            Diagnostics& diags);

// The details of one paper: its [[papers]] entry over the [meeting] defaults.
PaperDetails PaperFor(const MeetingFile& m, std::string_view report, std::string_view committee);

}  // namespace barometer::report
