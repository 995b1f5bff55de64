import type { Db } from "../../../db/connection";
import { verifyReceiptSignature, type RegistryKey } from "./registry-key";
import { storedCanonical } from "./read";
import { submissionHash } from "./canonical";

/** The answer of the public verification (page and API). */
export interface Verification {
  number: string;
  /** True only when every check below holds. */
  valid: boolean;
  /** The registry knows this number. */
  found: boolean;
  /** The hash given equals the one filed. */
  hashMatches: boolean;
  /** The stored rows still give the filed hash (nothing changed behind the trigger's back). */
  intact: boolean;
  /** The stored signature verifies under the registry key over (number, time, hash). */
  signatureValid: boolean;
  filedAt: Date | null;
  hash: string | null;
  signature: string | null;
  keyId: string;
  withdrawn: boolean;
}

/**
 * Checks a receipt: the number exists, the hash the holder has equals the filed hash, the stored
 * content still hashes to it, and the registry's signature over (number, time, hash) holds. A
 * receipt with a changed byte anywhere in what was filed (text, clause, attachment) has another
 * hash and fails. Public: it tells nothing a receipt holder does not already have (and, to anyone
 * without the right hash, nothing but that the number exists).
 */
export function verifyReceipt(db: Db, key: RegistryKey, number: string, hash: string): Verification {
  const stored = storedCanonical(db, number);
  const base = { number, keyId: key.keyId };
  if (!stored) return { ...base, valid: false, found: false, hashMatches: false, intact: false, signatureValid: false, filedAt: null, hash: null, signature: null, withdrawn: false };
  const { row, canonical } = stored;
  const hashMatches = hash.trim().toLowerCase() === row.contentHash;
  // Only the holder of the right hash learns more than "this number exists": the stored hash and
  // signature of a private submission would let anyone test guesses of its filer's name, and its
  // time is not public for a process the asker may not see.
  if (!hashMatches) return { ...base, valid: false, found: true, hashMatches: false, intact: false, signatureValid: false, filedAt: null, hash: null, signature: null, withdrawn: false };
  const intact = submissionHash(canonical) === row.contentHash;
  const signatureValid = verifyReceiptSignature(key.publicKeyPem, { number: row.number, filedAt: row.filedAt.toISOString(), hash: row.contentHash }, row.signature);
  return {
    ...base,
    valid: hashMatches && intact && signatureValid,
    found: true,
    hashMatches,
    intact,
    signatureValid,
    filedAt: row.filedAt,
    hash: row.contentHash,
    signature: row.signature,
    withdrawn: row.withdrawnAt !== null,
  };
}
