import { flattenClauses } from "../../../collab/schema/clauses";
import type { Db } from "../../../db/connection";
import { amendmentAuthors, amendments, AMENDMENT_KINDS, type AmendmentKind } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { baseAmounts, budgetLines } from "./budget";
import {
  AmendmentsClosedError,
  amendmentDocumentName,
  assertJustification,
  findAmendmentRow,
  isAmendmentPhaseOpen,
  loadClauseContext,
  type AmendmentContext,
} from "./common";
import { encodeInitialState, storeInitialState, type InitialAmendmentState } from "./initial-state";
import { articleWording, newArticleWording } from "./wording";
import type { ArticleJSON } from "./wording-diff";

/** What a person sends to start an amendment. */
export interface StartAmendmentInput {
  slug: string;
  /** The article it modifies, deletes or adds after; or the budget node's id. */
  clauseId: string;
  kind: AmendmentKind;
  justification: string;
  /** File it on behalf of this organization (the actor must represent it). */
  organizationId?: number | null;
  /** The submitted amendment this one amends further (its wording starts as the parent's). */
  parentId?: number | null;
}

/**
 * The kinds a clause takes: an article (or provision) is modified, deleted or has a new article
 * added after it; a budget is amended by moving money ("budget"). Any other clause (a chapter,
 * a paragraph) is not amended on its own: its article is. ValidationError otherwise.
 */
function assertKindFits(context: AmendmentContext, kind: AmendmentKind): void {
  if (!AMENDMENT_KINDS.includes(kind)) throw new ValidationError({ kind: ["amendments.error.kindRequired"] });
  const clauseKind = context.clause.kind;
  if (clauseKind !== "article" && clauseKind !== "budget") throw new ValidationError({ clauseId: ["amendments.error.notAmendable"] });
  if ((clauseKind === "budget") !== (kind === "budget")) throw new ValidationError({ kind: ["amendments.error.kindNotForClause"] });
}

/**
 * A budget line is amended through its budget: "propose a change" on a line starts a budget
 * amendment (money moves between lines, every district keeping its total), stored on the budget
 * node; the line's page lists it once it proposes a different amount for the line.
 */
function throughBudget(context: AmendmentContext): AmendmentContext {
  if (context.clause.kind !== "budget_line") return context;
  const budget = flattenClauses(context.version.tree).find((f) => f.clause.kind === "budget")?.clause;
  return budget ? { ...context, clause: budget } : context;
}

/** The starting state of a new amendment's document. */
function initialState(context: AmendmentContext, kind: AmendmentKind, parentContent: string | null | undefined): InitialAmendmentState {
  if (parentContent !== undefined) {
    // Amending further starts from exactly what the parent froze.
    if (parentContent === null) return { wording: null };
    const frozen = JSON.parse(parentContent) as ArticleJSON & { amounts?: Record<string, number> };
    return kind === "budget" ? { wording: null, amounts: frozen.amounts ?? {} } : { wording: frozen };
  }
  switch (kind) {
    case "modify":
      return { wording: articleWording(context.version.doc, context.clause.id) };
    case "add":
      return { wording: newArticleWording(context.version.doc, context.clause.id) };
    case "delete":
      return { wording: null };
    case "budget":
      return { wording: null, amounts: baseAmounts(budgetLines(context.clause)) };
  }
}

/**
 * Starts a draft amendment and its collaborative document. Checks, in order: the actor may
 * start one (signed in, not blocked), the process and clause exist in the latest published
 * version (404; a budget line stands for its budget, see throughBudget), the amendments phase is open by server time (403, staff included), the kind
 * fits the clause (400), a justification of 1..5000 code points (400), "on behalf of" only an
 * organization the actor represents (403), and a parent only if submitted, on the same clause,
 * of the same kind (400). The amendment, its starter as author, the document's initial Yjs state
 * and the audit entry are written in one transaction.
 */
export function startAmendment(db: Db, actor: CurrentUser | null, input: StartAmendmentInput, now: Date): { id: number } {
  assertCan(actor, "amendment.create", null);
  const context = throughBudget(loadClauseContext(db, actor, input.slug, input.clauseId, now));
  if (!isAmendmentPhaseOpen(context.process.phases, now)) throw new AmendmentsClosedError("amendment.create");
  assertKindFits(context, input.kind);
  assertJustification(input.justification);
  const organizationId = input.organizationId ?? null;
  if (organizationId !== null) assertCan(actor, "amendment.onBehalf", { organizationId });

  let parentContent: string | null | undefined;
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = (() => {
      try {
        return findAmendmentRow(db, parentId);
      } catch (error) {
        if (error instanceof NotFoundError) throw new ValidationError({ parentId: ["amendments.error.parentUnknown"] });
        throw error;
      }
    })();
    // Drafts are private and withdrawn amendments are closed: only a submitted one is built upon.
    if (parent.status !== "submitted") throw new ValidationError({ parentId: ["amendments.error.parentNotSubmitted"] });
    if (parent.processId !== context.process.id || parent.clauseId !== context.clause.id || parent.kind !== input.kind) {
      throw new ValidationError({ parentId: ["amendments.error.parentMismatch"] });
    }
    parentContent = parent.content;
  }

  const state = encodeInitialState(initialState(context, input.kind, parentContent));
  return db.transaction((tx) => {
    const row = tx
      .insert(amendments)
      .values({
        processId: context.process.id,
        versionId: context.version.id,
        clauseId: context.clause.id,
        kind: input.kind,
        status: "draft",
        justification: input.justification,
        parentId,
        organizationId,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning({ id: amendments.id })
      .get();
    tx.insert(amendmentAuthors).values({ amendmentId: row.id, userId: actor.id, role: "author", joinedAt: now }).run();
    storeInitialState(tx, amendmentDocumentName(row.id), state, now);
    appendAudit(
      tx,
      { actorId: actor.id, action: "amendment.start", targetType: "amendment", targetId: row.id, detail: { kind: input.kind, clauseId: context.clause.id, parentId, organizationId } },
      now,
    );
    return { id: row.id };
  });
}
