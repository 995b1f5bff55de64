import { describe, expect, it } from "vitest";
import { groupRanges, trimRange, wordsOf } from "../../app/components/annotations/text-dom";

/** The pure parts of the reading page's annotation layer (the DOM parts are covered end to end). */
describe("annotation layer text helpers", () => {
  it("merges overlapping ranges into one group and keeps touching ones apart", () => {
    const groups = groupRanges([
      { key: "a", start: 10, end: 20 },
      { key: "b", start: 15, end: 30 },
      { key: "c", start: 30, end: 35 },
      { key: "d", start: 0, end: 5 },
    ]);
    expect(groups).toEqual([
      { start: 0, end: 5, keys: ["d"] },
      { start: 10, end: 30, keys: ["a", "b"] },
      { start: 30, end: 35, keys: ["c"] },
    ]);
  });

  it("a range inside another joins its group", () => {
    expect(groupRanges([{ key: 1, start: 0, end: 50 }, { key: 2, start: 10, end: 12 }])).toEqual([{ start: 0, end: 50, keys: [1, 2] }]);
  });

  it("trims the whitespace a double click or drag leaves at the ends", () => {
    const text = "La  movilidad de\nlas personas ";
    expect(trimRange(text, 2, 16)).toEqual({ start: 4, end: 16 });
    expect(trimRange(text, 28, 30)).toEqual({ start: 28, end: 29 });
    // Only whitespace selected: an empty range, which the layer ignores.
    const blank = trimRange(text, 29, 30);
    expect(blank.end - blank.start).toBe(0);
  });

  it("lists words with UTF-16 offsets, emoji included", () => {
    const text = "Carril 🚲 bici\nsegregado";
    const words = wordsOf(text);
    expect(words.map((w) => w.text)).toEqual(["Carril", "🚲", "bici", "segregado"]);
    for (const w of words) expect(text.slice(w.start, w.end)).toBe(w.text);
  });
});
