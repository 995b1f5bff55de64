import { describe, expect, it } from "vitest";
import { parseAmountCents } from "../../../server/services/documents/import/amount";
import { ImportError } from "../../../server/services/documents/import/import-error";
import { parseLines } from "../../../server/services/documents/import/import-document";
import { parseBudget } from "../../../server/services/documents/import/parse-budget";
import { markdownLines } from "../../../server/services/documents/import/source-line";
import { validateBudget } from "../../../server/services/documents/validate-budget";

const GOOD = `# Presupuestos 2027

Reparto por distritos.

| Código | Programa | Distrito | Descripción | Importe |
|---|---|---|---|---|
| C-01 | 1532 | Centro | Pavimentación | 12.500,00 € |
| C-02 | 1710 | Centro | Parque | 7.500 € |
| N-01 | 3420 | Norte | Pista | 1.000,50 € |
Total distrito | Centro | 20.000,00 €
Total distrito | Norte | 1.000,50 €
Total | 21.000,50 €
`;

describe("parseAmountCents", () => {
  it.each([
    ["12.500,00 €", 1_250_000],
    ["1.250.000 €", 125_000_000],
    ["12500", 1_250_000],
    ["12500,5", 1_250_050],
    ["EUR 300", 30_000],
    ["0,07 €", 7],
    ["12.500\u00a0€", 1_250_000],
  ])("%s → %i cents", (raw, cents) => {
    expect(parseAmountCents(raw)).toBe(cents);
  });
  it.each(["", "doce", "12,500.00", "1.2345", "-5", "12,345", "1.00.000"])("refuses %j", (raw) => {
    expect(parseAmountCents(raw)).toBeNull();
  });
});

describe("parseBudget", () => {
  it("reads districts, lines and declared totals", () => {
    const doc = parseBudget(markdownLines(GOOD));
    const budget = doc.lastChild;
    expect(budget?.type.name).toBe("budget");
    expect(budget?.attrs.totalCents).toBe(2_100_050);
    const districts: Array<{ name: unknown; total: unknown; lines: unknown[] }> = [];
    budget?.forEach((d) => {
      const lines: unknown[] = [];
      d.forEach((l) => lines.push([l.attrs.code, l.attrs.programme, l.textContent, l.attrs.amountCents]));
      districts.push({ name: d.attrs.name, total: d.attrs.totalCents, lines });
    });
    expect(districts).toEqual([
      { name: "Centro", total: 2_000_000, lines: [["C-01", "1532", "Pavimentación", 1_250_000], ["C-02", "1710", "Parque", 750_000]] },
      { name: "Norte", total: 100_050, lines: [["N-01", "3420", "Pista", 100_050]] },
    ]);
    expect(validateBudget(doc)).toEqual([]);
  });

  it("lists every total that does not add up", () => {
    const source = GOOD.replace("Total distrito | Norte | 1.000,50 €", "Total distrito | Norte | 900,00 €").replace("Total | 21.000,50 €", "Total | 25.000,00 €");
    let caught: unknown;
    try {
      parseLines("budget", markdownLines(source));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportError);
    const error = caught as ImportError;
    expect(error.code).toBe("budget_mismatch");
    expect(error.mismatches).toEqual([
      { scope: "district", district: "Norte", declaredCents: 90_000, actualCents: 100_050 },
      { scope: "overall", district: "", declaredCents: 2_500_000, actualCents: 2_100_050 },
    ]);
  });

  it.each([
    ["a row with the wrong number of columns", GOOD.replace("| N-01 | 3420 | Norte | Pista | 1.000,50 € |", "| N-01 | Norte | 1.000,50 € |"), "bad_budget_row", 9],
    ["an amount it cannot read", GOOD.replace("7.500 €", "siete mil"), "bad_amount", 8],
    ["a district without declared total", GOOD.replace("Total distrito | Norte | 1.000,50 €\n", ""), "missing_district_total", 11],
    ["no overall total", GOOD.replace("Total | 21.000,50 €\n", ""), "missing_total", 11],
  ])("refuses %s", (_name, source, code, line) => {
    try {
      parseBudget(markdownLines(source));
      throw new Error("expected an ImportError");
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).code).toBe(code);
      expect((error as ImportError).location?.number).toBe(line);
    }
  });
});
