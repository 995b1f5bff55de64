import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { makeStrict } from "../../db/tools/strict-migrations";

describe("database", () => {
  it("creates every table STRICT, with foreign keys and WAL on", () => {
    const { sqlite, close } = openDatabase(":memory:");
    const tables = sqlite
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
      .all() as Array<{ name: string; strict: number }>;
    expect(tables.length).toBeGreaterThan(5);
    for (const table of tables) expect(table, table.name).toMatchObject({ strict: 1 });
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    close();
  });

  it("refuses values of the wrong type (STRICT) and dangling references (foreign keys)", () => {
    const { sqlite, close } = openDatabase(":memory:");
    expect(() => sqlite.prepare("INSERT INTO users (email, name, password_hash, created_at) VALUES ('a@b.c', 'A', 'h', 'yesterday')").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => sqlite.prepare("INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('x', 999, 0, 1)").run()).toThrow(/FOREIGN KEY/);
    close();
  });

  it("makeStrict rewrites CREATE TABLE statements only, idempotently", () => {
    const input = "CREATE TABLE `a` (\n\t`x` integer\n);\n--> statement-breakpoint\nCREATE INDEX `i` ON `a` (`x`);";
    const once = makeStrict(input);
    expect(once).toContain(") STRICT;");
    expect(once).toContain("CREATE INDEX `i` ON `a` (`x`);");
    expect(makeStrict(once)).toBe(once);
  });

  // drizzle's migrator applies a migration only when its journal time is later than the newest
  // applied one; a migration merged in with an earlier time would be skipped on every database
  // that already exists (a council upgrading), while fresh databases hide the mistake.
  it("journals every migration file once, in order, with strictly increasing times", () => {
    const dir = new URL("../../db/migrations/", import.meta.url);
    const journal = JSON.parse(readFileSync(new URL("meta/_journal.json", dir), "utf8")) as { entries: Array<{ idx: number; when: number; tag: string }> };
    const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.startsWith(String(i).padStart(4, "0") + "_"), entry.tag).toBe(true);
      if (i > 0) expect(entry.when, entry.tag).toBeGreaterThan(journal.entries[i - 1]!.when);
    });
  });
});
