// DuckDB (2 threads) on a barometer extract: load the four CSVs into tables,
// then the aggregation workload comparable to `barometer population
// indicators` (registered people at 30 June, deaths by cause group, births,
// emergency admissions and A&E attendances, by year, sex, age band and IMD
// decile). Prints "load_s suite_s" (seconds, wall) on the last line.
//   node bench/duckdb_compare.mjs EXTRACT_DIR NODE_PREFIX [threads]
import { createRequire } from 'node:module';

const [dir, prefix, threads = '2'] = process.argv.slice(2);
const require = createRequire(prefix.replace(/\/?$/, '/'));
const { DuckDBInstance } = require('@duckdb/node-api');

const instance = await DuckDBInstance.create(':memory:', { threads });
const con = await instance.connect();
const t0 = performance.now();
for (const name of ['persons', 'conditions', 'activity', 'areas']) {
  await con.run(
    `CREATE TABLE ${name} AS SELECT * FROM read_csv('${dir}/${name}.csv', header = true, all_varchar = false)`);
}
const t1 = performance.now();
const years = 'SELECT range AS y FROM range(2015, 2026)';
const queries = [
  // Registered and alive at 30 June, by year, sex, 5-year band, decile.
  `SELECT y, p.sex, LEAST(90, (y - p.birth_year) // 5 * 5) AS band, a.imd_decile, count(*) AS n
     FROM persons p CROSS JOIN (${years}) ys LEFT JOIN areas a ON a.lsoa = p.lsoa
    WHERE p.registered_from <= make_date(y::INT, 6, 30)
      AND (p.registered_to IS NULL OR p.registered_to >= make_date(y::INT, 6, 30))
      AND (p.date_of_death IS NULL OR p.date_of_death > make_date(y::INT, 6, 30))
    GROUP BY ALL`,
  // Deaths by year, sex, band, decile and cause group.
  `SELECT year(p.date_of_death) AS y, p.sex, LEAST(90, (year(p.date_of_death) - p.birth_year) // 5 * 5) AS band,
          a.imd_decile, left(p.cause_of_death, 1) AS chapter, count(*) AS n
     FROM persons p LEFT JOIN areas a ON a.lsoa = p.lsoa
    WHERE p.date_of_death IS NOT NULL GROUP BY ALL`,
  // Births by year, sex, decile.
  `SELECT p.birth_year, p.sex, a.imd_decile, count(*) FROM persons p LEFT JOIN areas a ON a.lsoa = p.lsoa GROUP BY ALL`,
  // Emergency admissions and A&E: events and per-person squares by year, sex, band, decile.
  `WITH e AS (
     SELECT x.person_id, x.setting, year(x.start_date) AS y, p.sex,
            LEAST(90, (year(x.start_date) - p.birth_year) // 5 * 5) AS band, a.imd_decile
       FROM activity x JOIN persons p ON p.person_id = x.person_id LEFT JOIN areas a ON a.lsoa = p.lsoa
      WHERE x.setting IN ('emergency_admission', 'ae')
        AND x.start_date >= p.registered_from AND (p.registered_to IS NULL OR x.start_date <= p.registered_to)),
   per AS (SELECT setting, y, sex, band, imd_decile, person_id, count(*) AS k FROM e GROUP BY ALL)
   SELECT setting, y, sex, band, imd_decile, sum(k) AS events, sum(k * k) AS squares FROM per GROUP BY ALL`,
  // People with each long-term condition code (prevalence denominators).
  `SELECT code_system, code, count(DISTINCT person_id) FROM conditions GROUP BY ALL`,
];
let rows = 0;
for (const q of queries) {
  const r = await con.runAndReadAll(q);
  rows += r.getRows().length;
}
const t2 = performance.now();
console.error(`duckdb: ${rows} result rows`);
console.log(`${((t1 - t0) / 1000).toFixed(2)} ${((t2 - t1) / 1000).toFixed(2)}`);
