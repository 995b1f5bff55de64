import { inflateRawSync } from "node:zlib";
import { ImportError } from "./import-error";
import { entryData, readZipDirectory, ZipFormatError, type ZipEntry } from "./zip-directory";

/** Limits a DOCX must respect before any unzipping library reads it. */
export const DOCX_LIMITS = {
  /** Total declared uncompressed size of all entries. */
  maxUncompressedBytes: 50 * 1024 * 1024,
  /** Declared uncompressed size ÷ file size. Real documents stay well under 20. */
  maxRatio: 100,
  maxEntries: 2000,
} as const;

/**
 * Checks that bytes are a DOCX we may hand to mammoth: a ZIP whose central directory declares
 * sane sizes (total ≤ 50 MiB, ratio ≤ 100, ≤ 2000 entries), which contains word/document.xml,
 * and whose entries really inflate to no more than they declare (a lying directory is a bomb
 * too). Throws ImportError (not_docx, zip_bomb, no_document_xml, docx_unreadable).
 */
export function checkDocxArchive(bytes: Uint8Array): void {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, DOCX_LIMITS.maxEntries);
  } catch (error) {
    if (!(error instanceof ZipFormatError)) throw error;
    if (error.reason === "too_many_entries") throw new ImportError("zip_bomb", null);
    throw new ImportError("not_docx", null);
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > DOCX_LIMITS.maxUncompressedBytes || declared > DOCX_LIMITS.maxRatio * Math.max(bytes.length, 1)) {
    throw new ImportError("zip_bomb", null);
  }
  if (!entries.some((e) => e.name === "word/document.xml")) throw new ImportError("no_document_xml", null);
  for (const entry of entries) verifyEntry(bytes, entry);
}

/** Inflates one entry with an output cap of its declared size: more output means a lie. */
function verifyEntry(bytes: Uint8Array, entry: ZipEntry): void {
  let data: Uint8Array;
  try {
    data = entryData(bytes, entry);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new ImportError("docx_unreadable", null);
    throw error;
  }
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) throw new ImportError("docx_unreadable", null);
    return;
  }
  if (entry.method !== 8) throw new ImportError("docx_unreadable", null);
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
  } catch (error) {
    // zlib reports "Cannot create a Buffer larger than…" (RangeError) when the cap is hit,
    // and an Error with a zlib code for corrupt data.
    if (error instanceof RangeError) throw new ImportError("zip_bomb", null);
    if (error instanceof Error) throw new ImportError("docx_unreadable", null);
    throw error;
  }
  if (inflated.length > entry.uncompressedSize) throw new ImportError("zip_bomb", null);
}
