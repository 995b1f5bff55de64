import { createHash, createPublicKey, verify } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { RegistryKey } from "./registry-key";

/**
 * The PDF receipt (ADR 0016). The page is laid out by pdf-lib in a worker thread (the event loop
 * keeps serving meanwhile); the main thread then seals the bytes. A receipt carries its signed
 * fields twice: printed for people, and as JSON in the PDF's Subject (RECEIPT_SUBJECT_PREFIX +
 * JSON) for `npm run registry -- verify`. After `%%EOF` comes one comment line
 * `%REDACTA-SEAL <base64 Ed25519 signature over every preceding byte>`, so the offline verifier
 * rejects a receipt with any byte changed, not only one whose signed fields were edited.
 */

/** Everything a receipt shows, already translated and formatted by the caller. */
export interface ReceiptDocument {
  /** Labels in the reader's language. */
  labels: Record<"heading" | "number" | "filedAt" | "hash" | "filer" | "process" | "title" | "clauses" | "body" | "attachments" | "signature" | "keyId" | "publicKey" | "channel" | "verifyAt" | "none", string>;
  number: string;
  filedAtText: string;
  channelText: string;
  filer: string;
  process: string;
  title: string;
  body: string;
  clauses: string[];
  attachments: Array<{ name: string; size: number; sha256: string }>;
  verifyUrl: string | null;
  /** The machine-readable part: what the signature covers, plus how to check it. */
  signed: ReceiptJson;
}

/** The JSON embedded in the PDF. */
export interface ReceiptJson {
  format: "redacta-receipt-v1";
  number: string;
  filedAt: string;
  hash: string;
  signature: string;
  keyId: string;
  publicKey: string;
  attachments: Array<{ name: string; sha256: string }>;
}

/** What the Subject of a receipt PDF starts with. */
export const RECEIPT_SUBJECT_PREFIX = "redacta-receipt-v1 ";
/** The seal line's prefix. */
export const SEAL_PREFIX = "%REDACTA-SEAL ";

/*
 * The worker's code, evaluated as CommonJS so it runs alike under vitest, tsx and the built
 * server. Standard fonts only encode WinAnsi: other characters are replaced before drawing.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { PDFDocument, StandardFonts, rgb } = require(workerData.pdfLib);
const WINANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
const safe = (s) => Array.from(String(s)).map((c) => { const n = c.codePointAt(0); return (n >= 32 && n <= 126) || (n >= 160 && n <= 255) || WINANSI_EXTRA.includes(c) ? c : (c === "\\n" ? c : "?"); }).join("");
(async () => {
  const d = workerData.doc;
  const pdf = await PDFDocument.create();
  pdf.setTitle(safe(d.labels.heading + " " + d.number));
  pdf.setSubject(workerData.subject);
  pdf.setKeywords([d.number, d.signed.hash]);
  pdf.setProducer("Redacta");
  pdf.setCreator("Redacta registry");
  pdf.setCreationDate(new Date(d.signed.filedAt));
  pdf.setModificationDate(new Date(d.signed.filedAt));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const margin = 50, width = 595.28 - 2 * margin;
  let page = pdf.addPage([595.28, 841.89]);
  let y = 841.89 - margin;
  const newPage = () => { page = pdf.addPage([595.28, 841.89]); y = 841.89 - margin; };
  const wrap = (text, f, size) => {
    const out = [];
    for (const para of safe(text).split("\\n")) {
      let line = "";
      for (const word of para.split(/(\\s+)/)) {
        const next = line + word;
        if (f.widthOfTextAtSize(next, size) <= width) { line = next; continue; }
        if (line.trim()) out.push(line.trimEnd());
        line = word.trimStart();
        while (f.widthOfTextAtSize(line, size) > width) {
          let cut = line.length;
          while (cut > 1 && f.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      out.push(line.trimEnd());
    }
    return out;
  };
  const write = (text, f = font, size = 10, gap = 3) => {
    for (const line of wrap(text, f, size)) {
      if (y < margin + size) newPage();
      page.drawText(line, { x: margin, y: y - size, size, font: f, color: rgb(0.1, 0.1, 0.1) });
      y -= size + gap;
    }
  };
  const field = (label, value, f = font) => { write(label, bold, 9, 1); write(value, f, 10, 3); y -= 4; };
  write(d.labels.heading, bold, 16, 6);
  y -= 6;
  field(d.labels.number, d.number, bold);
  field(d.labels.filedAt, d.filedAtText);
  field(d.labels.channel, d.channelText);
  field(d.labels.filer, d.filer);
  field(d.labels.process, d.process);
  field(d.labels.title, d.title);
  field(d.labels.clauses, d.clauses.length ? d.clauses.join("; ") : d.labels.none);
  field(d.labels.hash, d.signed.hash, mono);
  field(d.labels.attachments, d.attachments.length ? d.attachments.map((a) => a.name + " (" + a.size + " B)\\nsha256:" + a.sha256).join("\\n") : d.labels.none, mono);
  field(d.labels.signature, d.signed.signature, mono);
  field(d.labels.keyId, d.signed.keyId, mono);
  field(d.labels.publicKey, d.signed.publicKey, mono);
  if (d.verifyUrl) field(d.labels.verifyAt, d.verifyUrl);
  field(d.labels.body, d.body);
  const bytes = await pdf.save({ useObjectStreams: false });
  parentPort.postMessage(bytes, [bytes.buffer]);
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack ? error.stack : error) }));
`;

function renderInWorker(doc: ReceiptDocument): Promise<Uint8Array> {
  const pdfLib = createRequire(import.meta.url).resolve("pdf-lib");
  const subject = RECEIPT_SUBJECT_PREFIX + JSON.stringify(doc.signed);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pdfLib, doc, subject } });
    worker.once("message", (message: Uint8Array | { error: string }) => {
      void worker.terminate();
      if (message instanceof Uint8Array) resolve(message);
      else reject(new Error(`Receipt PDF failed: ${message.error}`));
    });
    worker.once("error", reject);
  });
}

/** The bytes a seal covers and the seal itself, split from a receipt file (null when unsealed). */
export function splitSeal(file: Buffer): { content: Buffer; seal: string } | null {
  // The seal is the file's last line, exactly: the prefix, the 88 base64 characters of one
  // Ed25519 signature, one "\n". Anything after it (Node's base64 decoder stops at "==" and
  // skips unknown characters, so appended bytes — an incremental PDF update — would otherwise
  // ride along under a seal that still "holds") makes the file unsealed.
  const text = file.subarray(Math.max(0, file.length - 200)).toString("latin1");
  const match = /\n%REDACTA-SEAL ([A-Za-z0-9+/]{86}==)\n$/.exec(text);
  if (!match?.[1]) return null;
  const offset = file.length - match[0].length + 1;
  return { content: file.subarray(0, offset), seal: match[1] };
}

/** Whether a receipt file's seal holds under a public key (PEM). */
export function sealHolds(file: Buffer, publicKeyPem: string): boolean {
  const parts = splitSeal(file);
  if (!parts) return false;
  try {
    return verify(null, parts.content, createPublicKey(publicKeyPem), Buffer.from(parts.seal, "base64"));
  } catch {
    // A malformed seal or key is simply not valid.
    return false;
  }
}

/** Renders a receipt off the main thread and seals it with the registry key. */
export async function renderReceiptPdf(doc: ReceiptDocument, key: RegistryKey): Promise<Buffer> {
  const bytes = Buffer.from(await renderInWorker(doc));
  const content = Buffer.concat([bytes, Buffer.from(bytes[bytes.length - 1] === 0x0a ? "" : "\n", "latin1")]);
  return Buffer.concat([content, Buffer.from(`${SEAL_PREFIX}${key.sealBytes(content)}\n`, "latin1")]);
}

/** Hex SHA-256 of a buffer. */
export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
