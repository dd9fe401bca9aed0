// report/pdf.h — PDF from a report's HTML, printed by Debian's headless
// Chromium (`--print-to-pdf`). The browser cannot be turned against its host:
// it prints only pages that open with barometer's Content-Security-Policy
// (html.h: no scripts, frames, objects, fonts or file or network loads), with
// JavaScript switched off in a fresh profile, from a private copy of the page
// in a temporary directory of its own (removed afterwards), and with no name
// resolving. The page size, margins, running footer and page breaks come
// from the HTML's own print stylesheet.
//
//   std::optional<std::string> chromium = FindChromium();
//   if (!chromium) return Status::NotFound("...install chromium...");
//   Status s = HtmlToPdf("board.html", "board.pdf", {.chromium = *chromium});
#pragma once

#include <optional>
#include <string>

#include "core/status.h"

namespace barometer::report {

// $BAROMETER_CHROMIUM if set, else the first of /usr/bin/chromium,
// /usr/bin/chromium-browser that is executable; nullopt when none is.
std::optional<std::string> FindChromium();

struct PdfOptions {
  std::string chromium;       // path to the browser; REQUIRES: non-empty
  int timeout_seconds = 120;  // the browser is killed after this
};

// Prints `html_path` to `pdf_path`. Errors: kNotFound (no browser or no
// input), kInvalidInput (the page does not open with the policy), kIo (the browser failed, timed
// out or wrote nothing; the message carries the end of its error output).
Status HtmlToPdf(const std::string& html_path, const std::string& pdf_path,
                 const PdfOptions& options);

}  // namespace barometer::report
