/**
 * A small, pure reader of a ZIP file's central directory: the list of entries with their
 * declared sizes, read from the end of the file without decompressing anything. It lets the
 * importer refuse zip bombs before any unzipping library sees the bytes. Every offset is
 * bounds-checked; malformed input throws ZipFormatError and nothing else.
 */

/** One entry as the central directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate; others are not used by DOCX. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header from the start of the file. */
  localHeaderOffset: number;
}

/** The input is not a ZIP file this reader accepts (not a zip, truncated, ZIP64, too many entries). */
export class ZipFormatError extends Error {
  override readonly name = "ZipFormatError";
  constructor(readonly reason: "not_zip" | "truncated" | "zip64" | "too_many_entries") {
    super(`Not a readable ZIP file: ${reason}`);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

function u16(buf: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > buf.length) throw new ZipFormatError("truncated");
  return (buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8);
}

function u32(buf: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > buf.length) throw new ZipFormatError("truncated");
  return ((buf[at] ?? 0) | ((buf[at + 1] ?? 0) << 8) | ((buf[at + 2] ?? 0) << 16)) + (buf[at + 3] ?? 0) * 0x1000000;
}

/** Finds the end-of-central-directory record, scanning back over a possible comment. */
function findEndRecord(buf: Uint8Array): number {
  if (buf.length < EOCD_MIN) throw new ZipFormatError("not_zip");
  const stop = Math.max(0, buf.length - EOCD_MIN - MAX_COMMENT);
  for (let at = buf.length - EOCD_MIN; at >= stop; at -= 1) {
    if (u32(buf, at) === EOCD_SIGNATURE && at + EOCD_MIN + u16(buf, at + 20) === buf.length) return at;
  }
  throw new ZipFormatError("not_zip");
}

/**
 * Reads the central directory. Refuses ZIP64 archives (a DOCX never needs them, and their
 * sizes are where bombs hide) and more than `maxEntries` entries.
 */
export function readZipDirectory(buf: Uint8Array, maxEntries = 5000): ZipEntry[] {
  const end = findEndRecord(buf);
  const count = u16(buf, end + 10);
  const size = u32(buf, end + 12);
  const offset = u32(buf, end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipFormatError("zip64");
  if (count > maxEntries) throw new ZipFormatError("too_many_entries");
  if (offset + size > end) throw new ZipFormatError("truncated");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (u32(buf, at) !== CENTRAL_SIGNATURE) throw new ZipFormatError("truncated");
    const method = u16(buf, at + 10);
    const compressedSize = u32(buf, at + 20);
    const uncompressedSize = u32(buf, at + 24);
    const nameLength = u16(buf, at + 28);
    const extraLength = u16(buf, at + 30);
    const commentLength = u16(buf, at + 32);
    const localHeaderOffset = u32(buf, at + 42);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      throw new ZipFormatError("zip64");
    }
    const nameStart = at + 46;
    if (nameStart + nameLength > end) throw new ZipFormatError("truncated");
    const name = new TextDecoder().decode(buf.subarray(nameStart, nameStart + nameLength));
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, located through its local header (bounds-checked). */
export function entryData(buf: Uint8Array, entry: ZipEntry): Uint8Array {
  const at = entry.localHeaderOffset;
  if (u32(buf, at) !== LOCAL_SIGNATURE) throw new ZipFormatError("truncated");
  const start = at + 30 + u16(buf, at + 26) + u16(buf, at + 28);
  const stop = start + entry.compressedSize;
  if (stop > buf.length) throw new ZipFormatError("truncated");
  return buf.subarray(start, stop);
}
