#include "measures/internal/schema.h"

#include <array>

namespace barometer::measures::internal {
namespace {

// Version 1: loads (provenance), observations and commentary with revisions,
// organisations and peer benchmark values.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE loads (
  load_id       INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('values', 'benchmark', 'commentary')),
  source_file   TEXT NOT NULL,
  strategy_file TEXT NOT NULL DEFAULT '',
  loaded_at     TEXT NOT NULL,
  loaded_by     TEXT NOT NULL,
  row_count     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE observations (
  measure_id   TEXT NOT NULL,
  period       TEXT NOT NULL,
  period_kind  TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  value        REAL NOT NULL,
  numerator    REAL,
  denominator  REAL,
  lower        REAL,
  upper        REAL,
  note         TEXT NOT NULL DEFAULT '',
  load_id      INTEGER NOT NULL REFERENCES loads (load_id),
  source_line  INTEGER NOT NULL,
  PRIMARY KEY (measure_id, period, revision)
) WITHOUT ROWID;
CREATE VIEW current_observations AS
  SELECT o.* FROM observations AS o
  WHERE o.revision = (SELECT max(i.revision) FROM observations AS i
                      WHERE i.measure_id = o.measure_id AND i.period = o.period);
CREATE TABLE commentary (
  measure_id   TEXT NOT NULL,
  period       TEXT NOT NULL,
  period_kind  TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  author       TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL,
  load_id      INTEGER NOT NULL REFERENCES loads (load_id),
  source_line  INTEGER NOT NULL,
  PRIMARY KEY (measure_id, period, revision)
) WITHOUT ROWID;
CREATE VIEW current_commentary AS
  SELECT c.* FROM commentary AS c
  WHERE c.revision = (SELECT max(i.revision) FROM commentary AS i
                      WHERE i.measure_id = c.measure_id AND i.period = c.period);
CREATE TABLE organisations (
  org_code TEXT PRIMARY KEY,
  org_name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE benchmarks (
  indicator   TEXT NOT NULL,
  peer_group  TEXT NOT NULL,
  period      TEXT NOT NULL,
  org_code    TEXT NOT NULL,
  value       REAL,
  period_kind INTEGER NOT NULL,
  load_id     INTEGER NOT NULL,
  source_line INTEGER NOT NULL,
  PRIMARY KEY (indicator, peer_group, period, org_code)
) WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "observations, commentary and benchmarks with provenance and revisions", kVersion1},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace barometer::measures::internal
