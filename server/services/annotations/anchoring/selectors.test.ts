import { describe, expect, it } from "vitest";
import { codePointLength, toCodePointOffset, toUtf16Offset } from "./code-points";
import { CONTEXT_LENGTH, describeRange, verifySelector } from "./selectors";

describe("describeRange", () => {
  it("quotes the range with up to 32 code points of context on each side", () => {
    const text = "Artículo primero. ".repeat(4) + "Los vehículos de carga y descarga podrán estacionar." + " Fin.".repeat(10);
    const start = text.indexOf("vehículos");
    const [quote, position] = describeRange(text, start, start + "vehículos".length);
    expect(quote.exact).toBe("vehículos");
    expect(quote.prefix).toHaveLength(CONTEXT_LENGTH);
    expect(quote.suffix).toHaveLength(CONTEXT_LENGTH);
    expect(text.slice(start - CONTEXT_LENGTH, start)).toBe(quote.prefix);
    expect(position).toEqual({ type: "TextPositionSelector", start, end: start + 9 });
  });

  it("counts offsets in code points, so emoji take one position", () => {
    const text = "🚲🚲 Los ciclistas tienen prioridad 🚦 en los cruces";
    // In UTF-16 "ciclistas" starts at 9; in code points at 7.
    const [quote, position] = describeRange(text, 7, 16);
    expect(quote.exact).toBe("ciclistas");
    expect(quote.prefix).toBe("🚲🚲 Los ");
    expect(position).toMatchObject({ start: 7, end: 16 });
    const [emoji] = describeRange(text, 34, 35);
    expect(emoji.exact).toBe("🚦");
  });

  it.each([
    [5, 5, "empty"],
    [6, 2, "reversed"],
    [-1, 3, "negative"],
    [0, 99, "past the end"],
    [1.5, 3, "fractional"],
  ])("rejects %i–%i (%s) with a RangeError", (start, end) => {
    expect(() => describeRange("una frase corta", start, end)).toThrow(RangeError);
  });
});

describe("verifySelector", () => {
  const text = "El plazo es de 😀 diez días hábiles desde la notificación.";
  const good = describeRange(text, 17, 26);

  it("accepts selectors made from the same text", () => {
    expect(good[0].exact).toBe("diez días");
    expect(verifySelector(text, good)).toEqual({ ok: true });
  });

  it("accepts a selector without prefix and suffix (optional in W3C)", () => {
    expect(verifySelector(text, [{ ...good[0], prefix: "", suffix: "" }, good[1]])).toEqual({ ok: true });
  });

  it.each([
    ["exact-mismatch", [{ ...good[0], exact: "once días" }, good[1]]],
    ["exact-mismatch", [good[0], { ...good[1], start: 18, end: 27 }]],
    ["prefix-mismatch", [{ ...good[0], prefix: "plazo no es de 😀 " }, good[1]]],
    ["suffix-mismatch", [{ ...good[0], suffix: " naturales" }, good[1]]],
    ["out-of-range", [good[0], { ...good[1], start: 50, end: 90 }]],
    ["empty", [{ ...good[0], exact: "" }, { ...good[1], end: 17 }]],
  ] as const)("reports %s", (problem, selector) => {
    expect(verifySelector(text, [selector[0], selector[1]])).toEqual({ ok: false, problem });
  });
});

describe("code point offsets", () => {
  const text = "a😀b🚲c";
  it("converts both ways at the UI boundary", () => {
    expect(codePointLength(text)).toBe(5);
    expect([0, 1, 2, 3, 4, 5].map((cp) => toUtf16Offset(text, cp))).toEqual([0, 1, 3, 4, 6, 7]);
    expect([0, 1, 3, 4, 6, 7].map((u) => toCodePointOffset(text, u))).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it("refuses a UTF-16 offset inside a surrogate pair", () => {
    expect(() => toCodePointOffset(text, 2)).toThrow(/splits a surrogate pair/);
    expect(() => toUtf16Offset(text, 6)).toThrow(RangeError);
  });
});
