import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../../bench/lib/generate-regulation";
import { maxFuzzyErrors } from "./confidence";
import { reanchor, type AnchoredAnnotation } from "./reanchor";
import { describeRange } from "./selectors";
import { editDistance } from "./similarity";

/**
 * Property: over random texts and random edit scripts, (1) whatever is reported carried or
 * moved-exact has exactly the old quote as its new text, and moved-fuzzy is within the fuzzy
 * threshold (of the longer of the old quote and its new text); (2) no annotation whose quote
 * was entirely deleted is ever anchored. Texts come from a small vocabulary so look-alikes
 * abound (the trap); inserted text uses a disjoint vocabulary (upper case), so a deleted quote
 * cannot be legitimately retyped and ground truth is exact; quotes hold at least one letter
 * (only spaces and the full stop are shared).
 */

const OLD_WORDS = "de la el en y a los del se las por un para con no una su al lo como más pero sus le ya o fue este ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ése eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros".split(" ").slice(0, 24);
const NEW_WORDS = "ALFA BETA GAMMA DELTA ÉPSILON ZETA ETA THETA 😀 IOTA KAPPA".split(" ");

interface Char {
  ch: string;
  id: number;
}

function words(rand: () => number, pool: readonly string[], n: number): string {
  return Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)] ?? "x").join(" ");
}

describe("reanchor property", () => {
  it("never anchors deleted quotes and never misreports a carried quote's text (300 random scripts)", () => {
    let anchored = 0;
    let deletedSeen = 0;
    for (let trial = 0; trial < 300; trial++) {
      const rand = seededRandom(1000 + trial);
      const oldText = `${words(rand, OLD_WORDS, 30 + Math.floor(rand() * 60))}.`;
      const doc: Char[] = [...oldText].map((ch, id) => ({ ch, id }));
      let nextId = doc.length;
      const edits = 1 + Math.floor(rand() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * (doc.length + 1));
        const kind = rand();
        if (kind < 0.45) {
          const del = 1 + Math.floor(rand() * 25);
          doc.splice(at, del);
        } else if (kind < 0.8) {
          const ins = [...` ${words(rand, NEW_WORDS, 1 + Math.floor(rand() * 4))} `].map((ch) => ({ ch, id: nextId++ }));
          doc.splice(at, 0, ...ins);
        } else {
          const del = 1 + Math.floor(rand() * 10);
          const ins = [...words(rand, NEW_WORDS, 1 + Math.floor(rand() * 3))].map((ch) => ({ ch, id: nextId++ }));
          doc.splice(at, del, ...ins);
        }
      }
      const newText = doc.map((c) => c.ch).join("");
      const positionOf = new Map(doc.map((c, i) => [c.id, i]));
      const oldChars = [...oldText];
      const annotations: AnchoredAnnotation[] = [];
      for (let q = 0; q < 12; q++) {
        const start = Math.floor(rand() * (oldChars.length - 1));
        const end = Math.min(oldChars.length, start + 1 + Math.floor(rand() * 40));
        // Readers select words: a quote of spaces alone could be "retyped" by any insertion.
        if (!/\p{L}/u.test(oldChars.slice(start, end).join(""))) continue;
        annotations.push({ id: `${start}:${end}`, target: { source: "v1", clauseId: "c", selector: describeRange(oldText, start, end) } });
      }
      const results = reanchor(annotations, { source: "v1", clauses: [{ id: "c", text: oldText }] }, { source: "v2", clauses: [{ id: "c", text: newText }] });
      results.forEach((r, i) => {
        const a = annotations[i] as AnchoredAnnotation;
        const { start, end } = a.target.selector[1];
        const quote = a.target.selector[0].exact;
        const survivors = Array.from({ length: end - start }, (_x, k) => positionOf.get(start + k)).filter((p) => p !== undefined);
        if (survivors.length === 0) {
          deletedSeen++;
          expect(r.status, `deleted quote "${quote}" (trial ${trial}) was anchored to "${r.status !== "orphaned" ? r.target.selector[0].exact : ""}"`).toBe("orphaned");
        }
        if (r.status === "orphaned") return;
        anchored++;
        const found = r.target.selector[0].exact;
        if (r.status === "carried" || r.match === "exact") expect(found).toBe(quote);
        // Within the fuzzy threshold of the longer text: of the old quote, or of the new span
        // when words were added inside the quote (an edit that adds words is measured on its result).
        else expect(editDistance(quote, found)).toBeLessThanOrEqual(Math.max(maxFuzzyErrors(quote), maxFuzzyErrors(found)));
      });
    }
    // The property must have been exercised both ways.
    expect(anchored).toBeGreaterThan(1000);
    expect(deletedSeen).toBeGreaterThan(50);
  });
});
