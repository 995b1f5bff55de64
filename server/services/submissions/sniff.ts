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
 * segment only, control and reserved characters replaced, at most 120 characters, and the
 * extension of the sniffed type. The stored bytes are named by their hash, never by this.
 */
export function safeFileName(raw: string, mediaType: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = Array.from(base.normalize("NFC"), (c) => ((c.codePointAt(0) ?? 0) < 0x20 || c === "\u007f" ? "_" : c))
    .join("")
    .replace(/[<>:"|?*\\/;`$&{}[\]%]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  const ext = ATTACHMENT_TYPES.get(mediaType) ?? "bin";
  const stem = cleaned.replace(/\.[^.]*$/, "").slice(0, 100) || "attachment";
  return `${stem}.${ext}`;
}
