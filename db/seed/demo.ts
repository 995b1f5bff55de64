import { eq, sql } from "drizzle-orm";
import type { Db } from "../connection";
import {
  amendmentAuthors,
  amendments,
  amendmentSupports,
  collabSnapshots,
  collabUpdates,
  documentDrafts,
  documentVersions,
  organizationMembers,
  organizations,
  phases,
  processes,
  userRoles,
  users,
  type PhaseKind,
  type StaffRole,
} from "../schema";
import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS, DEMO_PASSWORD } from "./content/accounts";
import { ordinanceDocument, ORDINANCE } from "./content/ordinance";
import { budgetDocument, BUDGET } from "./content/budget";
import { demoAmendments } from "./content/amendments";

const DAY = 24 * 60 * 60 * 1000;

/** Whether the database has never been used (no users): only then is the demo seeded at start. */
export function isDatabaseEmpty(db: Db): boolean {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n === 0;
}

/** Options of the demo seed. */
export interface SeedOptions {
  now: Date;
  /** argon2id hasher (injected: db/ does not depend on server/). */
  hashPassword: (password: string) => Promise<string>;
  /** The content hash every published version records (server/services/documents/content-hash.ts). */
  contentHash: (doc: unknown) => string;
}

/**
 * Creates the demo council, "Ayuntamiento de Villanueva del Río": staff and resident accounts,
 * organizations, the draft mobility ordinance (in its annotation and amendments phases) with two
 * amendments — a draft co-written live by Bici Villanueva's representative and a verified
 * resident, and a submitted one with three supports — and the 2027 participatory budget. Phase
 * dates are relative to `now` so the demo is always live.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<void> {
  const now = options.now.getTime();
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => options.hashPassword(DEMO_PASSWORD)));
  const ordinanceDoc = ordinanceDocument();
  const ordinance = JSON.stringify(ordinanceDoc.toJSON());
  const demo = demoAmendments(ordinanceDoc);
  const budget = JSON.stringify(budgetDocument().toJSON());

  db.transaction((tx) => {
    const orgIds = new Map<string, number>();
    for (const org of DEMO_ORGANIZATIONS) {
      const row = tx
        .insert(organizations)
        .values({
          slug: org.slug,
          name: org.name,
          description: org.description,
          registrationNumber: org.registrationNumber,
          kind: org.kind,
          address: org.address,
          website: org.website,
          contactEmail: org.contactEmail,
          contactPhone: org.contactPhone,
          submittedAt: new Date(now - (org.verified ? 40 : 2) * DAY),
          verifiedAt: org.verified ? new Date(now - 30 * DAY) : null,
          createdAt: new Date(now - (org.verified ? 60 : 2) * DAY),
        })
        .returning({ id: organizations.id })
        .get();
      orgIds.set(org.slug, row.id);
    }
    const userIds = new Map<string, number>();
    DEMO_ACCOUNTS.forEach((account, i) => {
      const row = tx
        .insert(users)
        .values({
          email: account.email,
          name: account.name,
          passwordHash: hashes[i] ?? "",
          locale: "es",
          verifiedAt: account.verified ? new Date(now - 20 * DAY) : null,
          createdAt: new Date(now - 90 * DAY),
        })
        .returning({ id: users.id })
        .get();
      userIds.set(account.email, row.id);
      for (const role of account.staffRoles as readonly StaffRole[]) {
        tx.insert(userRoles).values({ userId: row.id, role, grantedAt: new Date(now - 90 * DAY) }).run();
      }
      for (const slug of account.organizations) {
        const organizationId = orgIds.get(slug);
        if (organizationId === undefined) throw new RangeError(`Demo account ${account.email} names unknown organization ${slug}`);
        tx.insert(organizationMembers).values({ organizationId, userId: row.id, joinedAt: new Date(now - 60 * DAY) }).run();
      }
    });
    for (const org of DEMO_ORGANIZATIONS) {
      const appliedBy = userIds.get(org.applicant);
      const organizationId = orgIds.get(org.slug);
      if (appliedBy === undefined || organizationId === undefined) throw new RangeError(`Demo organization ${org.slug} names unknown applicant ${org.applicant}`);
      tx.update(organizations).set({ appliedBy }).where(eq(organizations.id, organizationId)).run();
    }
    const editorId = userIds.get("editor@example.org") ?? null;

    const processSeeds: Array<{
      meta: typeof ORDINANCE | typeof BUDGET;
      content: string;
      windows: Array<[PhaseKind, number, number]>;
    }> = [
      { meta: ORDINANCE, content: ordinance, windows: ORDINANCE.phases },
      { meta: BUDGET, content: budget, windows: BUDGET.phases },
    ];
    const versionIds = new Map<string, { processId: number; versionId: number }>();
    for (const { meta, content, windows } of processSeeds) {
      const process = tx
        .insert(processes)
        .values({
          slug: meta.slug,
          kind: meta.kind,
          title: meta.title,
          summary: meta.summary,
          department: meta.department,
          publishedAt: new Date(now - 14 * DAY),
          createdBy: editorId,
          createdAt: new Date(now - 21 * DAY),
        })
        .returning({ id: processes.id })
        .get();
      for (const [kind, startDay, endDay] of windows) {
        tx.insert(phases)
          .values({ processId: process.id, kind, startsAt: new Date(now + startDay * DAY), endsAt: new Date(now + endDay * DAY) })
          .run();
      }
      const version = tx
        .insert(documentVersions)
        .values({
          processId: process.id,
          number: 1,
          content,
          contentHash: options.contentHash(JSON.parse(content)),
          changelog: meta.changelog,
          publishedAt: new Date(now - 14 * DAY),
          publishedBy: editorId,
        })
        .returning({ id: documentVersions.id })
        .get();
      versionIds.set(meta.slug, { processId: process.id, versionId: version.id });
      tx.insert(documentDrafts).values({ processId: process.id, content, updatedAt: new Date(now - 14 * DAY), updatedBy: editorId }).run();
    }

    const target = versionIds.get(ORDINANCE.slug);
    const idOf = (email: string) => {
      const id = userIds.get(email);
      if (id === undefined) throw new RangeError(`The demo amendments name unknown account ${email}`);
      return id;
    };
    if (!target) throw new RangeError("The demo ordinance was not seeded");
    /** Stores an amendment's collaborative document: the snapshot from its start, then its edits. */
    const storeDocument = (id: number, amendment: { snapshot: Uint8Array; updates: Uint8Array[] }, at: number) => {
      const document = `amendment-${id}`;
      tx.insert(collabSnapshots).values({ document, state: Buffer.from(amendment.snapshot), lastUpdateId: 0, updatedAt: new Date(at) }).run();
      for (const update of amendment.updates) tx.insert(collabUpdates).values({ document, update: Buffer.from(update), createdAt: new Date(at + DAY) }).run();
    };

    // A draft Bici Villanueva's representative started for the association and a verified resident joined.
    const draft = tx
      .insert(amendments)
      .values({
        processId: target.processId,
        versionId: target.versionId,
        clauseId: demo.draft.clauseId,
        kind: "modify",
        status: "draft",
        justification: demo.draft.justification,
        organizationId: orgIds.get("bici-villanueva") ?? null,
        createdBy: idOf("ngo@example.org"),
        createdAt: new Date(now - 2 * DAY),
      })
      .returning({ id: amendments.id })
      .get();
    tx.insert(amendmentAuthors).values({ amendmentId: draft.id, userId: idOf("ngo@example.org"), role: "author", joinedAt: new Date(now - 2 * DAY) }).run();
    tx.insert(amendmentAuthors).values({ amendmentId: draft.id, userId: idOf("verified@example.org"), role: "coauthor", joinedAt: new Date(now - DAY) }).run();
    storeDocument(draft.id, demo.draft, now - 2 * DAY);

    // A submitted amendment of a verified resident, frozen with its content hash, and supported.
    const supporters = ["resident@example.org", "moderator@example.org", "ngo@example.org"];
    const submitted = tx
      .insert(amendments)
      .values({
        processId: target.processId,
        versionId: target.versionId,
        clauseId: demo.submitted.clauseId,
        kind: "modify",
        status: "submitted",
        justification: demo.submitted.justification,
        createdBy: idOf("verified@example.org"),
        createdAt: new Date(now - 5 * DAY),
        content: JSON.stringify(demo.submitted.wording),
        contentHash: options.contentHash(demo.submitted.wording),
        submittedAt: new Date(now - 3 * DAY),
        supportCount: supporters.length,
      })
      .returning({ id: amendments.id })
      .get();
    tx.insert(amendmentAuthors).values({ amendmentId: submitted.id, userId: idOf("verified@example.org"), role: "author", joinedAt: new Date(now - 5 * DAY) }).run();
    storeDocument(submitted.id, demo.submitted, now - 5 * DAY);
    supporters.forEach((email, i) => {
      tx.insert(amendmentSupports).values({ amendmentId: submitted.id, userId: idOf(email), createdAt: new Date(now - (2 - i * 0.5) * DAY) }).run();
    });
  });
}
