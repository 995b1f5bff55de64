import { createHmac, timingSafeEqual } from "node:crypto";

/** A known-device cookie lasts a year from the login that set it. */
export const KNOWN_DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

function sign(key: Buffer, payload: string): Buffer {
  return createHmac("sha256", key).update(`known-device:${payload}`).digest();
}

/**
 * The value of the known-device cookie set after a successful login: `userId.issuedMs.HMAC`.
 * It proves this browser once logged in to that account with the right password, so the
 * per-account login lock (which an attacker can trigger from anywhere) does not apply to it.
 */
export function signKnownDevice(key: Buffer, userId: number, now: Date): string {
  const payload = `${userId}.${now.getTime()}`;
  return `${payload}.${sign(key, payload).toString("base64url")}`;
}

/** The account a known-device cookie was set for, if the signature is ours and it is not too old. */
export function verifyKnownDevice(key: Buffer, value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const match = /^([1-9][0-9]{0,15})\.([0-9]{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const [, user = "", issued = "", signature = ""] = match;
  const expected = sign(key, `${user}.${issued}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (now.getTime() - Number(issued) > KNOWN_DEVICE_TTL_MS) return null;
  return Number(user);
}
