// server/pack.cc — the Board pack: built by the report part, kept in the
// store (pack.h).
#include "server/pack.h"

#include <stdlib.h>

#include <filesystem>

#include "core/file.h"
#include "report/report.h"
#include "server/accounts.h"
#include "server/internal/db.h"

namespace barometer::server {
namespace {

// A private temporary directory (0700), removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::error_code ec;
    std::string tmpl =
        (std::filesystem::temp_directory_path(ec) / "barometer-pack-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

PackFile FileOf(std::string document, std::string format, std::string title, std::string content) {
  PackFile f{std::move(document), std::move(format), std::move(title), std::move(content), "", 0};
  f.sha256 = Sha256Hex(f.content);
  f.bytes = static_cast<int64_t>(f.content.size());
  return f;
}

}  // namespace

Result<std::vector<PackFile>> BuildPackDocuments(const strategy::Strategy& s,
                                                 const measures::PeriodRecord& record,
                                                 const std::string& data_note) {
  report::ReportOptions o;
  o.data_note = data_note;
  std::vector<PackFile> files;
  for (const char* kind : {"board", "ipr", "baf"}) {
    const std::string k = kind;
    Result<report::Document> d = k == "board" ? report::BoardReport(s, record, o)
                                 : k == "ipr" ? report::IntegratedPerformanceReport(s, record, o)
                                              : report::BoardAssuranceFramework(s, record, o);
    if (!d.ok()) {
      // A paper this strategy cannot have (no risks for a BAF) is not in the pack.
      if (k != "board" && d.status().code() == StatusCode::kInvalidInput) continue;
      return Status(d.status().code(), k + ": " + d.status().message());
    }
    files.push_back(FileOf(k, "html", d->title, std::move(d->html)));
  }
  return files;
}

Status PrintPackPdfs(const std::string& chromium, std::vector<PackFile>& files) {
  TempDir dir;
  if (dir.path().empty()) return Status::Io("cannot create a temporary directory for the PDFs");
  std::vector<PackFile> pdfs;
  for (const PackFile& f : files) {
    if (f.format != "html") continue;
    const std::string html = dir.path() + "/" + f.document + ".html";
    const std::string pdf = dir.path() + "/" + f.document + ".pdf";
    if (Status s = WriteFileAtomic(html, f.content); !s.ok()) return s;
    report::PdfOptions po;
    po.chromium = chromium;
    if (Status s = report::HtmlToPdf(html, pdf, po); !s.ok()) {
      return Status(s.code(), f.document + " (PDF): " + s.message());
    }
    auto bytes = ReadFile(pdf);
    if (!bytes.ok()) return bytes.status();
    pdfs.push_back(FileOf(f.document, "pdf", f.title, std::move(*bytes)));
  }
  for (PackFile& p : pdfs) files.push_back(std::move(p));
  return Status::Ok();
}

Status PutPack(measures::Store& store, Pack& pack) {
  internal::Stmt next(store.connection(),
                      "SELECT coalesce(max(pack), 0) + 1 FROM board_packs WHERE period = ?");
  next.Bind(1, pack.period);
  auto row = next.Step();
  if (!row.ok()) return row.status();
  pack.pack = next.Int(0);
  internal::Stmt ins(store.connection(),
                     "INSERT INTO board_packs (period, pack, state_revision, lock_load_id, "
                     "generated_by, generated_at) VALUES (?,?,?,?,?,?)");
  ins.Bind(1, pack.period).Bind(2, pack.pack).Bind(3, pack.state_revision);
  ins.Bind(4, pack.lock_load_id).Bind(5, pack.generated_by).Bind(6, pack.generated_at);
  if (Status s = ins.Run(); !s.ok()) return s;
  for (const PackFile& f : pack.files) {
    internal::Stmt file(store.connection(),
                        "INSERT INTO board_pack_files (period, pack, document, format, title, "
                        "content, sha256) VALUES (?,?,?,?,?,?,?)");
    file.Bind(1, pack.period).Bind(2, pack.pack).Bind(3, f.document).Bind(4, f.format);
    file.Bind(5, f.title).BindBlob(6, f.content).Bind(7, f.sha256);
    if (Status s = file.Run(); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<std::vector<Pack>> ListPacks(measures::Store& store, std::string_view period) {
  internal::Stmt q(store.connection(),
                   "SELECT period, pack, state_revision, lock_load_id, generated_by, "
                   "generated_at, published_by, published_at FROM board_packs WHERE ?1 = '' OR "
                   "period = ?1 ORDER BY generated_at DESC, pack DESC");
  q.Bind(1, std::string(period));  // never a null pointer: '' must not bind NULL
  std::vector<Pack> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Pack p;
    p.period = q.Text(0);
    p.pack = q.Int(1);
    p.state_revision = q.Int(2);
    p.lock_load_id = q.Int(3);
    p.generated_by = q.Text(4);
    p.generated_at = q.Text(5);
    p.published_by = q.Text(6);
    p.published_at = q.Text(7);
    out.push_back(std::move(p));
  }
  for (Pack& p : out) {
    internal::Stmt f(store.connection(),
                     "SELECT document, format, title, sha256, length(content) FROM "
                     "board_pack_files WHERE period = ? AND pack = ? ORDER BY "
                     "CASE document WHEN 'board' THEN 1 WHEN 'ipr' THEN 2 WHEN 'baf' THEN 3 "
                     "ELSE 4 END, document, format");
    f.Bind(1, p.period).Bind(2, p.pack);
    while (true) {
      auto row = f.Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      p.files.push_back({f.Text(0), f.Text(1), f.Text(2), "", f.Text(3), f.Int(4)});
    }
  }
  return out;
}

Result<std::optional<PackFile>> ReadPackFile(measures::Store& store, std::string_view period,
                                             int64_t pack, std::string_view document,
                                             std::string_view format) {
  internal::Stmt q(store.connection(),
                   "SELECT title, content, sha256 FROM board_pack_files WHERE period = ? AND "
                   "pack = ? AND document = ? AND format = ?");
  q.Bind(1, period).Bind(2, pack).Bind(3, document).Bind(4, format);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<PackFile>();
  PackFile f{std::string(document), std::string(format), q.Text(0), q.Blob(1), q.Text(2), 0};
  f.bytes = static_cast<int64_t>(f.content.size());
  return std::optional<PackFile>(std::move(f));
}

Result<bool> PublishedForLock(measures::Store& store, std::string_view period,
                              int64_t state_revision) {
  internal::Stmt q(store.connection(),
                   "SELECT count(*) FROM board_packs WHERE period = ? AND state_revision = ? AND "
                   "published_at <> ''");
  q.Bind(1, period).Bind(2, state_revision);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  return q.Int(0) > 0;
}

Status PublishPack(measures::Store& store, std::string_view period, int64_t pack,
                   std::string_view by, std::string_view at) {
  internal::Stmt u(store.connection(),
                   "UPDATE board_packs SET published_by = ?, published_at = ? WHERE period = ? "
                   "AND pack = ? AND published_at = ''");
  u.Bind(1, by).Bind(2, at).Bind(3, period).Bind(4, pack);
  return u.Run();
}

}  // namespace barometer::server
