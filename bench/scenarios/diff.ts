import { diffWords } from "diff";
import { documentText } from "../../collab/schema/clauses";
import { documentSchema } from "../../collab/schema/document-schema";
import { diffDocuments } from "../../server/services/documents/diff";
import { editRegulation, generateRegulation } from "../lib/generate-regulation";
import { formatNumber } from "../lib/table";
import { measureInTurns, median, TIMING_HEADERS, timingRow } from "../lib/timing";
import type { BenchOptions, BenchResult, Scenario } from "../lib/types";

/** The budget for diffing two versions of a 300-article regulation. */
const BUDGET_MS = 200;

async function run(options: BenchOptions): Promise<BenchResult> {
  const v1 = generateRegulation({ seed: 20_270_101, articles: 300 });
  const v2 = editRegulation(v1, { seed: 20_270_102, editShare: 0.1, add: 6, remove: 4, move: 4 });
  // From stored JSON, as the API does without its cache: parse, number, match, word-diff.
  const json1 = JSON.stringify(v1.toJSON());
  const json2 = JSON.stringify(v2.toJSON());
  const subject = () => diffDocuments(documentSchema.nodeFromJSON(JSON.parse(json1)), documentSchema.nodeFromJSON(JSON.parse(json2)));
  const baseline = () => diffWords(documentText(v1), documentText(v2));
  const runs = Math.max(5, options.rounds * 10);
  options.log(`Warming up, then ${runs} runs of each…`);
  const [baselineMs = [], subjectMs = []] = measureInTurns([baseline, subject], runs, [subject, baseline]);
  const diff = subject();
  const s = diff.summary;
  const medSubject = median(subjectMs);
  const medBaseline = median(baselineMs);
  return {
    title: "Clause-level diff of two versions of a generated 300-article regulation",
    table: {
      headers: TIMING_HEADERS,
      rows: [timingRow("redacta diffDocuments (from JSON)", subjectMs, runs), timingRow("baseline: word diff of the whole text", baselineMs, runs)],
    },
    ratio: BUDGET_MS / medSubject,
    ratioLabel: `${BUDGET_MS} ms budget ÷ median diff time`,
    target: 1,
    notes: [
      `Changes found: ${s.modified} modified, ${s.added} added, ${s.removed} removed, ${s.moved} moved, ${s.renumbered} renumbered, ${s.unchanged} unchanged clauses.`,
      `The clause diff is ${formatNumber(medBaseline / medSubject, 1)}× faster than a plain word diff of the whole text (it word-diffs only clauses whose text changed), and also reports moves, renumbering and stable ids, which a text diff cannot.`,
      "The subject includes parsing both versions from their stored JSON and deriving both clause trees.",
    ],
  };
}

/** Diff speed for the 200 ms budget. */
const scenario: Scenario = {
  name: "diff",
  description: "Diff two versions of a generated 300-article regulation (~10% edited, some added/removed/moved); median must be ≤ 200 ms",
  run,
};

export default scenario;
