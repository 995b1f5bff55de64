/**
 * drizzle-kit cannot declare STRICT tables, so after `drizzle-kit generate` this rewrites every
 * `CREATE TABLE … );` in db/migrations to `… ) STRICT;`. Idempotent; run by `npm run db:generate`.
 * A test asserts that every table of a migrated database is strict, so a forgotten run fails CI.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = new URL("../migrations", import.meta.url).pathname;

/** Adds STRICT to each CREATE TABLE statement of one migration's SQL. */
export function makeStrict(sqlText: string): string {
  return sqlText
    .split("--> statement-breakpoint")
    .map((statement) =>
      /^\s*CREATE TABLE/i.test(statement) && !/\)\s*STRICT\s*;\s*$/i.test(statement)
        ? statement.replace(/\)\s*;(\s*)$/, ") STRICT;$1")
        : statement,
    )
    .join("--> statement-breakpoint");
}

for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql"))) {
  const path = join(dir, file);
  const before = readFileSync(path, "utf8");
  const after = makeStrict(before);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`strict: ${file}`);
  }
}
