import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { organizations, processes, users } from "../../../db/schema";
import { DEMO_SUBMISSIONS } from "../../../db/seed/content/submissions";
import { ORDINANCE } from "../../../db/seed/content/ordinance";
import { flattenClauses } from "../../../collab/schema/clauses";
import { loadCurrentUser } from "../current-user";
import { loadVersion } from "../documents/versions";
import { fileSubmission, registerPaperSubmission } from "./file";
import type { Registry } from "./registry";
import type { StagedUploads } from "./uploads";

const DAY = 24 * 60 * 60 * 1000;

/** A small real PDF: the demo's "report" attachment. */
export async function demoReportPdf(title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreationDate(new Date(Date.UTC(2026, 0, 15)));
  pdf.setModificationDate(new Date(Date.UTC(2026, 0, 15)));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595.28, 841.89]);
  page.drawText(title, { x: 50, y: 780, size: 14, font });
  page.drawText("Aforos de bicicletas en el casco historico: 38 % de los desplazamientos.", { x: 50, y: 750, size: 10, font });
  return Buffer.from(await pdf.save());
}

/**
 * Files the demo submissions of db/seed/content/submissions.ts through the registry, each at its
 * day in the open allegations phase (right after seedDemo). Paper ones are registered by the editor.
 */
export async function seedDemoSubmissions(db: Db, registry: Registry, now: () => Date): Promise<void> {
  const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, ORDINANCE.slug)).get();
  const version = process ? loadVersion(db, process.id, 1) : null;
  if (!process || !version) throw new RangeError("The demo ordinance was not seeded");
  const byHeading = new Map(flattenClauses(version.tree).filter((c) => c.clause.heading).map((c) => [c.clause.heading, c.clause.id] as const));
  const clauseIds = (headings: readonly string[]) =>
    headings.map((h) => {
      const id = byHeading.get(h);
      if (!id) throw new RangeError(`The demo ordinance has no article "${h}"`);
      return id;
    });
  const userOf = (email: string) => {
    const id = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id;
    const user = id !== undefined ? loadCurrentUser(db, id) : null;
    if (!user) throw new RangeError(`The demo submissions name unknown account ${email}`);
    return user;
  };
  const orgId = (slug: string) => db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug)).get()?.id ?? null;
  const numbers = new Map<string, string>();
  const base = now().getTime();
  for (const demo of DEMO_SUBMISSIONS) {
    const uploads: StagedUploads = { files: [], overflow: false };
    if (demo.pdf) {
      const bytes = await demoReportPdf(demo.title);
      const path = registry.store.stagingPath();
      writeFileSync(path, bytes);
      uploads.files.push({ field: "attachments", fileName: demo.paper ? "escrito-escaneado.pdf" : "informe-aforos.pdf", path, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    }
    const at = () => new Date(base - demo.daysAgo * DAY);
    // Seed data, not staff actions: no receipt mail and no audit entry (seedDemo writes none either).
    const deps = { db, registry, mailOrigin: null, mailReceipt: false, audit: false };
    const filed = demo.paper
      ? await registerPaperSubmission(
          deps,
          userOf("editor@example.org"),
          ORDINANCE.slug,
          {
            title: demo.title,
            body: demo.body,
            clauseIds: clauseIds(demo.clauses),
            filerName: demo.paper.name,
            filerContact: demo.paper.contact,
            organizationId: demo.organization ? orgId(demo.organization) : null,
            signedPublicly: demo.signedPublicly,
            receivedAt: new Date(base - demo.paper.receivedDaysAgo * DAY),
            uploads,
          },
          at,
        )
      : await fileSubmission(
          deps,
          userOf(demo.by),
          ORDINANCE.slug,
          {
            title: demo.title,
            body: demo.body,
            clauseIds: clauseIds(demo.clauses),
            actingFor: demo.organization ? { kind: "organization", organizationId: orgId(demo.organization) ?? -1 } : { kind: "self" },
            signedPublicly: demo.signedPublicly,
            corrects: demo.corrects ? (numbers.get(demo.corrects) ?? null) : null,
            uploads,
          },
          at,
        );
    numbers.set(demo.key, filed.number);
  }
}
