import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, flattenClauses, type Clause } from "../../../../collab/schema/clauses";
import { ValidationError } from "../../../errors";
import type { MatchCorrections } from "./match-clauses";

/** Form field prefix of a manual pairing: `match.<imported unit id>` = old unit id or "new". */
export const MATCH_FIELD_PREFIX = "match.";
/** The value that makes an imported unit new (splits a wrong pair). */
export const MATCH_AS_NEW = "new";
/** At most this many corrections per request (one per unit of a very large document). */
export const MAX_CORRECTIONS = 5000;

const isUnit = (c: Clause) => c.kind === "article" || c.kind === "budget_line" || (c.kind === "paragraph" && c.preamble === true);

function units(doc: PMNode): Map<string, Clause> {
  return new Map(
    flattenClauses(clauseTree(doc))
      .filter((f) => isUnit(f.clause))
      .map((f) => [f.clause.id, f.clause]),
  );
}

/**
 * Reads and checks the editor's manual pairings (the confirm form's `match.*` fields). The
 * imported id must be a unit of the imported document, the old id a unit of the latest
 * version of the same kind (an article with an article of the same type, a budget line with a
 * budget line), and no old unit may be paired twice. Any failure is a ValidationError on the
 * "corrections" field (a 400), so a hostile form cannot attach one clause's history to two.
 */
export function parseCorrections(fields: Iterable<[string, string]>, oldDoc: PMNode, newDoc: PMNode): MatchCorrections {
  const oldUnits = units(oldDoc);
  const newUnits = units(newDoc);
  const out = new Map<string, string | null>();
  const usedOld = new Set<string>();
  const fail = (reason: string): never => {
    throw new ValidationError({ corrections: [`processAdmin.import.match.errors.${reason}`] });
  };
  for (const [name, value] of fields) {
    if (!name.startsWith(MATCH_FIELD_PREFIX)) continue;
    if (out.size >= MAX_CORRECTIONS) fail("tooMany");
    const newId = name.slice(MATCH_FIELD_PREFIX.length);
    const imported = newUnits.get(newId);
    if (!imported) fail("unknownImported");
    if (out.has(newId)) fail("duplicateImported");
    if (value === MATCH_AS_NEW) {
      out.set(newId, null);
      continue;
    }
    const old = oldUnits.get(value);
    if (!old) fail("unknownOld");
    if (old?.kind !== imported?.kind || old?.articleType !== imported?.articleType || old?.preamble !== imported?.preamble) fail("kindMismatch");
    if (usedOld.has(value)) fail("oldPairedTwice");
    usedOld.add(value);
    out.set(newId, value);
  }
  return out;
}
