import type { Node as PMNode } from "prosemirror-model";
import type { BudgetMismatch } from "./import/import-error";

export type { BudgetMismatch } from "./import/import-error";

function cents(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/**
 * Checks that a budget document adds up: the lines of each district sum to the district's
 * declared total, and the district totals sum to the budget's declared total. Returns every
 * mismatch (empty when the budget is consistent or the document has no budget). Integer
 * cents throughout, so there is no rounding to argue about.
 */
export function validateBudget(doc: PMNode): BudgetMismatch[] {
  const mismatches: BudgetMismatch[] = [];
  doc.forEach((node) => {
    if (node.type.name !== "budget") return;
    let linesTotal = 0;
    node.forEach((district) => {
      let sum = 0;
      district.forEach((line) => {
        sum += cents(line.attrs.amountCents);
      });
      linesTotal += sum;
      const declared = cents(district.attrs.totalCents);
      if (declared !== sum) {
        mismatches.push({ scope: "district", district: String(district.attrs.name ?? ""), declaredCents: declared, actualCents: sum });
      }
    });
    const declared = cents(node.attrs.totalCents);
    if (declared !== linesTotal) mismatches.push({ scope: "overall", district: "", declaredCents: declared, actualCents: linesTotal });
  });
  return mismatches;
}
