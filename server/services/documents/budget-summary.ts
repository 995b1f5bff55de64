import type { Clause } from "../../../collab/schema/clauses";

/** A district of a budget with its declared and computed totals. */
export interface DistrictSummary {
  id: string;
  name: string;
  anchor: string;
  declaredCents: number;
  linesCents: number;
  /** Whether the lines add up to the declared district total. */
  balanced: boolean;
  lines: Array<{ id: string; anchor: string; code: string; programme: string; description: string; amountCents: number }>;
}

/** The budget of a document, with the checks staff need before publishing. */
export interface BudgetSummary {
  id: string;
  currency: string;
  declaredCents: number;
  /** Sum of every line. */
  linesCents: number;
  /** Sum of the declared district totals. */
  districtsCents: number;
  districts: DistrictSummary[];
  /** Lines add up to each district, and districts to the declared total. */
  balanced: boolean;
}

/**
 * Totals of the budget in a clause tree (null when the document has no budget). Amounts are
 * integer cents, so sums are exact.
 */
export function summarizeBudget(tree: readonly Clause[]): BudgetSummary | null {
  const budget = tree.find((c) => c.kind === "budget");
  if (!budget) return null;
  const districts: DistrictSummary[] = budget.children
    .filter((d) => d.kind === "budget_district")
    .map((d) => {
      const lines = d.children
        .filter((l) => l.kind === "budget_line")
        .map((l) => ({
          id: l.id,
          anchor: l.anchor,
          code: l.code ?? l.number,
          programme: l.programme ?? "",
          description: l.text,
          amountCents: l.amountCents ?? 0,
        }));
      const linesCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
      const declaredCents = d.totalCents ?? 0;
      return { id: d.id, name: d.heading, anchor: d.anchor, declaredCents, linesCents, balanced: linesCents === declaredCents, lines };
    });
  const linesCents = districts.reduce((sum, d) => sum + d.linesCents, 0);
  const districtsCents = districts.reduce((sum, d) => sum + d.declaredCents, 0);
  const declaredCents = budget.totalCents ?? 0;
  return {
    id: budget.id,
    currency: budget.currency ?? "EUR",
    declaredCents,
    linesCents,
    districtsCents,
    districts,
    balanced: districts.every((d) => d.balanced) && linesCents === declaredCents && districtsCents === declaredCents,
  };
}
