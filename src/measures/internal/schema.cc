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
CREATE TABLE indicators (
  indicator_id INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE
);
CREATE TABLE peer_groups (
  peer_group_id INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE
);
CREATE TABLE organisations (
  org_id   INTEGER PRIMARY KEY,
  org_code TEXT NOT NULL UNIQUE,
  org_name TEXT NOT NULL
);
CREATE TABLE benchmarks (
  benchmark_key INTEGER PRIMARY KEY,
  value         REAL,
  load_id       INTEGER NOT NULL,
  source_line   INTEGER NOT NULL
);
CREATE VIEW benchmark_values AS
  SELECT b.benchmark_key, i.name AS indicator, g.name AS peer_group,
         ((b.benchmark_key >> 22) & 131071) - 25567 AS period_start,
         (b.benchmark_key >> 19) & 7 AS period_kind,
         o.org_code, o.org_name, b.value, b.load_id, b.source_line
  FROM benchmarks AS b
  JOIN indicators AS i ON i.indicator_id = b.benchmark_key >> 47
  JOIN peer_groups AS g ON g.peer_group_id = (b.benchmark_key >> 39) & 255
  JOIN organisations AS o ON o.org_id = b.benchmark_key & 524287;
)sql";

constexpr std::array<Migration, 1> kMigrations = {{
    {1, "observations, commentary and benchmarks with provenance and revisions", kVersion1},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace barometer::measures::internal
