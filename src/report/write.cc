#include <filesystem>
#include <fstream>

#include "report/report.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Io("cannot write " + path);
  out << text;
  out.close();
  if (!out) return Status::Io("cannot write " + path);
  return Status::Ok();
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view s) {
  if (s == "html") return OutputFormat::kHtml;
  if (s == "pdf") return OutputFormat::kPdf;
  if (s == "xlsx") return OutputFormat::kXlsx;
  if (s == "csv") return OutputFormat::kCsv;
  if (s == "json") return OutputFormat::kJson;
  return std::nullopt;
}

OutputFormat FormatForPath(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  if (!ext.empty()) {
    if (auto f = ParseOutputFormat(ext.substr(1))) return *f;
  }
  return OutputFormat::kHtml;
}

Status WriteDocument(const Document& d, OutputFormat f, const std::string& path,
                     const PdfOptions& pdf) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && f != OutputFormat::kCsv) fs::create_directories(parent, ec);
  switch (f) {
    case OutputFormat::kHtml:
      return WriteText(path, d.html);
    case OutputFormat::kXlsx:
      return WriteXlsx(path, d.tables);
    case OutputFormat::kJson:
      return WriteText(path, TablesToJson(d.tables, {{"report", d.kind}, {"title", d.title}}));
    case OutputFormat::kCsv: {
      fs::create_directories(path, ec);
      if (ec) return Status::Io("cannot create directory " + path + ": " + ec.message());
      for (const DataTable& t : d.tables)
        if (Status s = WriteText((fs::path(path) / (t.name + ".csv")).string(), TableToCsv(t));
            !s.ok())
          return s;
      return Status::Ok();
    }
    case OutputFormat::kPdf: {
      std::string html = path + ".tmp.html";
      if (Status s = WriteText(html, d.html); !s.ok()) return s;
      Status s = HtmlToPdf(html, path, pdf);
      fs::remove(html, ec);
      return s;
    }
  }
  return Status::Internal("unknown output format");
}

}  // namespace barometer::report
