// server/pack.h — the Board pack: the Board papers `barometer report` writes
// (the Board strategy report, the Integrated Performance Report and, when the
// strategy has risks, the Board Assurance Framework), made by the report part
// from a LOCKED period's record, kept in the store as generated (schema
// version 4: board_packs, board_pack_files) and published when the analyst
// says so. Nothing here decides a figure: the documents are the report
// part's, from the record; what is kept is served byte for byte.
//
//   auto files = BuildPackDocuments(strategy, record, "Synthetic data");
//   if (!files.ok()) return files.status();
//   PrintPackPdfs(chromium, *files);          // slow: outside the app's lock
//   Pack p{.period = "2023-24 Q3", ...};  p.files = *files;
//   Status s = PutPack(store, p);            // p.pack is set: 1, 2, ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "measures/record.h"
#include "measures/store.h"
#include "strategy/strategy.h"

namespace barometer::server {

struct PackFile {
  std::string document;  // "board", "ipr", "baf"
  std::string format;    // "html", "pdf"
  std::string title;     // "Board strategy report"
  std::string content;   // the bytes (empty when listed without contents)
  std::string sha256;    // hex SHA-256 of the bytes
  int64_t bytes = 0;
};

struct Pack {
  std::string period;          // "2023-24 Q3"
  int64_t pack = 0;            // 1, 2, ... for the period (set by PutPack)
  int64_t state_revision = 0;  // the period state (the lock) it was made from
  int64_t lock_load_id = 0;
  std::string generated_by, generated_at;
  std::string published_by, published_at;  // empty until published
  std::vector<PackFile> files;             // by document, then format
  bool published() const { return !published_at.empty(); }
};

// The pack's documents as HTML, each built by the report part from `record`
// (which must be a locked period's). A document the strategy cannot have
// (the BAF without [[risks]]) is left out; any other error is returned.
Result<std::vector<PackFile>> BuildPackDocuments(const strategy::Strategy& s,
                                                 const measures::PeriodRecord& record,
                                                 const std::string& data_note);

// Adds a PDF beside each HTML file, printed by the report part's headless
// Chromium (report/pdf.h) in a private temporary directory. Slow (seconds a
// document): call it without holding the application's lock. On an error
// the files are left as they were and the error says which document failed.
Status PrintPackPdfs(const std::string& chromium, std::vector<PackFile>& files);

// Stores `pack` as the period's next pack (sets pack.pack), in the store's
// open write transaction. REQUIRES: inside one.
Status PutPack(measures::Store& store, Pack& pack);

// The packs of `period` (every period when empty), newest first, with their
// files listed (contents not read).
Result<std::vector<Pack>> ListPacks(measures::Store& store, std::string_view period = {});

// One file of a pack, with its bytes; nullopt when there is none.
Result<std::optional<PackFile>> ReadPackFile(measures::Store& store, std::string_view period,
                                             int64_t pack, std::string_view document,
                                             std::string_view format);

// Whether a pack made from the period's lock of `state_revision` is published.
Result<bool> PublishedForLock(measures::Store& store, std::string_view period,
                              int64_t state_revision);

// Marks a pack published. REQUIRES: inside a write transaction.
Status PublishPack(measures::Store& store, std::string_view period, int64_t pack,
                   std::string_view by, std::string_view at);

}  // namespace barometer::server
