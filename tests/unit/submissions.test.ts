import { readdirSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database_ } from "../../db/connection";
import { auditLog, organizationMembers, organizations, outbox, phases, processes, submissionAttachments, submissions } from "../../db/schema";
import { seedDemo } from "../../db/seed/demo";
import { ForbiddenError, ValidationError } from "../../server/errors";
import { contentHash } from "../../server/services/documents/content-hash";
import { flattenClauses } from "../../collab/schema/clauses";
import { loadVersion } from "../../server/services/documents/versions";
import { seedDemoSubmissions, demoReportPdf } from "../../server/services/submissions/demo";
import { AttachmentRejectedError, fileSubmission, registerPaperSubmission, registryYear, SubmissionsClosedError, type FilingInput } from "../../server/services/submissions/file";
import { getSubmission, listRegister, storedCanonical } from "../../server/services/submissions/read";
import { submissionHash } from "../../server/services/submissions/canonical";
import { registerCsv } from "../../server/services/submissions/csv";
import { receiptPdf } from "../../server/services/submissions/receipt";
import { RECEIPT_SUBJECT_PREFIX, sealHolds } from "../../server/services/submissions/receipt-pdf";
import { verifyReceiptFile } from "../../server/services/submissions/offline-verify";
import { safeFileName } from "../../server/services/submissions/sniff";
import { openRegistry, type Registry } from "../../server/services/submissions/registry";
import { verifyReceiptSignature } from "../../server/services/submissions/registry-key";
import { verifyReceipt } from "../../server/services/submissions/verify";
import { withdrawSubmission } from "../../server/services/submissions/withdraw";
import { demoUser, elfBytes, PNG_1PX, stage } from "../support/submissions";

const SLUG = "ordenanza-movilidad-sostenible";
let database: Database_;
let registry: Registry;
let clauseIds: string[];
let budgetClause: string;

beforeEach(async () => {
  database = openDatabase(":memory:");
  await seedDemo(database.db, { now: new Date(), hashPassword: async () => "not-a-real-hash", contentHash });
  registry = openRegistry(":memory:", { prefix: "VRI" });
  const db = database.db;
  const ordinance = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
  const budget = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, "presupuestos-participativos-2027")).get();
  clauseIds = flattenClauses(loadVersion(db, ordinance?.id ?? 0, 1)?.tree ?? []).map((c) => c.clause.id);
  budgetClause = flattenClauses(loadVersion(db, budget?.id ?? 0, 1)?.tree ?? [])[0]?.clause.id ?? "";
});
afterEach(() => database.close());

const deps = () => ({ db: database.db, registry, mailOrigin: "http://redacta.test" });
const input = (over: Partial<FilingInput> = {}): FilingInput => ({
  title: "Alegación",
  body: "Primer párrafo.\n\nSegundo párrafo.",
  clauseIds: [clauseIds[3] ?? ""],
  actingFor: { kind: "self" },
  signedPublicly: false,
  corrects: null,
  uploads: { files: [], overflow: false },
  ...over,
});
const count = (table: typeof submissions | typeof submissionAttachments) => database.db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? 0;
const stored = () => registry.store.list().length;
const now = () => new Date();

describe("filing a submission", () => {
  it("numbers, hashes, signs, stores the attachment under its SHA-256 and queues the receipt mail", async () => {
    const ngo = demoUser(database.db, "ngo@example.org");
    const bici = ngo.organizations[0];
    const pdf = await demoReportPdf("Informe");
    const file = stage(registry.store, "../../etc/<img src=x onerror=alert(1)>.pdf", pdf);
    const filed = await fileSubmission(deps(), ngo, SLUG, input({ actingFor: { kind: "organization", organizationId: bici?.id ?? 0 }, uploads: { files: [file], overflow: false } }), now);
    const year = Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Madrid", year: "numeric" }).format(filed.filedAt));
    expect(filed.number).toBe(`VRI-${year}-000001`);
    expect(filed.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verifyReceiptSignature(registry.key.publicKeyPem, { number: filed.number, filedAt: filed.filedAt.toISOString(), hash: filed.contentHash }, filed.signature)).toBe(true);
    expect(registry.store.list()).toEqual([file.sha256]);
    const view = getSubmission(database.db, null, filed.number, new Date());
    expect(view.filerName).toBe(bici?.name);
    expect(view.attachments?.[0]?.fileName).toBe("_img src=x onerror=alert(1)_.pdf");
    expect(view.attachments?.[0]?.mediaType).toBe("application/pdf");
    const mail = database.db.select().from(outbox).all().at(-1);
    expect(mail?.recipient).toBe("ngo@example.org");
    expect(mail?.body).toContain(filed.number);
    expect(mail?.body).toContain(filed.contentHash);
    expect(verifyReceipt(database.db, registry.key, filed.number, filed.contentHash).valid).toBe(true);
  });

  it("refuses acting for an organization one does not represent (403), storing nothing", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    const file = stage(registry.store, "a.png", PNG_1PX);
    await expect(fileSubmission(deps(), verified, SLUG, input({ actingFor: { kind: "organization", organizationId: 1 }, uploads: { files: [file], overflow: false } }), now)).rejects.toBeInstanceOf(ForbiddenError);
    expect(count(submissions)).toBe(0);
    expect(stored()).toBe(0);
  });

  it("refuses an unverified resident (403)", async () => {
    await expect(fileSubmission(deps(), demoUser(database.db, "resident@example.org"), SLUG, input(), now)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses an executable renamed .pdf, naming the file, and stores nothing", async () => {
    const file = stage(registry.store, "setup.pdf", elfBytes());
    const error = await fileSubmission(deps(), demoUser(database.db, "verified@example.org"), SLUG, input({ uploads: { files: [file], overflow: false } }), now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AttachmentRejectedError);
    expect((error as AttachmentRejectedError).fileName).toBe("setup.pdf");
    expect((error as AttachmentRejectedError).fieldErrors.attachments).toEqual(["submissions.error.attachment_type"]);
    expect(count(submissions)).toBe(0);
    expect(stored()).toBe(0);
  });

  it("refuses six attachments", async () => {
    const files = Array.from({ length: 5 }, (_, i) => stage(registry.store, `${i}.png`, PNG_1PX));
    const error = await fileSubmission(deps(), demoUser(database.db, "verified@example.org"), SLUG, input({ uploads: { files, overflow: true } }), now).catch((e: unknown) => e);
    expect((error as ValidationError).fieldErrors.attachments).toEqual(["submissions.error.tooManyAttachments"]);
    expect(count(submissions)).toBe(0);
  });

  it("refuses a clause of another process", async () => {
    const error = await fileSubmission(deps(), demoUser(database.db, "verified@example.org"), SLUG, input({ clauseIds: [budgetClause] }), now).catch((e: unknown) => e);
    expect((error as ValidationError).fieldErrors.clauses).toEqual(["submissions.error.clauseUnknown"]);
    expect(count(submissions)).toBe(0);
  });

  it("refuses a filing one second after the deadline, staff included, and takes back its files", async () => {
    const db = database.db;
    const ordinance = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
    const window = db.select().from(phases).where(eq(phases.processId, ordinance?.id ?? 0)).all().find((p) => p.kind === "annotation");
    const late = () => new Date((window?.endsAt.getTime() ?? 0) + 1000);
    await expect(fileSubmission(deps(), demoUser(db, "admin@example.org"), SLUG, input(), late)).rejects.toBeInstanceOf(SubmissionsClosedError);
    // The form was opened (and checked) before the deadline; the body arrived after it.
    let calls = 0;
    const crossing = () => (calls++ === 0 ? new Date((window?.endsAt.getTime() ?? 0) - 1000) : late());
    const file = stage(registry.store, "a.png", PNG_1PX);
    await expect(fileSubmission(deps(), demoUser(db, "verified@example.org"), SLUG, input({ uploads: { files: [file], overflow: false } }), crossing)).rejects.toBeInstanceOf(SubmissionsClosedError);
    expect(count(submissions)).toBe(0);
    expect(stored()).toBe(0);
  });

  it("keeps the sequence gap-free over 100 concurrent filings and a crash mid-filing", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    const sign = registry.key.sign;
    let n = 0;
    // The 50th filing fails after taking its number, inside the transaction: it must roll back.
    registry.key.sign = (fields) => {
      if (++n === 50) throw new Error("crash mid-filing");
      return sign(fields);
    };
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => fileSubmission(deps(), verified, SLUG, input({ title: `Alegación ${i}` }), now)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    const seqs = database.db.select({ seq: submissions.registrySeq, number: submissions.number }).from(submissions).orderBy(submissions.registrySeq).all();
    expect(seqs.map((s) => s.seq)).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
    expect(new Set(seqs.map((s) => s.number)).size).toBe(99);
  });

  it("refuses by DB trigger any change of a filed column, allows one withdrawal", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    const filed = await fileSubmission(deps(), verified, SLUG, input(), now);
    expect(() => database.db.update(submissions).set({ title: "Otro" }).where(eq(submissions.id, filed.id)).run()).toThrow(/immutable/);
    expect(() => database.db.delete(submissions).where(eq(submissions.id, filed.id)).run()).toThrow(/immutable/);
    expect(() => withdrawSubmission(database.db, demoUser(database.db, "ngo@example.org"), filed.number, "No", new Date())).toThrow(ForbiddenError);
    withdrawSubmission(database.db, verified, filed.number, "Ya no procede", new Date());
    expect(() => withdrawSubmission(database.db, verified, filed.number, "Otra vez", new Date())).toThrow(ValidationError);
    const view = getSubmission(database.db, verified, filed.number, new Date());
    expect(view.withdrawReason).toBe("Ya no procede");
    // Still verifiable and in the register.
    expect(verifyReceipt(database.db, registry.key, filed.number, filed.contentHash).valid).toBe(true);
    expect(listRegister(database.db, null, SLUG, {}, new Date()).rows.map((r) => r.number)).toContain(filed.number);
  });

  it("files a correction linked to the original, only of one's own submission", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    const original = await fileSubmission(deps(), verified, SLUG, input(), now);
    const ngo = demoUser(database.db, "ngo@example.org");
    await expect(fileSubmission(deps(), ngo, SLUG, input({ corrects: original.number }), now)).rejects.toBeInstanceOf(ForbiddenError);
    const correction = await fileSubmission(deps(), verified, SLUG, input({ corrects: original.number, title: "Corrección" }), now);
    expect(getSubmission(database.db, null, correction.number, new Date()).corrects).toBe(original.number);
    expect(getSubmission(database.db, null, original.number, new Date()).correctedBy).toEqual([correction.number]);
  });

  it("registers a paper submission from the same sequence, audited; residents cannot", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    await fileSubmission(deps(), verified, SLUG, input(), now);
    const paper = { title: "Escrito", body: "Texto", clauseIds: [], filerName: "Rosa Martín", filerContact: "Calle Mayor 1", organizationId: null, signedPublicly: false, receivedAt: new Date(Date.now() - 86_400_000), uploads: { files: [], overflow: false } };
    await expect(registerPaperSubmission(deps(), verified, SLUG, paper, now)).rejects.toBeInstanceOf(ForbiddenError);
    const filed = await registerPaperSubmission(deps(), demoUser(database.db, "editor@example.org"), SLUG, paper, now);
    expect(filed.number.endsWith("-000002")).toBe(true);
    const audit = database.db.select().from(auditLog).all().at(-1);
    expect(audit?.action).toBe("submission.registerPaper");
    const anon = getSubmission(database.db, null, filed.number, new Date());
    expect(anon.channel).toBe("paper");
    expect(anon.filerName).toBeNull();
  });

  it("fails verification for a tampered hash and for content changed behind the trigger", async () => {
    const filed = await fileSubmission(deps(), demoUser(database.db, "verified@example.org"), SLUG, input(), now);
    const wrong = `sha256:${"0".repeat(64)}`;
    expect(verifyReceipt(database.db, registry.key, filed.number, wrong).valid).toBe(false);
    database.db.run(sql`DROP TRIGGER submissions_filed_immutable`);
    database.db.update(submissions).set({ body: "Cambiado" }).where(eq(submissions.id, filed.id)).run();
    const check = verifyReceipt(database.db, registry.key, filed.number, filed.contentHash);
    expect(check.intact).toBe(false);
    expect(check.valid).toBe(false);
  });
});

describe("a private submission's filer stays private", () => {
  it("shows no hash or signature to who may not see the name: they would let anyone test guessed names", async () => {
    const verified = demoUser(database.db, "verified@example.org");
    const filed = await fileSubmission(deps(), verified, SLUG, input(), now);
    const anonymous = getSubmission(database.db, null, filed.number, new Date());
    expect(anonymous.filerName).toBeNull();
    // The attack: everything of the canonical form is public except the name; try candidates.
    const canonical = storedCanonical(database.db, filed.number)?.canonical;
    if (!canonical) throw new Error("not stored");
    const guess = (name: string) => submissionHash({ ...canonical, filer: { ...canonical.filer, name } });
    expect(guess(verified.name)).toBe(filed.contentHash);
    expect(anonymous.contentHash).toBeNull();
    expect(anonymous.signature).toBeNull();
    const resident = getSubmission(database.db, demoUser(database.db, "resident@example.org"), filed.number, new Date());
    expect(resident.contentHash).toBeNull();
    const register = listRegister(database.db, null, SLUG, {}, new Date());
    expect(register.rows.find((r) => r.number === filed.number)?.contentHash).toBeNull();
    expect(registerCsv(database.db, null, SLUG, {}, new Date())).not.toContain(filed.contentHash);
    // Its filer and staff still see it (their receipt).
    expect(getSubmission(database.db, verified, filed.number, new Date()).contentHash).toBe(filed.contentHash);
    expect(getSubmission(database.db, demoUser(database.db, "moderator@example.org"), filed.number, new Date()).signature).toBe(filed.signature);
  });

  it("verification with a wrong hash tells only that the number exists (no stored hash, signature or time)", async () => {
    const filed = await fileSubmission(deps(), demoUser(database.db, "verified@example.org"), SLUG, input(), now);
    const check = verifyReceipt(database.db, registry.key, filed.number, `sha256:${"0".repeat(64)}`);
    expect(check).toMatchObject({ found: true, valid: false, hashMatches: false, hash: null, signature: null, filedAt: null });
    expect(verifyReceipt(database.db, registry.key, filed.number, filed.contentHash)).toMatchObject({ valid: true, hash: filed.contentHash, signature: filed.signature });
  });
});

describe("public register and demo", () => {
  it("seeds the demo submissions with valid receipts; anonymous sees residents unnamed", async () => {
    await seedDemoSubmissions(database.db, registry, () => new Date());
    const register = listRegister(database.db, null, SLUG, {}, new Date());
    expect(register.total).toBe(5);
    const staffRows = listRegister(database.db, demoUser(database.db, "moderator@example.org"), SLUG, {}, new Date()).rows;
    for (const row of staffRows) expect(verifyReceipt(database.db, registry.key, row.number, row.contentHash ?? "").valid).toBe(true);
    const anonymous = register.rows.find((r) => !r.isPublic);
    expect(anonymous?.filerName).toBeNull();
    expect(anonymous?.attachments).toBeNull();
    const byOrg = listRegister(database.db, null, SLUG, { organization: "bici-villanueva" }, new Date());
    expect(byOrg.total).toBe(2);
    expect(register.rows.some((r) => r.channel === "paper")).toBe(true);
    expect(register.rows.some((r) => r.corrects !== null)).toBe(true);
    const staffView = listRegister(database.db, demoUser(database.db, "moderator@example.org"), SLUG, {}, new Date());
    expect(staffView.rows.every((r) => r.filerName !== null)).toBe(true);
    expect(readdirSync(registry.store.dir).filter((f) => !f.startsWith("."))).toHaveLength(2);
  });

  it("renders a sealed PDF receipt carrying the signed fields; a changed byte breaks the seal", async () => {
    await seedDemoSubmissions(database.db, registry, () => new Date());
    const row = listRegister(database.db, null, SLUG, { organization: "bici-villanueva" }, new Date()).rows.at(-1);
    if (!row) throw new Error("no demo submission");
    const pdf = await receiptPdf(database.db, registry.key, row, "es", "http://redacta.test");
    const doc = await PDFDocument.load(pdf);
    const subject = doc.getSubject() ?? "";
    expect(subject.startsWith(RECEIPT_SUBJECT_PREFIX)).toBe(true);
    const signed = JSON.parse(subject.slice(RECEIPT_SUBJECT_PREFIX.length)) as { number: string; hash: string };
    expect(signed.number).toBe(row.number);
    expect(signed.hash).toBe(row.contentHash);
    expect(sealHolds(pdf, registry.key.publicKeyPem)).toBe(true);
    const changed = Buffer.from(pdf);
    changed[200] = (changed[200] ?? 0) ^ 1;
    expect(sealHolds(changed, registry.key.publicKeyPem)).toBe(false);
  });

  it("refuses a receipt with bytes appended after its seal (an incremental PDF update riding on a seal that stops decoding at ==)", async () => {
    await seedDemoSubmissions(database.db, registry, () => new Date());
    const row = listRegister(database.db, null, SLUG, { organization: "bici-villanueva" }, new Date()).rows.at(-1);
    if (!row) throw new Error("no demo submission");
    const pdf = await receiptPdf(database.db, registry.key, row, "es", "http://redacta.test");
    expect((await verifyReceiptFile(pdf, registry.key.publicKeyPem)).ok).toBe(true);
    for (const tail of ["99 0 obj\n(forged)\nendobj\n%%EOF\n", "%\n", " "]) {
      const extended = Buffer.concat([pdf, Buffer.from(tail, "latin1")]);
      expect(sealHolds(extended, registry.key.publicKeyPem)).toBe(false);
      expect((await verifyReceiptFile(extended, registry.key.publicKeyPem)).ok).toBe(false);
    }
  });
});

describe("registry years", () => {
  it("take the year from the council's clock: a filing at 00:30 on 1 January in Madrid (23:30 UTC) is number 1 of the new year", async () => {
    expect(registryYear(new Date("2026-12-31T22:59:59.999Z"))).toBe(2026);
    expect(registryYear(new Date("2026-12-31T23:00:00.000Z"))).toBe(2027);
    const ordinance = database.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
    database.db
      .update(phases)
      .set({ startsAt: new Date("2026-06-01T00:00:00Z"), endsAt: new Date("2027-06-01T00:00:00Z") })
      .where(and(eq(phases.processId, ordinance?.id ?? 0), eq(phases.kind, "annotation")))
      .run();
    const verified = demoUser(database.db, "verified@example.org");
    const at = (iso: string) => () => new Date(iso);
    const numbers = [];
    for (const iso of ["2026-12-31T22:00:00Z", "2026-12-31T22:59:59.999Z", "2026-12-31T23:00:00Z", "2026-12-31T23:30:00Z"]) {
      numbers.push((await fileSubmission(deps(), verified, SLUG, input(), at(iso))).number);
    }
    expect(numbers).toEqual(["VRI-2026-000001", "VRI-2026-000002", "VRI-2027-000001", "VRI-2027-000002"]);
  });
});

describe("who may withdraw an organization's submission", () => {
  it("any current representative (a co-representative too), once; not staff; not a former representative", async () => {
    const ngo = demoUser(database.db, "ngo@example.org");
    const bici = ngo.organizations[0];
    if (!bici) throw new Error("no organization");
    const forBici = () => fileSubmission(deps(), demoUser(database.db, "ngo@example.org"), SLUG, input({ actingFor: { kind: "organization", organizationId: bici.id } }), now);
    const first = await forBici();
    const second = await forBici();
    const coRep = demoUser(database.db, "verified@example.org");
    database.db.insert(organizationMembers).values({ organizationId: bici.id, userId: coRep.id, joinedAt: new Date() }).run();
    expect(() => withdrawSubmission(database.db, demoUser(database.db, "moderator@example.org"), first.number, "Staff", new Date())).toThrow(ForbiddenError);
    withdrawSubmission(database.db, demoUser(database.db, "verified@example.org"), first.number, "Retirada por la asociación", new Date());
    expect(() => withdrawSubmission(database.db, demoUser(database.db, "ngo@example.org"), first.number, "Otra vez", new Date())).toThrow(ValidationError);
    // The one who filed it leaves the organization: they no longer speak for it.
    database.db.delete(organizationMembers).where(and(eq(organizationMembers.organizationId, bici.id), eq(organizationMembers.userId, ngo.id))).run();
    const former = demoUser(database.db, "ngo@example.org");
    expect(getSubmission(database.db, former, second.number, new Date()).abilities.amend).toBe(false);
    expect(() => withdrawSubmission(database.db, former, second.number, "Ya no estoy", new Date())).toThrow(ForbiddenError);
    expect(getSubmission(database.db, null, second.number, new Date()).withdrawnAt).toBeNull();
  });
});

describe("attachment names and paper organizations", () => {
  it("drops bidi overrides and invisible format characters and replaces C1 controls and separators", () => {
    expect(safeFileName("factura\u202Efdp.exe", "application/pdf")).toBe("facturafdp.pdf");
    expect(safeFileName("a\u2066b\u2069\u200Bc\uFEFF.png", "image/png")).toBe("abc.png");
    expect(safeFileName("line\u2028two\u0085three.pdf", "application/pdf")).toBe("line_two_three.pdf");
    expect(safeFileName("...", "application/pdf")).toBe("attachment.pdf");
    expect(safeFileName('x"\r\nSet-Cookie: a=b.pdf', "application/pdf")).not.toMatch(/[\r\n"]/);
  });

  it("registers a paper submission only in the name of a verified organization (a pending one's name is not public)", async () => {
    const pending = database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "comerciantes-centro")).get();
    const paper = { title: "Escrito", body: "Texto", clauseIds: [], filerName: "Comerciantes", filerContact: "", organizationId: pending?.id ?? 0, signedPublicly: false, receivedAt: new Date(Date.now() - 86_400_000), uploads: { files: [], overflow: false } };
    await expect(registerPaperSubmission(deps(), demoUser(database.db, "editor@example.org"), SLUG, paper, now)).rejects.toBeInstanceOf(ValidationError);
    expect(count(submissions)).toBe(0);
  });
});
