import type { Clause, InlineRun } from "../../../collab/schema/clauses";

/**
 * Markdown export of a version, in the shape the importer reads back: "## Capítulo I. …",
 * "### Artículo 1. Objeto", numbered paragraphs, "a)" list items, budget tables. Amounts are
 * written in Spanish, the language of the text.
 */

/** What the export needs besides the clause tree. */
export interface MarkdownInput {
  title: string;
  versionNumber: number;
  publishedAt: Date;
  contentHash: string;
  tree: readonly Clause[];
}

/** Escapes characters Markdown would read as syntax, so user text stays text. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/([\\`*_[\]<>|])/g, "\\$1")
      // A line that starts like a heading, quote, list or numbered item must not become one.
      .replace(/^(\s*)([#>+-])/gm, "$1\\$2")
      .replace(/^(\s*\d+)([.)])/gm, "$1\\$2")
  );
}

function inline(runs: readonly InlineRun[] | undefined, fallback: string): string {
  if (!runs) return escapeMarkdown(fallback);
  return runs
    .map((r) => {
      if ("break" in r) return "  \n";
      let out = escapeMarkdown(r.text);
      if (!out.trim()) return out;
      if (r.marks?.includes("em")) out = `*${out}*`;
      if (r.marks?.includes("strong")) out = `**${out}**`;
      return out;
    })
    .join("");
}

const euros = new Intl.NumberFormat("es-ES", { style: "currency", currency: "EUR" });

function money(cents: number, currency: string): string {
  if (currency === "EUR") return euros.format(cents / 100);
  return new Intl.NumberFormat("es-ES", { style: "currency", currency }).format(cents / 100);
}

function headingLine(level: number, clause: Clause): string {
  const heading = clause.heading ? ` ${escapeMarkdown(clause.heading)}` : "";
  return `${"#".repeat(level)} ${clause.label}.${heading}`;
}

function article(clause: Clause, out: string[]): void {
  out.push(headingLine(3, clause), "");
  const paragraphs = clause.children.filter((c) => c.kind === "paragraph").length;
  for (const child of clause.children) {
    if (child.kind === "paragraph") {
      const n = child.number.split(".").pop();
      out.push(paragraphs > 1 ? `${n}. ${inline(child.runs, child.text)}` : inline(child.runs, child.text), "");
    } else if (child.kind === "list") {
      for (const item of child.children) out.push(`   ${item.number} ${inline(item.runs, item.text)}`);
      out.push("");
    } else if (child.kind === "table") {
      const rows = child.rows ?? [];
      const width = Math.max(1, ...rows.map((r) => r.length));
      rows.forEach((row, i) => {
        const cells = Array.from({ length: width }, (_, c) => inline(row[c]?.runs, "").replace(/\n/g, " "));
        out.push(`| ${cells.join(" | ")} |`);
        if (i === 0) out.push(`|${" --- |".repeat(width)}`);
      });
      out.push("");
    }
  }
}

/** The Markdown text of one version. */
export function toMarkdown(input: MarkdownInput): string {
  const out: string[] = [`# ${escapeMarkdown(input.title)}`, ""];
  out.push(`<!-- Versión ${input.versionNumber}, publicada el ${input.publishedAt.toISOString().slice(0, 10)}; ${input.contentHash} -->`, "");
  for (const c of input.tree) {
    if (c.kind === "paragraph" && c.preamble) {
      out.push(inline(c.runs, c.text), "");
    } else if (c.kind === "chapter") {
      out.push(headingLine(2, c), "");
      for (const child of c.children) {
        if (child.kind === "section") {
          out.push(headingLine(3, child), "");
          for (const art of child.children) article(art, out);
        } else if (child.kind === "article") {
          article(child, out);
        }
      }
    } else if (c.kind === "article") {
      article(c, out);
    } else if (c.kind === "budget") {
      const currency = c.currency ?? "EUR";
      for (const district of c.children) {
        out.push(`## ${escapeMarkdown(district.heading || district.label)}`, "");
        out.push("| Código | Programa | Descripción | Importe |", "| --- | --- | --- | ---: |");
        let sum = 0;
        for (const line of district.children) {
          sum += line.amountCents ?? 0;
          out.push(`| ${escapeMarkdown(line.code ?? line.number)} | ${escapeMarkdown(line.programme ?? "")} | ${inline(line.runs, line.text).replace(/\n/g, " ")} | ${money(line.amountCents ?? 0, currency)} |`);
        }
        out.push(`| | | **Total ${escapeMarkdown(district.heading)}** | **${money(sum, currency)}** |`, "");
      }
      out.push(`**Total: ${money(c.totalCents ?? 0, currency)}**`, "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
