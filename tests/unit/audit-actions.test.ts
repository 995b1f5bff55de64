import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { FLAG_TARGETS } from "../../db/schema";
import { LOCALES } from "../../server/i18n/locales";
import { messagesFor } from "../../server/i18n/translate";
import { AUDIT_ACTION_CODES, isAuditAction } from "../../server/services/audit-actions";

/**
 * Every action the code base writes with appendAudit is listed in audit-actions.ts and has a
 * sentence and a filter label in every language. The action codes are read from the sources
 * themselves, so a new appendAudit call with a new code fails here until it can be read.
 */

const ROOT = join(import.meta.dirname, "../..");
const SOURCE_DIRS = ["app", "server", "db", "collab"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The text of the argument list of the call starting at `open` (the index of its "("). */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new RangeError(`Unclosed call at ${open}`);
}

/** The expression after `action:` up to the next comma outside brackets. */
function actionExpression(args: string): string | null {
  const start = args.search(/\baction:\s*/);
  if (start < 0) return null;
  const from = start + (/\baction:\s*/.exec(args.slice(start))?.[0].length ?? 0);
  let depth = 0;
  for (let i = from; i < args.length; i++) {
    const c = args[i];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      if (depth === 0) return args.slice(from, i).trim();
      depth--;
    } else if (c === "," && depth === 0) return args.slice(from, i).trim();
  }
  return args.slice(from).trim();
}

/** The codes an `action:` expression can produce: literals, ternaries of literals, `${flag target}.x` templates. */
function codesOf(expression: string, where: string): string[] {
  const literals = [...expression.matchAll(/"([^"]*)"|`([^`]*)`/g)];
  if (literals.length === 0) throw new Error(`${where}: cannot read the audit action from \`${expression}\`: write it as a literal`);
  if (!expression.includes("?") && literals.length !== 1) throw new Error(`${where}: cannot read the audit action from \`${expression}\``);
  return literals.flatMap((m) => {
    if (m[1] !== undefined) return [m[1]];
    const template = m[2] ?? "";
    // Moderation writes `${targetType}.hide` for whatever can be flagged.
    return template.includes("${") ? FLAG_TARGETS.map((target) => template.replace(/\$\{[^}]*\}/g, target)) : [template];
  });
}

/** Every action code written anywhere outside the tests, with where. */
function writtenActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bappendAudit\(/g)) {
        const args = callArguments(text, (match.index ?? 0) + "appendAudit".length);
        const expression = actionExpression(args);
        // The definition itself (`export function appendAudit(db: Db, entry…`) names no action.
        if (expression === null) continue;
        const where = `${relative(ROOT, file)}:${text.slice(0, match.index).split("\n").length}`;
        for (const code of codesOf(expression, where)) found.set(code, where);
      }
    }
  }
  return found;
}

describe("audit action codes", () => {
  const written = writtenActions();

  it("finds the appendAudit calls in the sources", () => {
    // A scanner that found nothing would pass everything below.
    expect(written.size).toBeGreaterThan(20);
    expect(written.get("version.publish")).toMatch(/^server\/services\/documents\/publish-version\.ts:/);
    expect(written.has("comment.hide") && written.has("annotation.hide")).toBe(true);
  });

  it("lists every action written with appendAudit", () => {
    const unlisted = [...written].filter(([code]) => !isAuditAction(code)).map(([code, where]) => `${code} (${where})`);
    expect(unlisted).toEqual([]);
  });

  it("lists no action that nothing writes", () => {
    expect(AUDIT_ACTION_CODES.filter((code) => !written.has(code))).toEqual([]);
  });

  it.each(LOCALES)("%s has a sentence and a filter label for every action written", (locale) => {
    const messages = messagesFor(locale);
    const missing = [...new Set([...written.keys(), ...AUDIT_ACTION_CODES])].flatMap((code) =>
      [`admin.audit.sentence.${code}`, `admin.audit.action.${code}`].filter((key) => !messages[key]?.trim()),
    );
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)("%s sentences name the actor and use only the parts the page fills", (locale) => {
    const messages = messagesFor(locale);
    const parts = new Set(["actor", "target", "process", "version", "member", "role"]);
    for (const code of AUDIT_ACTION_CODES) {
      const sentence = messages[`admin.audit.sentence.${code}`] ?? "";
      const names = [...sentence.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
      expect(names, code).toContain("actor");
      expect(names, code).toContain("target");
      expect(names.filter((n) => !parts.has(n)), code).toEqual([]);
    }
  });
});
