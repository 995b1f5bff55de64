import { drizzle } from "drizzle-orm/better-sqlite3";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteCollabStore } from "../../db/collab-store";
import { openDatabase, type Database_, type Db } from "../../db/connection";
import * as schema from "../../db/schema";
import { amendmentAuthors, amendments, comments, documentVersions, users } from "../../db/schema";
import { BUDGET } from "../../db/seed/content/budget";
import { seedDemo } from "../../db/seed/demo";
import { amendmentDocumentName, encodeInitialState, storeInitialState } from "../../server/services/amendments";
import { loadCurrentUser, type CurrentUser } from "../../server/services/current-user";
import { budgetParticipation } from "../../server/services/documents/budget-participation";
import { summarizeBudget, type BudgetSummary } from "../../server/services/documents/budget-summary";
import { contentHash } from "../../server/services/documents/content-hash";
import { loadVersion } from "../../server/services/documents/versions";
import { findVisibleProcess, type ProcessSummary } from "../../server/services/processes";

/*
 * The budget page's counts are taken for the whole page at once: the number of queries does
 * not grow with the lines, comments or amendments (an N+1 here would fail this test), and the
 * counts are what each viewer may see.
 */

let database: Database_;
let queries: string[];
let logged: Db;
let process: ProcessSummary;
let budget: BudgetSummary;
let versionId: number;
let budgetId: string;

const as = (email: string): CurrentUser => {
  const id = database.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? 0;
  const user = loadCurrentUser(database.db, id);
  if (!user) throw new Error(email);
  return user;
};
const lineIds = () => budget.districts.flatMap((d) => d.lines.map((l) => l.id));
const baseAmounts = () => Object.fromEntries(budget.districts.flatMap((d) => d.lines.map((l) => [l.id, l.amountCents])));

function addComment(clauseId: string, hidden = false): void {
  database.db
    .insert(comments)
    .values({ processId: process.id, clauseId, versionId, depth: 0, authorId: as("verified@example.org").id, body: "¿Por qué?", createdAt: new Date(), hiddenAt: hidden ? new Date() : null, hiddenReason: hidden ? "Spam." : null })
    .run();
}

/** A budget amendment moving 1 € from line `from` to line `to`: submitted, or a draft whose live document holds the move. */
function addAmendment(from: string, to: string, status: "submitted" | "draft", author = "verified@example.org"): void {
  const amounts = baseAmounts();
  amounts[from] = (amounts[from] ?? 0) - 100;
  amounts[to] = (amounts[to] ?? 0) + 100;
  const authorId = as(author).id;
  const row = database.db
    .insert(amendments)
    .values({ processId: process.id, versionId, clauseId: budgetId, kind: "budget", status, justification: "Mover.", createdBy: authorId, createdAt: new Date(), ...(status === "submitted" ? { content: JSON.stringify({ amounts }), contentHash: "x", submittedAt: new Date() } : {}) })
    .returning({ id: amendments.id })
    .get();
  database.db.insert(amendmentAuthors).values({ amendmentId: row.id, userId: authorId, role: "author", joinedAt: new Date() }).run();
  if (status === "draft") storeInitialState(database.db, amendmentDocumentName(row.id), encodeInitialState({ wording: null, amounts }), new Date());
}

function measure(viewer: CurrentUser | null) {
  queries.length = 0;
  const result = budgetParticipation(logged, viewer, new SqliteCollabStore(logged), process, budget, 1, new Date());
  return { result, queries: queries.length };
}

beforeEach(async () => {
  database = openDatabase(":memory:");
  await seedDemo(database.db, { now: new Date(), hashPassword: async () => "x", contentHash });
  queries = [];
  logged = drizzle(database.sqlite, { schema, logger: { logQuery: (query) => queries.push(query) } });
  const found = findVisibleProcess(database.db, null, BUDGET.slug, new Date());
  if (!found) throw new Error("no demo budget");
  process = found;
  const version = loadVersion(database.db, process.id, 1);
  budget = summarizeBudget(version?.tree ?? []) as BudgetSummary;
  versionId = database.db.select({ id: documentVersions.id }).from(documentVersions).where(eq(documentVersions.processId, process.id)).get()?.id ?? 0;
  budgetId = version?.tree.find((c) => c.kind === "budget")?.id ?? "";
});

afterEach(() => {
  database.close();
});

describe("budgetParticipation", () => {
  it("counts what each viewer may see: hidden comments for moderators, drafts for their co-authors and staff", () => {
    const [a, b, c] = lineIds() as [string, string, string];
    addComment(a);
    addComment(a, true);
    addAmendment(b, a, "submitted");
    addAmendment(a, c, "draft", "resident@example.org");
    const anonymous = measure(null).result.lines;
    expect(anonymous[a]).toEqual({ comments: 1, amendments: 1 });
    expect(anonymous[c]).toEqual({ comments: 0, amendments: 0 });
    const coauthor = measure(as("resident@example.org")).result.lines;
    expect(coauthor[a]).toEqual({ comments: 1, amendments: 2 });
    expect(coauthor[c]?.amendments).toBe(1);
    expect(measure(as("verified@example.org")).result.lines[c]?.amendments).toBe(0);
    const moderator = measure(as("moderator@example.org")).result.lines;
    expect(moderator[a]).toEqual({ comments: 2, amendments: 2 });
    expect(Object.keys(anonymous)).toEqual(lineIds());
  });

  it("takes the same number of queries for one comment and amendment as for many (no query per line or amendment)", () => {
    const ids = lineIds();
    addComment(ids[0] as string);
    addAmendment(ids[1] as string, ids[0] as string, "submitted");
    addAmendment(ids[0] as string, ids[2] as string, "draft", "resident@example.org");
    const moderator = as("moderator@example.org");
    measure(moderator); // warms the version cache
    const few = measure(moderator).queries;
    for (const id of ids) addComment(id);
    for (let i = 0; i + 1 < ids.length; i += 2) {
      addAmendment(ids[i] as string, ids[i + 1] as string, "submitted");
      addAmendment(ids[i + 1] as string, ids[i] as string, "draft", "resident@example.org");
    }
    const many = measure(moderator);
    expect(many.queries).toBe(few);
    // comments, amendments, co-authorship, versions (+ cached content), drafts: snapshots and updates.
    expect(few).toBeLessThanOrEqual(8);
    expect(Object.values(many.result.lines).every((l) => l.comments >= 1 && l.amendments >= 1)).toBe(true);
  });
});
