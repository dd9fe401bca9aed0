// cli/spc_svg.h — an SPC chart as a self-contained SVG, drawn the way NHS
// England's Making Data Count charts are: points coloured by classification
// (grey common cause, blue improvement, orange concern, purple neutral), the
// mean as a solid line and the process limits dashed for each rebase group, an
// optional red target line, and the variation and assurance icons as badges
// with text labels. One panel per facet. No scripts, no external fonts; a
// <title> and <desc> for screen readers. Returns the document; no I/O.
#pragma once

#include <string>

#include "cli/spc_report.h"

namespace barometer::cli {

struct SpcSvgOptions {
  std::string title;        // e.g. the file and value column
  std::string value_label;  // the y axis
};

std::string SpcSvg(const SpcReport& report, const SpcSvgOptions& options);

}  // namespace barometer::cli
