import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The council's registry key (ADR 0016): an Ed25519 key pair whose signature on each receipt
 * binds (number, time, hash). Kept as a PKCS#8 PEM file in the data directory (created on first
 * boot, mode 0600) or given by REGISTRY_KEY_FILE; the public half is published at
 * /.well-known/redacta-registry-key and printed in every PDF receipt.
 */
export interface RegistryKey {
  /** Signs the receipt fields; synchronous, so it runs inside the filing transaction. */
  sign(fields: ReceiptFields): string;
  /** Signs arbitrary bytes (the seal of a PDF receipt), base64. */
  sealBytes(bytes: Buffer): string;
  /** The public key as SPKI PEM. */
  publicKeyPem: string;
  /** The key's fingerprint: the first 16 hex digits of SHA-256 over its raw 32 bytes. */
  keyId: string;
}

/** What a receipt signature covers. */
export interface ReceiptFields {
  number: string;
  /** ISO 8601 in UTC with milliseconds (Date#toISOString). */
  filedAt: string;
  /** "sha256:" + hex. */
  hash: string;
}

/** The exact bytes signed: a versioned, line-based text so any tool can rebuild it. */
export function receiptMessage(fields: ReceiptFields): Buffer {
  return Buffer.from(`redacta-receipt-v1\nnumber=${fields.number}\nfiledAt=${fields.filedAt}\nhash=${fields.hash}\n`, "utf8");
}

/** The fingerprint of a public key (see RegistryKey.keyId). */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: "der", type: "spki" });
  // The raw Ed25519 key is the last 32 bytes of its SPKI encoding.
  return createHash("sha256").update(der.subarray(der.length - 32)).digest("hex").slice(0, 16);
}

function fromPrivateKey(privateKey: KeyObject): RegistryKey {
  if (privateKey.asymmetricKeyType !== "ed25519") throw new RangeError(`The registry key must be Ed25519, not ${String(privateKey.asymmetricKeyType)}`);
  const publicKey = createPublicKey(privateKey);
  return {
    sign: (fields) => sign(null, receiptMessage(fields), privateKey).toString("base64"),
    sealBytes: (bytes) => sign(null, bytes, privateKey).toString("base64"),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** A fresh key kept in memory only (an in-memory database: tests). */
export function ephemeralRegistryKey(): RegistryKey {
  return fromPrivateKey(generateKeyPairSync("ed25519").privateKey);
}

/**
 * Loads the key at `file`, creating it (0600, written beside and renamed, so a crash never
 * leaves half a key) when it does not exist yet.
 */
export function loadOrCreateRegistryKey(file: string): RegistryKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const pem = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, pem, { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  }
  return fromPrivateKey(createPrivateKey(readFileSync(file, "utf8")));
}

/** Checks a receipt signature against a public key (PEM); false for any malformed input. */
export function verifyReceiptSignature(publicKeyPem: string, fields: ReceiptFields, signature: string): boolean {
  try {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== "ed25519") return false;
    return verify(null, receiptMessage(fields), key, Buffer.from(signature, "base64"));
  } catch {
    // A malformed key or signature is simply not a valid receipt.
    return false;
  }
}
