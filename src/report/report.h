// report/report.h — the documents a Board reads, built from the strategy model
// and the period record (measures/record.h), which they lay out and never
// second-guess; the population outcomes report from model.h's PopulationView:
//
//   Board strategy report   BoardReport()       every priority, objective and measure
//   Committee pack          CommitteePack()     the same, for one committee's remit
//   Integrated Performance  IntegratedPerformanceReport()  SPC for every monthly/weekly measure
//   Board Assurance Frame.  BoardAssuranceFramework()      risks against their objectives
//   Population outcomes     PopulationReport()  outcome ambitions, inequality, segments
//
//   Result<measures::PeriodRecord> r = measures::BuildRecord(store, strategy, options);
//   Result<Document> d = BoardReport(strategy, *r, {});
//   if (!d.ok()) return d.status();
//   Status s = WriteDocument(*d, OutputFormat::kPdf, "board.pdf", {});
//
// A Document holds self-contained HTML (inline SVG, embedded stylesheet, no
// scripts, fonts or links outside the file) and the tables behind it, so one
// build serves every format. The builders are pure: no I/O, no clock (dates
// come from the record), deterministic output for the same input.
#pragma once

#include <string>
#include <vector>

#include "core/file.h"
#include "core/status.h"
#include "measures/record.h"
#include "report/data_table.h"
#include "report/model.h"
#include "report/paper.h"
#include "report/pdf.h"
#include "strategy/strategy.h"

namespace barometer::report {

struct Document {
  std::string kind;   // "board", "committee", "ipr", "baf", "population"
  std::string title;  // "Board strategy report"
  std::string html;
  std::vector<DataTable> tables;
  int charts = 0;  // inline SVG charts drawn
};

struct ReportOptions {
  std::string committee;  // CommitteePack: the committee id (required there)
  // BoardAssuranceFramework: shown as a banner when the risks are not the
  // organisation's own (e.g. "Illustrative risk register — not from the
  // published strategy").
  std::string risk_note;
  // A line under the title, e.g. "Synthetic data for demonstration".
  std::string data_note;
  // The cover sheet: meeting, date, item, lead executive, author, purpose,
  // what the Board is asked to do, BAF risks, previously considered by
  // (report/paper.h; from a meeting file and options). What is not given
  // shows as "Not given", or as the strategy and record say.
  PaperDetails paper;
};

Result<Document> BoardReport(const strategy::Strategy& s, const measures::PeriodRecord& r,
                             const ReportOptions& o);
// Errors: kInvalidInput when o.committee is empty, or (with a
// suggestion) when no committee has that id.
Result<Document> CommitteePack(const strategy::Strategy& s, const measures::PeriodRecord& r,
                               const ReportOptions& o);
Result<Document> IntegratedPerformanceReport(const strategy::Strategy& s,
                                             const measures::PeriodRecord& r,
                                             const ReportOptions& o);
// Errors: kInvalidInput when the strategy has no [[risks]].
Result<Document> BoardAssuranceFramework(const strategy::Strategy& s,
                                         const measures::PeriodRecord& r, const ReportOptions& o);
Result<Document> PopulationReport(const PopulationView& p, const ReportOptions& o);

enum class OutputFormat { kHtml, kPdf, kXlsx, kCsv, kJson };
// "html", "pdf", ... ; nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view s);
// The format an output path's extension implies (".pdf" -> kPdf); kHtml by default.
OutputFormat FormatForPath(const std::string& path);

// Writes `d` to `path`: HTML and PDF as one file; XLSX one sheet per table;
// CSV one file per table in the directory `path` (created); JSON one file.
// Every file is written through core/file.h (atomic, only over a regular
// file that is not one of `out.inputs`); PDF and XLSX are made in a private
// temporary directory first, so a failed run leaves the previous file.
Status WriteDocument(const Document& d, OutputFormat f, const std::string& path,
                     const PdfOptions& pdf, const OutputOptions& out = {});

// The strategy's risks on the 5 x 5 heat map (current filled, target
// outlined) as SVG with its text alternative: the one drawing that the BAF
// paper and the web application's BAF page both show.
std::string StrategyRiskHeatMapSvg(const strategy::Strategy& s);

}  // namespace barometer::report
