import { buildBudget, type BudgetOutline } from "../../../collab/schema";
import type { PhaseKind } from "../../schema";

/** The demo participatory budget's process data; phase windows in days relative to the seed time. */
export const BUDGET = {
  slug: "presupuestos-participativos-2027",
  kind: "budget" as const,
  title: "Presupuestos Participativos 2027",
  summary: "Reparto de 2 millones de euros entre los cuatro distritos.",
  department: "Área de Hacienda y Participación Ciudadana",
  changelog: "Propuesta inicial de reparto por distritos.",
  phases: [
    ["information", -10, 5],
    ["debate", -3, 20],
    ["amendments", 5, 25],
    ["final_vote", 30, 45],
    ["results", 45, 60],
    ["implementation", 60, 420],
  ] as Array<[PhaseKind, number, number]>,
};

const OUTLINE: BudgetOutline = {
  title: BUDGET.title,
  totalCents: 100_00,
  districts: [{ name: "Centro", totalCents: 100_00, lines: [{ code: "C-01", programme: "1532", description: "Pavimentación", amountCents: 100_00 }] }],
};

/** Builds the budget document (fresh clause ids each time). */
export function budgetDocument() {
  return buildBudget(OUTLINE);
}
