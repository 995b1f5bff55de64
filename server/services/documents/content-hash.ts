import { createHash } from "node:crypto";
import type { Node as PMNode } from "prosemirror-model";

/**
 * Canonical JSON: object keys sorted at every level, no whitespace. Two documents with the
 * same content give the same string whatever order their keys were written in, so the hash
 * bound to a vote or an export does not depend on how the JSON was produced.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`Cannot hash non-finite number ${value}`);
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * The content hash of a document: "sha256:" + hex SHA-256 of its canonical JSON. Accepts a
 * ProseMirror node or its JSON. Stored with every version and printed in exports.
 */
export function contentHash(doc: PMNode | unknown): string {
  const json = isNode(doc) ? doc.toJSON() : doc;
  return `sha256:${createHash("sha256").update(canonicalJson(json)).digest("hex")}`;
}

function isNode(value: unknown): value is PMNode {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function" && "nodeSize" in value;
}
