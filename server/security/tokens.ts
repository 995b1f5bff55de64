import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Bytes from the system CSPRNG, drawn from a pool filled 4 KiB at a time: every page view
 * needs a nonce and often a CSRF token, and one kernel call per 100 of them is cheaper than
 * one each. Bytes are handed out once and never reused.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** `n` fresh random bytes (n ≤ 4096), as a new Buffer. */
export function secureRandomBytes(n: number): Buffer {
  if (n > POOL_SIZE) throw new RangeError(`secureRandomBytes(${n}) exceeds the pool size ${POOL_SIZE}`);
  if (poolOffset + n > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return bytes;
}

/** A random, URL-safe secret of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return secureRandomBytes(bytes).toString("base64url");
}

/** SHA-256 hex digest; tokens are stored only as hashes so a leaked table grants nothing. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time string comparison (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
