import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/connection";
import { documentVersions, processes } from "../../db/schema";
import { contentHash } from "../../server/services/documents/content-hash";
import { generateRegulation } from "./generate-regulation";

/** Slug of the generated regulation the reading benchmark publishes. */
export const GENERATED_SLUG = "reglamento-generado-300";

/**
 * Publishes the generated 300-article regulation (version 1) in a running server's database,
 * through a second connection (SQLite WAL allows it). Idempotent per database.
 */
export function publishGeneratedRegulation(databaseUrl: string, articles = 300, seed = 20_270_101): { bytes: number } {
  const db = openDatabase(databaseUrl);
  try {
    const doc = generateRegulation({ seed, articles });
    const json = doc.toJSON() as unknown;
    const content = JSON.stringify(json);
    const existing = db.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, GENERATED_SLUG)).get();
    if (existing) return { bytes: content.length };
    const now = new Date();
    db.db.transaction((tx) => {
      const row = tx
        .insert(processes)
        .values({
          slug: GENERATED_SLUG,
          kind: "regulation",
          title: `Reglamento generado de ${articles} artículos`,
          summary: "Documento sintético para medir la vista de lectura.",
          department: "Banco de pruebas",
          publishedAt: now,
          createdAt: now,
        })
        .returning({ id: processes.id })
        .get();
      tx.insert(documentVersions).values({ processId: row.id, number: 1, content, contentHash: contentHash(json), changelog: "Versión generada.", publishedAt: now }).run();
    });
    return { bytes: content.length };
  } finally {
    db.close();
  }
}
