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
});
