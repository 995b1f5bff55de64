import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Case-insensitive "contains" on a text column. `instr` instead of LIKE so that `%` and `_`
 * typed by a person are matched literally rather than as wildcards. SQLite's lower() folds
 * ASCII only, so accented capitals match only in the case typed.
 */
export function containsText(column: SQLWrapper, needle: string): SQL {
  return sql`instr(lower(${column}), ${needle.toLowerCase()}) > 0`;
}
