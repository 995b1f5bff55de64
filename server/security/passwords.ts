import { hash, verify } from "@node-rs/argon2";

/**
 * Password hashing with argon2id (the library's default algorithm) at the OWASP-recommended
 * cost: 19 MiB of memory, 2 iterations, 1 lane.
 */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password into a self-describing `$argon2id$…` string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against a stored hash; false (never an exception) for a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith("$argon2id$")) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false; // a corrupt hash must not let anyone in, nor crash the login
  }
}

/** A hash of a random password, compared against when the account is unknown so timing does not reveal it. */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$n52stkMhaQRPrzTbcERxeA$ltOaCaSvPi7cSUhRGCaB9FmApuieD7s6jVSmr2rUg6A";
