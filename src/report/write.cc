#include <stdlib.h>

#include <filesystem>

#include "core/file.h"
#include "report/report.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;

// A private temporary directory (mode 0700), removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "barometer-out-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

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
                     const PdfOptions& pdf, const OutputOptions& out) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && f != OutputFormat::kCsv) fs::create_directories(parent, ec);
  switch (f) {
    case OutputFormat::kHtml:
      return WriteFileAtomic(path, d.html, out);
    case OutputFormat::kJson:
      return WriteFileAtomic(path, TablesToJson(d.tables, {{"report", d.kind}, {"title", d.title}}),
                             out);
    case OutputFormat::kCsv: {
      if (fs::exists(fs::symlink_status(path, ec)) && !fs::is_directory(fs::symlink_status(path)))
        return Status::InvalidInput(path +
                                    " exists and is not a directory; CSV output is a "
                                    "directory of one file per table");
      fs::create_directories(path, ec);
      if (ec) return Status::Io("cannot create directory " + path + ": " + ec.message());
      for (const DataTable& t : d.tables)
        if (Status s =
                WriteFileAtomic((fs::path(path) / (t.name + ".csv")).string(), TableToCsv(t), out);
            !s.ok())
          return s;
      return Status::Ok();
    }
    case OutputFormat::kXlsx:
    case OutputFormat::kPdf: {
      // Made in a private directory, then installed over the target in one
      // step: a failed run leaves the previous file as it was.
      if (Status s = CheckOutputPath(path, out.inputs); !s.ok()) return s;
      TempDir tmp;
      if (tmp.path().empty()) return Status::Io("cannot create a temporary directory");
      std::string made = tmp.path() + (f == OutputFormat::kPdf ? "/report.pdf" : "/report.xlsx");
      if (f == OutputFormat::kXlsx) {
        if (Status s = WriteXlsx(made, d.tables); !s.ok()) return s;
      } else {
        std::string html = tmp.path() + "/report.html";
        if (Status s = WriteFileAtomic(html, d.html); !s.ok()) return s;
        if (Status s = HtmlToPdf(html, made, pdf); !s.ok()) return s;
      }
      return InstallFile(made, path, out);
    }
  }
  return Status::Internal("unknown output format");
}

}  // namespace barometer::report
