/** Alphabet of clause ids: lowercase letters and digits without look-alikes (0/o, 1/l). */
const ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz";

/** Clause ids are 10 characters from ALPHABET: about 50 bits, unique within any document. */
export const CLAUSE_ID_PATTERN = /^[2-9a-km-np-z]{10}$/;

/**
 * A new random clause id. Ids are assigned once, when a clause first appears, and are kept by
 * every later edit and version; they are the anchor of permalinks, annotations and amendments.
 */
export function newClauseId(random: (n: number) => Uint8Array = defaultRandom): string {
  const bytes = random(10);
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

function defaultRandom(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/** Whether a string is a well-formed clause id. */
export function isClauseId(value: unknown): value is string {
  return typeof value === "string" && CLAUSE_ID_PATTERN.test(value);
}
