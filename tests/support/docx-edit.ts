import JSZip from "jszip";

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Edits a DOCX the way a person in a word processor would: opens the package, replaces the
 * text of whole runs in word/document.xml (`from` → `to`, each must occur exactly once) and
 * writes the package back. Throws when a text is not found, so a test never edits nothing.
 */
export async function replaceRunTexts(bytes: Uint8Array, edits: ReadonlyArray<{ from: string; to: string }>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const entry = zip.file("word/document.xml");
  if (!entry) throw new Error("not a Word document: no word/document.xml");
  let xml = await entry.async("string");
  for (const { from, to } of edits) {
    const needle = `>${escapeXml(from)}</w:t>`;
    const at = xml.indexOf(needle);
    if (at < 0 || xml.indexOf(needle, at + 1) >= 0) throw new Error(`run text not found exactly once: ${from.slice(0, 60)}`);
    xml = xml.slice(0, at) + `>${escapeXml(to)}</w:t>` + xml.slice(at + needle.length);
  }
  zip.file("word/document.xml", xml);
  return zip.generateAsync({ type: "uint8array" });
}
