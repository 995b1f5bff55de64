import { createPublicKey } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { RECEIPT_SUBJECT_PREFIX, sealHolds, type ReceiptJson } from "./receipt-pdf";
import { keyIdOf, verifyReceiptSignature } from "./registry-key";

/** What the offline verifier concluded about one receipt file. */
export interface OfflineVerdict {
  ok: boolean;
  receipt: ReceiptJson | null;
  /** Each failed check, in English (the CLI prints them). */
  problems: string[];
  /** Whether the key was given by the operator (true) or only taken from the PDF itself. */
  keyPinned: boolean;
}

function samePublicKey(a: string, b: string): boolean {
  try {
    return keyIdOf(createPublicKey(a)) === keyIdOf(createPublicKey(b));
  } catch {
    // An unreadable key matches nothing.
    return false;
  }
}

/**
 * Verifies a PDF receipt without the server (ADR 0016): the seal over every byte of the file,
 * the receipt JSON in the PDF's Subject, and the signature over (number, time, hash) — all under
 * `trustedKeyPem` (the council's published key) when given, else under the key the PDF carries
 * (which proves integrity, not origin: `keyPinned` says which).
 */
export async function verifyReceiptFile(file: Buffer, trustedKeyPem: string | null): Promise<OfflineVerdict> {
  const problems: string[] = [];
  let receipt: ReceiptJson | null = null;
  try {
    const pdf = await PDFDocument.load(file, { updateMetadata: false });
    const subject = pdf.getSubject() ?? "";
    if (!subject.startsWith(RECEIPT_SUBJECT_PREFIX)) problems.push("the PDF carries no Redacta receipt fields");
    else receipt = JSON.parse(subject.slice(RECEIPT_SUBJECT_PREFIX.length)) as ReceiptJson;
  } catch (error) {
    problems.push(`not a readable PDF receipt (${error instanceof Error ? error.message : String(error)})`);
  }
  const key = trustedKeyPem ?? receipt?.publicKey ?? null;
  if (!key) return { ok: false, receipt, problems: [...problems, "no public key to verify with"], keyPinned: false };
  if (receipt && trustedKeyPem && !samePublicKey(receipt.publicKey, trustedKeyPem)) problems.push("the receipt names another registry key than the trusted one");
  if (!sealHolds(file, key)) problems.push("the seal does not hold: the file was changed after the registry issued it");
  if (receipt && !verifyReceiptSignature(key, { number: receipt.number, filedAt: receipt.filedAt, hash: receipt.hash }, receipt.signature)) {
    problems.push("the signature over (number, time, hash) does not hold");
  }
  return { ok: problems.length === 0 && receipt !== null, receipt, problems, keyPinned: trustedKeyPem !== null };
}
