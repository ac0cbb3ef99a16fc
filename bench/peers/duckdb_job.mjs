// The transition job in DuckDB (through its Node.js client), as an analyst
// would write it: read_csv, a LAG window over each entity's years (a
// missing year breaks the chain), GROUP BY, rows normalised with a window
// sum. Two threads (the machine has two cores).
//
// usage: node duckdb_job.mjs FILE
import { DuckDBInstance } from "@duckdb/node-api";

const file = process.argv[2];
if (!file || process.argv.length !== 3) {
  console.error("usage: node duckdb_job.mjs FILE");
  process.exit(64);
}
const quoted = "'" + file.replaceAll("'", "''") + "'";
const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await instance.connect();
const reader = await con.runAndReadAll(`
  WITH d AS (
    SELECT iso3, year, tier
    FROM read_csv(${quoted}, header = true,
                  types = {'iso3': 'VARCHAR', 'year': 'INTEGER', 'tier': 'VARCHAR'})
    WHERE tier IS NOT NULL
  ), pairs AS (
    SELECT lag(tier) OVER w AS prev_tier, tier,
           year - lag(year) OVER w AS dy
    FROM d
    WINDOW w AS (PARTITION BY iso3 ORDER BY year)
  )
  SELECT prev_tier AS "from", tier AS "to", count(*) AS n,
         count(*) / sum(count(*)) OVER (PARTITION BY prev_tier) AS p
  FROM pairs
  WHERE dy = 1
  GROUP BY prev_tier, tier
  ORDER BY 1, 2`);
const lines = ["from,to,count,probability"];
for (const [f, t, n, p] of reader.getRows()) lines.push(`${f},${t},${n},${p}`);
process.stdout.write(lines.join("\n") + "\n");
con.closeSync?.();
instance.closeSync?.();
