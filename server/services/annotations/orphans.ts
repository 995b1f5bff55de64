import { and, asc, eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../../db/connection";
import { annotations, documentVersions, processes, type OrphanReasonCode } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { assertCan, can } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { loadVersion } from "../documents/versions";
import { versionText } from "./anchoring";

/** One open orphan on the latest version of its process, as the staff queue lists it. */
export interface OrphanRow {
  id: number;
  processSlug: string;
  processTitle: string;
  version: number;
  madeOnVersion: number;
  originalQuote: string;
  /** Null when the annotation is hidden and the reader may not read hidden bodies (annotation.viewHidden). */
  body: string | null;
  /** The public reason when moderation hid it (the queue shows it in the placeholder). */
  hidden: { reason: string } | null;
  reason: OrphanReasonCode | null;
}

/**
 * The staff orphan queue: open (unresolved) orphaned annotations whose current anchor is on the
 * latest version of their process (older versions' orphans were carried on or settled). Only
 * orphans the actor may see (content.view); a hidden one's body only for annotation.viewHidden.
 */
export function listOpenOrphans(db: Db, actor: CurrentUser | null): OrphanRow[] {
  assertCan(actor, "annotation.resolveOrphan", null);
  const seeHidden = can(actor, "annotation.viewHidden", null);
  const latest = new Map(
    db
      .select({ processId: documentVersions.processId, number: max(documentVersions.number) })
      .from(documentVersions)
      .groupBy(documentVersions.processId)
      .all()
      .map((r) => [r.processId, r.number]),
  );
  const current = alias(documentVersions, "current_version");
  const made = alias(documentVersions, "made_version");
  return db
    .select({
      id: annotations.id,
      processId: annotations.processId,
      processSlug: processes.slug,
      processTitle: processes.title,
      version: current.number,
      madeOnVersion: made.number,
      originalQuote: annotations.originalExact,
      body: annotations.body,
      hiddenAt: annotations.hiddenAt,
      hiddenReason: annotations.hiddenReason,
      processPublishedAt: processes.publishedAt,
      reason: annotations.orphanReason,
    })
    .from(annotations)
    .innerJoin(processes, eq(processes.id, annotations.processId))
    .innerJoin(current, eq(current.id, annotations.currentVersionId))
    .innerJoin(made, eq(made.id, annotations.versionId))
    .where(and(eq(annotations.carryStatus, "orphaned"), isNull(annotations.resolution), isNull(annotations.deletedAt)))
    .orderBy(asc(annotations.id))
    .all()
    .filter((r) => latest.get(r.processId) === r.version && can(actor, "content.view", { processPublishedAt: r.processPublishedAt }))
    .map(({ processId: _processId, processPublishedAt: _publishedAt, hiddenAt, hiddenReason, body, ...row }) => {
      const hidden = hiddenAt === null ? null : { reason: hiddenReason ?? "" };
      return { ...row, body: hidden && !seeHidden ? null : body, hidden };
    });
}

/** A word of a clause with code point offsets (what resolveOrphan takes). */
export interface ClauseWord {
  start: number;
  end: number;
  text: string;
}

/** The clauses of an orphan's current version, and the words of the chosen one, for re-attaching. */
export interface ReattachChoices {
  clauses: Array<{ id: string; text: string }>;
  words: ClauseWord[];
}

/** What staff pick from to re-attach an orphan: the current version's clauses and one clause's words. */
export function reattachChoices(db: Db, actor: CurrentUser | null, annotationId: number, clauseId: string | null): ReattachChoices {
  assertCan(actor, "annotation.resolveOrphan", null);
  const row = db
    .select({ processId: annotations.processId, number: documentVersions.number, processPublishedAt: processes.publishedAt })
    .from(annotations)
    .innerJoin(documentVersions, eq(documentVersions.id, annotations.currentVersionId))
    .innerJoin(processes, eq(processes.id, annotations.processId))
    .where(eq(annotations.id, annotationId))
    .get();
  if (!row || !can(actor, "content.view", { processPublishedAt: row.processPublishedAt })) throw new NotFoundError("annotation", annotationId);
  const version = loadVersion(db, row.processId, row.number);
  if (!version) throw new NotFoundError("version", row.number);
  const clauses = versionText(String(version.id), version.tree).clauses.filter((c) => c.text.trim() !== "");
  const chosen = clauseId === null ? undefined : clauses.find((c) => c.id === clauseId);
  const words: ClauseWord[] = [];
  if (chosen) {
    // Offsets in code points, as the anchoring selectors count them.
    const chars = Array.from(chosen.text);
    let i = 0;
    while (i < chars.length) {
      if (/\s/u.test(chars[i] ?? "")) {
        i++;
        continue;
      }
      const start = i;
      while (i < chars.length && !/\s/u.test(chars[i] ?? "")) i++;
      words.push({ start, end: i, text: chars.slice(start, i).join("") });
    }
  }
  return { clauses: clauses.map((c) => ({ id: c.id, text: c.text })), words };
}

/**
 * The staff orphan form, shared by the page and its action: close, or re-attach to a code point
 * range [start, end) of a clause of the current version (picked as a first and a last word).
 */
export const OrphanActionSchema = z
  .object({
    intent: z.enum(["close", "reattach"]),
    annotationId: z.coerce.number().int().positive(),
    clauseId: z.string().trim().max(200).optional(),
    start: z.coerce.number().int().min(0).optional(),
    end: z.coerce.number().int().min(0).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent !== "reattach") return;
    if (!value.clauseId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["clauseId"], message: "annotation.orphansAdmin.error.clause" });
    if (value.start === undefined || value.end === undefined || value.end <= value.start)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["end"], message: "annotation.orphansAdmin.error.range" });
  });
