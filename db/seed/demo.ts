import { sql } from "drizzle-orm";
import type { Db } from "../connection";
import {
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
 * organizations, the draft mobility ordinance (in its annotation phase) and the 2027
 * participatory budget. Phase dates are relative to `now` so the demo is always live.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<void> {
  const now = options.now.getTime();
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => options.hashPassword(DEMO_PASSWORD)));
  const ordinance = JSON.stringify(ordinanceDocument().toJSON());
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
          verifiedAt: org.verified ? new Date(now - 30 * DAY) : null,
          createdAt: new Date(now - 60 * DAY),
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
    const editorId = userIds.get("editor@example.org") ?? null;

    const processSeeds: Array<{
      meta: typeof ORDINANCE | typeof BUDGET;
      content: string;
      windows: Array<[PhaseKind, number, number]>;
    }> = [
      { meta: ORDINANCE, content: ordinance, windows: ORDINANCE.phases },
      { meta: BUDGET, content: budget, windows: BUDGET.phases },
    ];
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
      tx.insert(documentVersions)
        .values({
          processId: process.id,
          number: 1,
          content,
          contentHash: options.contentHash(JSON.parse(content)),
          changelog: meta.changelog,
          publishedAt: new Date(now - 14 * DAY),
          publishedBy: editorId,
        })
        .run();
      tx.insert(documentDrafts).values({ processId: process.id, content, updatedAt: new Date(now - 14 * DAY), updatedBy: editorId }).run();
    }
  });
}
