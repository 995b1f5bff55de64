import { and, eq, isNotNull, max, sql } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { organizations, outbox, phases, submissionAttachments, submissionClauses, submissions } from "../../../db/schema";
import { flattenClauses } from "../../../collab/schema/clauses";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import type { Locale } from "../../i18n/locales";
import { formatDateTime } from "../../i18n/format";
import { serverTranslator } from "../../i18n/translate";
import { assertCan } from "../../policies/can";
import { appendAudit } from "../audit";
import { toZonedLocal } from "../council-time";
import type { CurrentUser } from "../current-user";
import { loadVersion } from "../documents/versions";
import { isPhaseOpen, type PhaseWindow } from "../phases";
import { findVisibleProcess } from "../processes";
import { submissionHash, type CanonicalSubmission } from "./canonical";
import { formatRegistryNumber, type Registry } from "./registry";
import { safeFileName, sniffAttachmentType } from "./sniff";
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, type StagedUploads } from "./uploads";

/** Longest title, in characters. */
export const TITLE_MAX = 200;
/** Longest text, in characters. */
export const BODY_MAX = 20_000;
/** Most clauses one submission may concern. */
export const MAX_CLAUSES = 50;

/**
 * Submissions are filed only while the annotation (allegations) phase is open by server time —
 * for staff too, paper registrations included. 403 with code `phase_closed`.
 */
export class SubmissionsClosedError extends ForbiddenError {
  constructor(readonly endsAt: Date | null) {
    super("submission.file:phase_closed");
  }
}

/** An attachment refused for its content, naming the file (its name as the filer gave it). */
export class AttachmentRejectedError extends ValidationError {
  constructor(
    readonly fileName: string,
    readonly reason: "type" | "size" | "empty",
  ) {
    super({ attachments: [`submissions.error.attachment_${reason}`] });
  }
}

/** The phase window that allows filing, or null. */
export function filingWindow(phases: PhaseWindow[]): PhaseWindow | null {
  return phases.find((p) => p.kind === "annotation") ?? null;
}

/** Whether filing is open at `now` (the one answer the form, the API and paper registration use). */
export function isFilingOpen(phases: PhaseWindow[], now: Date): boolean {
  return isPhaseOpen(phases, "annotation", now);
}

/** In whose name a submission is filed. */
export type ActingFor = { kind: "self" } | { kind: "organization"; organizationId: number };

/** What the form and the API send (already shape-checked by the route's zod schema). */
export interface FilingInput {
  title: string;
  body: string;
  clauseIds: string[];
  actingFor: ActingFor;
  signedPublicly: boolean;
  /** The registry number of one's own submission this corrects. */
  corrects: string | null;
  uploads: StagedUploads;
}

/** Paper channel: what staff type from the paper form. */
export interface PaperFilingInput {
  title: string;
  body: string;
  clauseIds: string[];
  /** The person's or organization's name and contact details as written on paper. */
  filerName: string;
  filerContact: string;
  /** Filed in the name of a (registered) organization. */
  organizationId: number | null;
  signedPublicly: boolean;
  receivedAt: Date;
  uploads: StagedUploads;
}

/** A filed submission, as the receipt shows it. */
export interface FiledSubmission {
  id: number;
  number: string;
  filedAt: Date;
  contentHash: string;
  signature: string;
  keyId: string;
}

/** What the filing needs beside the database. */
export interface FilingDeps {
  db: Db;
  registry: Registry;
  /** Where the receipt mail links to (null: the mail goes without a link). */
  mailOrigin: string | null;
  /** Queue the receipt e-mail (default yes; the demo seed files without mailing anyone). */
  mailReceipt?: boolean;
  /**
   * Audit paper registrations (default yes). Only the demo seed turns it off: like the rest of
   * the seed, it sets up data and writes no staff actions that nobody took.
   */
  audit?: boolean;
}

function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

function checkText(title: string, body: string): void {
  const fields: Record<string, string[]> = {};
  if (title.length === 0) fields.title = ["submissions.error.titleRequired"];
  else if (title.length > TITLE_MAX) fields.title = ["submissions.error.titleTooLong"];
  if (body.length === 0) fields.body = ["submissions.error.bodyRequired"];
  else if (body.length > BODY_MAX) fields.body = ["submissions.error.bodyTooLong"];
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
}

/** The clause ids, checked against the version's clause tree (a clause of another process is refused). */
function checkClauses(clauseIds: string[], known: Set<string>): string[] {
  const unique = [...new Set(clauseIds)];
  if (unique.length > MAX_CLAUSES) throw new ValidationError({ clauses: ["submissions.error.tooManyClauses"] });
  if (unique.some((id) => !known.has(id))) throw new ValidationError({ clauses: ["submissions.error.clauseUnknown"] });
  return unique;
}

/** Sniffs every staged file; refuses the first that is empty, too large or of another type. */
async function checkAttachments(uploads: StagedUploads): Promise<CanonicalSubmission["attachments"]> {
  if (uploads.overflow || uploads.files.length > MAX_ATTACHMENTS) throw new ValidationError({ attachments: ["submissions.error.tooManyAttachments"] });
  const out: CanonicalSubmission["attachments"] = [];
  for (const file of uploads.files) {
    if (file.size === 0) throw new AttachmentRejectedError(file.fileName, "empty");
    if (file.size > MAX_ATTACHMENT_BYTES) throw new AttachmentRejectedError(file.fileName, "size");
    const mediaType = await sniffAttachmentType(file.path);
    if (!mediaType) throw new AttachmentRejectedError(file.fileName, "type");
    out.push({ name: safeFileName(file.fileName, mediaType), mediaType, size: file.size, sha256: file.sha256 });
  }
  return out;
}

/** The registry year of an instant: the calendar year on the council's clock. */
export function registryYear(at: Date): number {
  return Number(toZonedLocal(at).slice(0, 4));
}

interface Prepared {
  processId: number;
  versionId: number;
  canonical: CanonicalSubmission;
  row: {
    channel: "online" | "paper";
    filedBy: number;
    personId: number | null;
    organizationId: number | null;
    filerName: string;
    filerContact: string;
    signedPublicly: boolean;
    correctsId: number | null;
    receivedAt: Date | null;
  };
  mailTo: { email: string; locale: string } | null;
  audit: boolean;
}

/** The process, its latest version's clause ids, and the phase rule, shared by both channels. */
function openProcess(db: Db, actor: CurrentUser, slug: string, now: Date) {
  const process = findVisibleProcess(db, actor, slug, now);
  if (!process || process.latestVersion === null) throw new NotFoundError("process", slug);
  if (!isFilingOpen(process.phases, now)) throw new SubmissionsClosedError(filingWindow(process.phases)?.endsAt ?? null);
  const version = loadVersion(db, process.id, process.latestVersion);
  if (!version) throw new NotFoundError("version", process.latestVersion);
  return { process, version, clauseIds: new Set(flattenClauses(version.tree).map((c) => c.clause.id)) };
}

/**
 * Files a submission online (ADR 0016). Checks, in order: the person may file (403), the process
 * is visible (404) and its annotation phase open by server time (403 phase_closed), the
 * organization is one they represent (403), title, text and clauses (400), the correction is of
 * their own submission in this process (404/403), and every attachment by its sniffed content
 * (400 naming the file). Then it stores the files under their hash and, in one synchronous
 * transaction, takes the next number of the year, inserts the submission with its clauses and
 * attachments, signs the receipt and queues the receipt mail. Nothing is stored on any error.
 */
export async function fileSubmission(deps: FilingDeps, actor: CurrentUser | null, slug: string, input: FilingInput, now: () => Date): Promise<FiledSubmission> {
  assertCan(actor, "submission.file", null);
  const { db } = deps;
  const { process, version, clauseIds } = openProcess(db, actor, slug, now());
  let organization: { id: number; slug: string; name: string } | null = null;
  if (input.actingFor.kind === "organization") {
    const organizationId = input.actingFor.organizationId;
    assertCan(actor, "submission.fileOnBehalf", { organizationId });
    organization = actor.organizations.find((o) => o.id === organizationId) ?? null;
    if (!organization) throw new ForbiddenError("submission.fileOnBehalf");
  }
  const title = normaliseText(input.title);
  const body = normaliseText(input.body);
  checkText(title, body);
  const clauses = checkClauses(input.clauseIds, clauseIds);
  let corrects: { id: number; number: string } | null = null;
  if (input.corrects) {
    const original = db
      .select({ id: submissions.id, number: submissions.number, processId: submissions.processId, filedBy: submissions.filedBy, channel: submissions.channel, organizationId: submissions.organizationId })
      .from(submissions)
      .where(eq(submissions.number, input.corrects))
      .get();
    if (!original || original.processId !== process.id) throw new ValidationError({ corrects: ["submissions.error.correctsUnknown"] });
    assertCan(actor, "submission.amend", { filedBy: original.filedBy, channel: original.channel, organizationId: original.organizationId });
    corrects = { id: original.id, number: original.number };
  }
  const attachments = await checkAttachments(input.uploads);
  const filerName = organization ? organization.name : actor.name;
  const signedPublicly = organization !== null || input.signedPublicly;
  return commitFiling(deps, input.uploads, now, {
    processId: process.id,
    versionId: version.id,
    canonical: {
      format: "redacta-submission-v1",
      process: process.slug,
      version: version.number,
      channel: "online",
      filer: { kind: organization ? "organization" : "person", name: filerName, organization: organization?.slug ?? null },
      signedPublicly,
      title,
      body,
      clauses,
      corrects: corrects?.number ?? null,
      receivedAt: null,
      attachments,
    },
    row: {
      channel: "online",
      filedBy: actor.id,
      personId: organization ? null : actor.id,
      organizationId: organization?.id ?? null,
      filerName,
      filerContact: "",
      signedPublicly,
      correctsId: corrects?.id ?? null,
      receivedAt: null,
    },
    mailTo: { email: actor.email, locale: actor.locale },
    audit: false,
  });
}

/**
 * Registers a submission brought on paper (staff: submission.registerPaper), under the same phase
 * rule and from the same sequence, marked "paper", with the scanned document as an attachment;
 * audited in the same transaction.
 */
export async function registerPaperSubmission(deps: FilingDeps, actor: CurrentUser | null, slug: string, input: PaperFilingInput, now: () => Date): Promise<FiledSubmission> {
  assertCan(actor, "submission.registerPaper", null);
  const { db } = deps;
  const { process, version, clauseIds } = openProcess(db, actor, slug, now());
  const title = normaliseText(input.title);
  const body = normaliseText(input.body);
  checkText(title, body);
  const filerName = input.filerName.trim();
  if (filerName.length === 0 || filerName.length > 200) throw new ValidationError({ filerName: ["submissions.error.filerNameRequired"] });
  if (input.receivedAt.getTime() > now().getTime()) throw new ValidationError({ receivedAt: ["submissions.error.receivedInFuture"] });
  const clauses = checkClauses(input.clauseIds, clauseIds);
  let organization: { id: number; slug: string; name: string } | null = null;
  if (input.organizationId !== null) {
    // Only a verified organization: a pending or rejected application has no public name to file
    // under (its name would otherwise appear in the public register).
    organization =
      db
        .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
        .from(organizations)
        .where(and(eq(organizations.id, input.organizationId), isNotNull(organizations.verifiedAt)))
        .get() ?? null;
    if (!organization) throw new ValidationError({ organizationId: ["submissions.error.organizationUnknown"] });
  }
  const attachments = await checkAttachments(input.uploads);
  const signedPublicly = organization !== null || input.signedPublicly;
  return commitFiling(deps, input.uploads, now, {
    processId: process.id,
    versionId: version.id,
    canonical: {
      format: "redacta-submission-v1",
      process: process.slug,
      version: version.number,
      channel: "paper",
      filer: { kind: organization ? "organization" : "person", name: organization?.name ?? filerName, organization: organization?.slug ?? null },
      signedPublicly,
      title,
      body,
      clauses,
      corrects: null,
      receivedAt: input.receivedAt.toISOString(),
      attachments,
    },
    row: {
      channel: "paper",
      filedBy: actor.id,
      personId: null,
      organizationId: organization?.id ?? null,
      filerName: organization?.name ?? filerName,
      filerContact: input.filerContact.trim().slice(0, 500),
      signedPublicly,
      correctsId: null,
      receivedAt: input.receivedAt,
    },
    mailTo: null,
    audit: true,
  });
}

/** Stores the files, then numbers, inserts and signs in one synchronous transaction. */
function commitFiling(deps: FilingDeps, uploads: StagedUploads, now: () => Date, prepared: Prepared): FiledSubmission {
  const { db, registry } = deps;
  const hash = submissionHash(prepared.canonical);
  const created: string[] = [];
  for (const file of uploads.files) if (registry.store.commit(file.path, file.sha256)) created.push(file.sha256);
  try {
    return db.transaction(
      (tx) => {
        // Server time of filing, read once the body has arrived: a form opened before the deadline
        // but sent after it is refused here.
        const filedAt = now();
        const phases = findVisibleProcessPhases(tx, prepared.processId);
        if (!isFilingOpen(phases, filedAt)) throw new SubmissionsClosedError(filingWindow(phases)?.endsAt ?? null);
        const year = registryYear(filedAt);
        // Inside the write transaction (BEGIN IMMEDIATE): nobody else can take a number meanwhile,
        // and a crash rolls the row and its number back together, so the sequence has no gaps.
        const last = tx.select({ seq: max(submissions.registrySeq) }).from(submissions).where(eq(submissions.registryYear, year)).get()?.seq ?? 0;
        const seq = last + 1;
        const number = formatRegistryNumber(registry.prefix, year, seq);
        const signature = registry.key.sign({ number, filedAt: filedAt.toISOString(), hash });
        const row = tx
          .insert(submissions)
          .values({
            ...prepared.row,
            processId: prepared.processId,
            versionId: prepared.versionId,
            registryYear: year,
            registrySeq: seq,
            number,
            title: prepared.canonical.title,
            body: prepared.canonical.body,
            filedAt,
            contentHash: hash,
            signature,
            keyId: registry.key.keyId,
          })
          .returning({ id: submissions.id })
          .get();
        prepared.canonical.clauses.forEach((clauseId, position) => tx.insert(submissionClauses).values({ submissionId: row.id, clauseId, position }).run());
        prepared.canonical.attachments.forEach((a, position) =>
          tx.insert(submissionAttachments).values({ submissionId: row.id, position, sha256: a.sha256, fileName: a.name, mediaType: a.mediaType, size: a.size }).run(),
        );
        if (prepared.mailTo && deps.mailReceipt !== false) tx.insert(outbox).values(receiptMail(deps, prepared, { number, filedAt, hash })).run();
        if (prepared.audit && deps.audit !== false) {
          appendAudit(tx, { actorId: prepared.row.filedBy, action: "submission.registerPaper", targetType: "process", targetId: prepared.processId, detail: { number, hash } }, filedAt);
        }
        return { id: row.id, number, filedAt, contentHash: hash, signature, keyId: registry.key.keyId };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // Take back the files this filing added, unless another submission holds the same bytes.
    for (const sha of created) {
      const used = db.select({ n: sql<number>`count(*)` }).from(submissionAttachments).where(eq(submissionAttachments.sha256, sha)).get()?.n ?? 0;
      if (used === 0) registry.store.remove(sha);
    }
    throw error;
  }
}

function findVisibleProcessPhases(tx: Db, processId: number): PhaseWindow[] {
  return tx.select({ kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt }).from(phases).where(eq(phases.processId, processId)).all();
}

function receiptMail(deps: FilingDeps, prepared: Prepared, filed: { number: string; filedAt: Date; hash: string }) {
  const to = prepared.mailTo ?? { email: "", locale: "es" };
  const locale = (["es", "ca", "en", "fr"].includes(to.locale) ? to.locale : "es") as Locale;
  const t = serverTranslator(locale);
  const link = deps.mailOrigin ? `${deps.mailOrigin}/submissions/${filed.number}` : null;
  const lines = [
    t("mail.submissionReceipt.intro", { number: filed.number }),
    "",
    `${t("mail.submissionReceipt.title")}: ${prepared.canonical.title}`,
    `${t("mail.submissionReceipt.filer")}: ${prepared.canonical.filer.name}`,
    `${t("mail.submissionReceipt.time")}: ${formatDateTime(locale, filed.filedAt)}`,
    `${t("mail.submissionReceipt.hash")}: ${filed.hash}`,
    ...prepared.canonical.attachments.map((a) => `  - ${a.name} (${a.size} B) sha256:${a.sha256}`),
    "",
    ...(link ? [t("mail.submissionReceipt.link"), link] : []),
  ];
  return { recipient: to.email, subject: t("mail.submissionReceipt.subject", { number: filed.number }), body: lines.join("\n"), createdAt: filed.filedAt };
}
