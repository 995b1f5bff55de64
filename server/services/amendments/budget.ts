import type { Clause } from "../../../collab/schema/clauses";
import { ValidationError } from "../../errors";

/**
 * Budget amendments move money between the lines of a budget. They are valid only if every
 * district keeps its total and the budget its overall total (and at least one line changes);
 * the editor shows the same status live, but this server-side check on submit is the rule.
 */

/** One line of the budget as the amendment pages and the editor show it. */
export interface BudgetLine {
  id: string;
  code: string;
  programme: string;
  /** The district's name. */
  district: string;
  /** The district's clause id. */
  districtId: string;
  text: string;
  amountCents: number;
}

/** The lines of a budget clause, in document order. */
export function budgetLines(budget: Clause): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const district of budget.children) {
    if (district.kind !== "budget_district") continue;
    for (const line of district.children) {
      if (line.kind !== "budget_line") continue;
      lines.push({
        id: line.id,
        code: line.code ?? line.number,
        programme: line.programme ?? "",
        district: district.heading || district.label,
        districtId: district.id,
        text: line.text,
        amountCents: line.amountCents ?? 0,
      });
    }
  }
  return lines;
}

/** Line id → current amount, the starting point of a budget amendment. */
export function baseAmounts(lines: readonly BudgetLine[]): Record<string, number> {
  return Object.fromEntries(lines.map((l) => [l.id, l.amountCents]));
}

/**
 * Checks proposed amounts against the budget and returns them normalised (every line, in
 * document order). Throws ValidationError with field `amounts` and one of:
 * amountInvalid (missing line, unknown line, not a non-negative integer of cents),
 * districtTotalChanged, totalChanged, amountsUnchanged.
 */
export function validateBudgetMove(lines: readonly BudgetLine[], proposed: Record<string, unknown>): Record<string, number> {
  const known = new Set(lines.map((l) => l.id));
  const out: Record<string, number> = {};
  for (const line of lines) {
    const value = proposed[line.id];
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new ValidationError({ amounts: ["amendments.error.amountInvalid"] });
    out[line.id] = value;
  }
  if (Object.keys(proposed).some((key) => !known.has(key))) throw new ValidationError({ amounts: ["amendments.error.amountInvalid"] });

  const totals = (pick: (line: BudgetLine) => number) => {
    const byDistrict = new Map<string, number>();
    let overall = 0;
    for (const line of lines) {
      byDistrict.set(line.districtId, (byDistrict.get(line.districtId) ?? 0) + pick(line));
      overall += pick(line);
    }
    return { byDistrict, overall };
  };
  const before = totals((l) => l.amountCents);
  const after = totals((l) => out[l.id] ?? 0);
  for (const [district, total] of before.byDistrict) {
    if (after.byDistrict.get(district) !== total) throw new ValidationError({ amounts: ["amendments.error.districtTotalChanged"] });
  }
  if (after.overall !== before.overall) throw new ValidationError({ amounts: ["amendments.error.totalChanged"] });
  if (lines.every((l) => out[l.id] === l.amountCents)) throw new ValidationError({ amounts: ["amendments.error.amountsUnchanged"] });
  return out;
}
