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

// Version 2: the period record's people-supplied parts — owners' updates
// (with their actions and mitigations), committees' assurance and chairs'
// reports, objectives' delivery targets, measures' process changes — each
// with provenance and revisions like values; the periods' states (open,
// locked); and earlier benchmark values kept while a locked period needs
// them. `loads.kind` gains 'updates' (SQLite cannot alter a CHECK, so the
// table is rebuilt with its rows).
constexpr const char* kVersion2 = R"sql(
CREATE TABLE loads_v2 (
  load_id       INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('values', 'benchmark', 'commentary', 'updates')),
  source_file   TEXT NOT NULL,
  strategy_file TEXT NOT NULL DEFAULT '',
  loaded_at     TEXT NOT NULL,
  loaded_by     TEXT NOT NULL,
  row_count     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO loads_v2 SELECT load_id, kind, source_file, strategy_file, loaded_at, loaded_by,
                            row_count FROM loads;
DROP TABLE loads;
ALTER TABLE loads_v2 RENAME TO loads;
CREATE TABLE updates (
  subject_kind       TEXT NOT NULL CHECK (subject_kind IN ('measure', 'objective')),
  subject_id         TEXT NOT NULL,
  period             TEXT NOT NULL,
  period_kind        TEXT NOT NULL,
  period_start       TEXT NOT NULL,
  period_end         TEXT NOT NULL,
  revision           INTEGER NOT NULL CHECK (revision >= 1),
  author_role        TEXT NOT NULL DEFAULT '',
  narrative          TEXT NOT NULL DEFAULT '',
  recovery           TEXT,
  proposed_assurance TEXT CHECK (proposed_assurance IN
                       ('substantial', 'reasonable', 'partial', 'limited')),
  key_message        TEXT NOT NULL DEFAULT '',
  load_id            INTEGER NOT NULL REFERENCES loads (load_id),
  source_line        INTEGER NOT NULL,
  PRIMARY KEY (subject_kind, subject_id, period, revision)
) WITHOUT ROWID;
CREATE TABLE update_actions (
  subject_kind TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  period       TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  text         TEXT NOT NULL,
  owner_role   TEXT NOT NULL,
  due          TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('open', 'done', 'overdue', 'cancelled')),
  PRIMARY KEY (subject_kind, subject_id, period, revision, position)
) WITHOUT ROWID;
CREATE TABLE update_mitigations (
  subject_kind TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  period       TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  text         TEXT NOT NULL,
  PRIMARY KEY (subject_kind, subject_id, period, revision, position)
) WITHOUT ROWID;
CREATE TABLE committee_reports (
  committee_id TEXT NOT NULL,
  period       TEXT NOT NULL,
  period_kind  TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  load_id      INTEGER NOT NULL REFERENCES loads (load_id),
  source_line  INTEGER NOT NULL,
  PRIMARY KEY (committee_id, period, revision)
) WITHOUT ROWID;
CREATE TABLE committee_assurance (
  committee_id TEXT NOT NULL,
  period       TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  objective_id TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('substantial', 'reasonable', 'partial', 'limited')),
  comment      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (committee_id, period, revision, position)
) WITHOUT ROWID;
CREATE TABLE committee_report_items (
  committee_id TEXT NOT NULL,
  period       TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  section      TEXT NOT NULL CHECK (section IN ('alert', 'advise', 'assure')),
  text         TEXT NOT NULL,
  PRIMARY KEY (committee_id, period, revision, position)
) WITHOUT ROWID;
CREATE TABLE delivery_targets (
  objective_id TEXT NOT NULL,
  target_id    TEXT NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  text         TEXT NOT NULL,
  due          TEXT NOT NULL,
  done         INTEGER NOT NULL CHECK (done IN (0, 1)),
  done_on      TEXT,
  load_id      INTEGER NOT NULL REFERENCES loads (load_id),
  source_line  INTEGER NOT NULL,
  PRIMARY KEY (objective_id, target_id, revision)
) WITHOUT ROWID;
CREATE TABLE process_changes (
  measure_id  TEXT NOT NULL,
  change_date TEXT NOT NULL,
  revision    INTEGER NOT NULL CHECK (revision >= 1),
  description TEXT NOT NULL,
  load_id     INTEGER NOT NULL REFERENCES loads (load_id),
  source_line INTEGER NOT NULL,
  PRIMARY KEY (measure_id, change_date, revision)
) WITHOUT ROWID;
CREATE TABLE period_states (
  period       TEXT NOT NULL,
  period_kind  TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  revision     INTEGER NOT NULL CHECK (revision >= 1),
  state        TEXT NOT NULL CHECK (state IN ('open', 'locked')),
  changed_at   TEXT NOT NULL,
  changed_by   TEXT NOT NULL,
  lock_load_id INTEGER NOT NULL DEFAULT 0,
  lock_today   TEXT,
  note         TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (period, period_kind, revision)
) WITHOUT ROWID;
CREATE TABLE benchmark_revisions (
  benchmark_key INTEGER NOT NULL,
  value         REAL,
  load_id       INTEGER NOT NULL,
  source_line   INTEGER NOT NULL,
  PRIMARY KEY (benchmark_key, load_id)
) WITHOUT ROWID;
CREATE TRIGGER benchmarks_keep_for_locked_periods
  BEFORE UPDATE OF value, load_id ON benchmarks
  WHEN EXISTS (SELECT 1 FROM period_states AS p
               WHERE p.state = 'locked' AND p.lock_load_id >= old.load_id
                 AND p.revision = (SELECT max(i.revision) FROM period_states AS i
                                   WHERE i.period = p.period AND i.period_kind = p.period_kind))
BEGIN
  INSERT OR REPLACE INTO benchmark_revisions (benchmark_key, value, load_id, source_line)
    VALUES (old.benchmark_key, old.value, old.load_id, old.source_line);
END;
)sql";

// Version 3: the web application's accounts, sessions, reviews and audit log
// (src/server; docs/server.md). The audit log is append-only: triggers refuse
// UPDATE and DELETE, and each entry carries the SHA-256 of the previous one.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE users (
  user_id       INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL,
  changed_at    TEXT NOT NULL
);
CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (user_id),
  role    TEXT NOT NULL,
  scope   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (user_id, role, scope)
) WITHOUT ROWID;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (user_id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE login_failures (
  name    TEXT NOT NULL,
  address TEXT NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX login_failures_by_name ON login_failures (name, at);
CREATE TABLE update_reviews (
  kind            TEXT NOT NULL CHECK (kind IN ('measure', 'objective')),
  object_id       TEXT NOT NULL,
  period          TEXT NOT NULL,
  review          INTEGER NOT NULL CHECK (review >= 1),
  update_revision INTEGER NOT NULL,
  decision        TEXT NOT NULL CHECK (decision IN ('accepted', 'returned')),
  assurance       TEXT NOT NULL DEFAULT '',
  comment         TEXT NOT NULL DEFAULT '',
  reviewed_by     TEXT NOT NULL,
  reviewed_at     TEXT NOT NULL,
  PRIMARY KEY (kind, object_id, period, review)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_name TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  period    TEXT NOT NULL,
  field     TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  address   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Version 4: the Board pack (src/server; docs/server.md, "The Board pack"):
// the Board papers made from a locked period's record, kept as generated
// (HTML, and PDF where Chromium printed it), and whether each is published.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE board_packs (
  period         TEXT NOT NULL,
  pack           INTEGER NOT NULL CHECK (pack >= 1),
  state_revision INTEGER NOT NULL,
  lock_load_id   INTEGER NOT NULL,
  generated_by   TEXT NOT NULL,
  generated_at   TEXT NOT NULL,
  published_by   TEXT NOT NULL DEFAULT '',
  published_at   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (period, pack)
) WITHOUT ROWID;
CREATE TABLE board_pack_files (
  period   TEXT NOT NULL,
  pack     INTEGER NOT NULL,
  document TEXT NOT NULL,
  format   TEXT NOT NULL CHECK (format IN ('html', 'pdf')),
  title    TEXT NOT NULL,
  content  BLOB NOT NULL,
  sha256   TEXT NOT NULL,
  PRIMARY KEY (period, pack, document, format),
  FOREIGN KEY (period, pack) REFERENCES board_packs (period, pack)
) WITHOUT ROWID;
CREATE TRIGGER board_pack_files_no_update BEFORE UPDATE ON board_pack_files
BEGIN SELECT RAISE(ABORT, 'a Board pack is kept as generated'); END;
)sql";

// Version 5: a value can be marked provisional (a publication's first
// release, revised later; shown as such on every chart and table).
constexpr const char* kVersion5 = R"sql(
ALTER TABLE observations ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0
  CHECK (provisional IN (0, 1));
)sql";

// Version 6: a benchmark keeps the peer's numerator and denominator where the
// publication gives them (docs/published-data.md), so a funnel plot can be
// drawn of a proportion among the peers. Kept revisions keep them too.
constexpr const char* kVersion6 = R"sql(
ALTER TABLE benchmarks ADD COLUMN numerator REAL;
ALTER TABLE benchmarks ADD COLUMN denominator REAL;
ALTER TABLE benchmark_revisions ADD COLUMN numerator REAL;
ALTER TABLE benchmark_revisions ADD COLUMN denominator REAL;
DROP TRIGGER benchmarks_keep_for_locked_periods;
CREATE TRIGGER benchmarks_keep_for_locked_periods
  BEFORE UPDATE OF value, numerator, denominator, load_id ON benchmarks
  WHEN EXISTS (SELECT 1 FROM period_states AS p
               WHERE p.state = 'locked' AND p.lock_load_id >= old.load_id
                 AND p.revision = (SELECT max(i.revision) FROM period_states AS i
                                   WHERE i.period = p.period AND i.period_kind = p.period_kind))
BEGIN
  INSERT OR REPLACE INTO benchmark_revisions
    (benchmark_key, value, load_id, source_line, numerator, denominator)
    VALUES (old.benchmark_key, old.value, old.load_id, old.source_line, old.numerator,
            old.denominator);
END;
DROP VIEW benchmark_values;
CREATE VIEW benchmark_values AS
  SELECT b.benchmark_key, i.name AS indicator, g.name AS peer_group,
         ((b.benchmark_key >> 22) & 131071) - 25567 AS period_start,
         (b.benchmark_key >> 19) & 7 AS period_kind,
         o.org_code, o.org_name, b.value, b.load_id, b.source_line, b.numerator, b.denominator
  FROM benchmarks AS b
  JOIN indicators AS i ON i.indicator_id = b.benchmark_key >> 47
  JOIN peer_groups AS g ON g.peer_group_id = (b.benchmark_key >> 39) & 255
  JOIN organisations AS o ON o.org_id = b.benchmark_key & 524287;
)sql";

constexpr std::array<Migration, 6> kMigrations = {{
    {1, "observations, commentary and benchmarks with provenance and revisions", kVersion1},
    {2, "updates, committee assurance, delivery targets, process changes, period states",
     kVersion2},
    {3, "web application: users, roles, sessions, login failures, update reviews, audit log",
     kVersion3},
    {4, "Board packs: the papers generated from a locked record, and their publication", kVersion4},
    {5, "observations: a provisional flag", kVersion5},
    {6, "benchmarks keep the peer's numerator and denominator (funnel plots)", kVersion6},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace barometer::measures::internal
