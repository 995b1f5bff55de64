import type { Node as PMNode } from "prosemirror-model";
import { documentSchema as s, newClauseId } from "../../../../collab/schema";
import { parseAmountCents } from "./amount";
import { ImportError, type SourceLocation } from "./import-error";
import type { SourceLine } from "./source-line";

/*
 * Budget import format (documented in docs/import-formats.md):
 *
 *   # Presupuestos Participativos 2027                       ← title (first line)
 *   Texto introductorio opcional…                           ← preamble paragraphs
 *   Código | Programa | Distrito | Descripción | Importe     ← optional header row
 *   C-01 | 1532 | Centro | Pavimentación calle Mayor | 120.000,00 €
 *   Total distrito | Centro | 120.000,00 €                  ← declared total of a district
 *   Total | 120.000,00 €                                    ← declared overall total
 *
 * Rows may be Markdown table rows, "a | b | c" lines or rows of a DOCX table. Districts appear
 * in the order of their first line. Every district and the whole budget must declare a total;
 * the lines are checked against them after parsing (validate-budget.ts).
 */

interface LineDraft {
  code: string;
  programme: string;
  description: string;
  amountCents: number;
}

interface DistrictDraft {
  name: string;
  lines: LineDraft[];
  declaredCents: number | null;
  at: SourceLocation;
}

const HEADER_FIRST_CELLS = new Set(["código", "codigo", "code", "codi"]);
const DISTRICT_TOTAL = /^total\s+(?:del\s+)?distrito$/i;
const OVERALL_TOTAL = /^total(?:\s+general|\s+del\s+presupuesto|\s+presupuesto)?$/i;

function amountOf(cell: string, at: SourceLocation): number {
  const cents = parseAmountCents(cell);
  if (cents === null) throw new ImportError("bad_amount", at, { value: cell.slice(0, 40) });
  return cents;
}

/** The one non-empty cell between the first and the last (the district name of a total row). */
function middleName(cells: string[]): string {
  return cells.slice(1, -1).find((c) => c !== "") ?? "";
}

/**
 * Parses the lines of a budget into a document of the shared schema (declared totals on the
 * budget and district nodes, one budget line per row) with fresh clause ids. Whether the
 * lines add up is checked separately. Throws ImportError naming the line; never anything else.
 */
export function parseBudget(lines: readonly SourceLine[]): PMNode {
  let title: string | null = null;
  const preamble: string[] = [];
  const districts = new Map<string, DistrictDraft>();
  let overall: number | null = null;
  let rowsStarted = false;
  let lastLocation: SourceLocation = { unit: "line", number: 1 };

  const district = (name: string, at: SourceLocation): DistrictDraft => {
    const key = name.toLocaleLowerCase("es");
    let found = districts.get(key);
    if (!found) {
      found = { name, lines: [], declaredCents: null, at };
      districts.set(key, found);
    }
    return found;
  };

  for (const line of lines) {
    const at = line.location;
    if (line.text.trim() === "" && !line.cells) continue;
    lastLocation = at;
    if (!line.cells) {
      if (title === null) title = line.text.trim();
      else if (rowsStarted) throw new ImportError("budget_text_after_lines", at);
      else preamble.push(line.text.trim());
      continue;
    }
    if (title === null) throw new ImportError("missing_title", at);
    const cells = line.cells;
    if (cells.every((c) => c === "")) continue;
    const first = (cells[0] ?? "").toLocaleLowerCase("es");
    if (HEADER_FIRST_CELLS.has(first)) continue;
    rowsStarted = true;
    if (DISTRICT_TOTAL.test(first)) {
      const name = middleName(cells);
      if (!name || cells.length < 3) throw new ImportError("bad_budget_row", at);
      const d = district(name, at);
      if (d.declaredCents !== null) throw new ImportError("duplicate_district_total", at, { district: name });
      d.declaredCents = amountOf(cells.at(-1) ?? "", at);
      continue;
    }
    if (OVERALL_TOTAL.test(first)) {
      if (cells.length < 2) throw new ImportError("bad_budget_row", at);
      if (overall !== null) throw new ImportError("duplicate_district_total", at, { district: "Total" });
      overall = amountOf(cells.at(-1) ?? "", at);
      continue;
    }
    if (cells.length !== 5) throw new ImportError("bad_budget_row", at);
    const [code = "", programme = "", name = "", description = "", amount = ""] = cells;
    if (!code || !name) throw new ImportError("bad_budget_row", at);
    district(name, at).lines.push({ code, programme, description, amountCents: amountOf(amount, at) });
  }

  if (title === null) throw new ImportError("empty_document", null);
  if (districts.size === 0) throw new ImportError("no_budget_lines", lastLocation);
  for (const d of districts.values()) {
    if (d.lines.length === 0) throw new ImportError("district_without_lines", d.at, { district: d.name });
    if (d.declaredCents === null) throw new ImportError("missing_district_total", lastLocation, { district: d.name });
  }
  if (overall === null) throw new ImportError("missing_total", lastLocation);

  const text = (value: string) => (value ? [s.text(value)] : []);
  const doc = s.nodes.doc.create(null, [
    s.nodes.title.create(null, text(title)),
    ...(preamble.length > 0 ? [s.nodes.preamble.create(null, preamble.map((p) => s.nodes.paragraph.create({ id: newClauseId() }, text(p))))] : []),
    s.nodes.budget.create(
      { id: newClauseId(), totalCents: overall, currency: "EUR" },
      [...districts.values()].map((d) =>
        s.nodes.budget_district.create(
          { id: newClauseId(), name: d.name, totalCents: d.declaredCents ?? 0 },
          d.lines.map((l) =>
            s.nodes.budget_line.create({ id: newClauseId(), code: l.code, programme: l.programme, amountCents: l.amountCents }, text(l.description)),
          ),
        ),
      ),
    ),
  ]);
  doc.check();
  return doc;
}
