import { eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { processes } from "../../../db/schema";
import { findClause } from "../../../collab/schema/clauses";
import type { Locale } from "../../i18n/locales";
import { formatDateTime } from "../../i18n/format";
import { serverTranslator } from "../../i18n/translate";
import { loadVersion } from "../documents/versions";
import type { SubmissionView } from "./read";
import { renderReceiptPdf, type ReceiptDocument } from "./receipt-pdf";
import type { RegistryKey } from "./registry-key";

/** The label of each clause of a submission ("Artículo 7. Objeto"), from its version. */
export function clauseLabels(db: Db, submission: Pick<SubmissionView, "process" | "version" | "clauseIds">): Array<{ id: string; label: string; anchor: string | null }> {
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, submission.process.slug)).get()?.id;
  const version = processId !== undefined ? loadVersion(db, processId, submission.version) : null;
  return submission.clauseIds.map((id) => {
    const clause = version ? findClause(version.tree, id) : null;
    if (!clause) return { id, label: id, anchor: null };
    return { id, label: clause.heading ? `${clause.label}. ${clause.heading}` : clause.label, anchor: clause.anchor };
  });
}

/** The receipt of a filed submission, in the reader's language (the viewer must see it all). */
export function receiptDocument(db: Db, key: RegistryKey, submission: SubmissionView, locale: Locale, origin: string | null): ReceiptDocument {
  const t = serverTranslator(locale);
  const attachments = submission.attachments ?? [];
  // Whoever may see the whole submission sees its hash; a receipt without it would be no receipt.
  if (submission.contentHash === null || submission.signature === null) throw new Error(`The receipt of ${submission.number} needs a viewer who may see it all`);
  const { contentHash, signature } = submission;
  return {
    labels: {
      heading: t("submissions.receipt.heading"),
      number: t("submissions.receipt.number"),
      filedAt: t("submissions.receipt.filedAt"),
      hash: t("submissions.receipt.hash"),
      filer: t("submissions.receipt.filer"),
      process: t("submissions.receipt.process"),
      title: t("submissions.field.title"),
      clauses: t("submissions.field.clauses"),
      body: t("submissions.field.body"),
      attachments: t("submissions.field.attachments"),
      signature: t("submissions.receipt.signature"),
      keyId: t("submissions.receipt.keyId"),
      publicKey: t("submissions.receipt.publicKey"),
      channel: t("submissions.receipt.channel"),
      verifyAt: t("submissions.receipt.verifyAt"),
      none: t("submissions.receipt.none"),
    },
    number: submission.number,
    filedAtText: `${formatDateTime(locale, submission.filedAt)} (${submission.filedAt.toISOString()})`,
    channelText: t(`submissions.channel.${submission.channel}`),
    filer: submission.filerName ?? t("submissions.anonymous"),
    process: submission.process.title,
    title: submission.title,
    body: submission.body,
    clauses: clauseLabels(db, submission).map((c) => c.label),
    attachments: attachments.map((a) => ({ name: a.fileName, size: a.size, sha256: a.sha256 })),
    verifyUrl: origin ? `${origin}/submissions/verify?number=${encodeURIComponent(submission.number)}&hash=${encodeURIComponent(contentHash)}` : null,
    signed: {
      format: "redacta-receipt-v1",
      number: submission.number,
      filedAt: submission.filedAt.toISOString(),
      hash: contentHash,
      signature,
      keyId: key.keyId,
      publicKey: key.publicKeyPem,
      attachments: attachments.map((a) => ({ name: a.fileName, sha256: a.sha256 })),
    },
  };
}

/** The sealed PDF receipt of a submission. */
export function receiptPdf(db: Db, key: RegistryKey, submission: SubmissionView, locale: Locale, origin: string | null): Promise<Buffer> {
  return renderReceiptPdf(receiptDocument(db, key, submission, locale, origin), key);
}
