import { fileTypeFromFile } from "file-type";

/** The media types a submission may carry, by what file-type reports for their content. */
export const ATTACHMENT_TYPES: ReadonlyMap<string, string> = new Map([
  ["application/pdf", "pdf"],
  ["application/vnd.oasis.opendocument.text", "odt"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ["image/png", "png"],
  ["image/jpeg", "jpg"],
]);

/**
 * The media type of a file from its bytes (magic numbers and, for ODT and DOCX, the zip's
 * entries), read by the maintained `file-type` package; never from the name. Null when the
 * content is none of ATTACHMENT_TYPES.
 */
export async function sniffAttachmentType(path: string): Promise<string | null> {
  const found = await fileTypeFromFile(path);
  return found && ATTACHMENT_TYPES.has(found.mime) ? found.mime : null;
}

/**
 * A client's file name made safe to show and to send in Content-Disposition: the last path
 * segment only, control and reserved characters replaced, invisible format characters (bidi
 * overrides, zero-width) dropped, at most 120 characters, and the
 * extension of the sniffed type. The stored bytes are named by their hash, never by this.
 */
export function safeFileName(raw: string, mediaType: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // Control characters (C0, DEL, C1) and line/paragraph separators become "_"; invisible
    // format characters — bidi overrides and isolates (U+202E makes "gpj.exe" read "exe.jpg"),
    // zero-width joiners, the BOM — are dropped, so the name shown is the name it is.
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, "_")
    .replace(/\p{Cf}/gu, "")
    .replace(/[<>:"|?*\\/;`$&{}[\]%]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const ext = ATTACHMENT_TYPES.get(mediaType) ?? "bin";
  const stem = cleaned.replace(/\.[^.]*$/, "").slice(0, 100) || "attachment";
  return `${stem}.${ext}`;
}
