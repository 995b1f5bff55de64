import { eq } from "drizzle-orm";
import type { Database_ } from "../../db/connection";
import { documentVersions, processes } from "../../db/schema";
import { contentHash } from "../../server/services/documents/content-hash";

/** ProseMirror JSON as stored, loosely typed so tests can edit it in place. */
export interface NodeJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJson[];
  text?: string;
}

/** The stored JSON of a published version (throws when missing). */
export function versionJson(db: Database_, slug: string, number: number): NodeJson {
  const process = db.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!process) throw new Error(`No process ${slug}`);
  const row = db.db
    .select({ content: documentVersions.content, number: documentVersions.number, processId: documentVersions.processId })
    .from(documentVersions)
    .where(eq(documentVersions.processId, process.id))
    .all()
    .find((r) => r.number === number);
  if (!row) throw new Error(`No version ${number} of ${slug}`);
  return JSON.parse(row.content) as NodeJson;
}

/** Every node of a JSON tree of a given type, in document order. */
export function nodesOfType(node: NodeJson, type: string): NodeJson[] {
  const out: NodeJson[] = [];
  const walk = (n: NodeJson) => {
    if (n.type === type) out.push(n);
    n.content?.forEach(walk);
  };
  walk(node);
  return out;
}

/**
 * Inserts a published version directly (the publishing flow is another feature): tests of the
 * reading side need a v2 with known edits.
 */
export function insertVersion(db: Database_, slug: string, number: number, content: NodeJson, changelog: string, publishedAt = new Date()): void {
  const process = db.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!process) throw new Error(`No process ${slug}`);
  db.db
    .insert(documentVersions)
    .values({ processId: process.id, number, content: JSON.stringify(content), contentHash: contentHash(content), changelog, publishedAt })
    .run();
}

/**
 * A v2 of the demo ordinance: the first paragraph of article 1 reworded, article 2 removed,
 * and the last article of the first chapter moved to its front. Returns the ids involved.
 */
export function editedOrdinance(v1: NodeJson): { v2: NodeJson; rewordedParagraphId: string; removedArticleId: string; movedArticleId: string } {
  const v2 = JSON.parse(JSON.stringify(v1)) as NodeJson;
  const chapter = nodesOfType(v2, "chapter")[0];
  const articles = (chapter?.content ?? []).filter((n) => n.type === "article");
  const [first, second] = articles;
  const last = articles[articles.length - 1];
  const para = first?.content?.find((n) => n.type === "paragraph");
  const text = para?.content?.[0];
  if (!chapter?.content || !first || !second || !last || !para || !text || typeof text.text !== "string") throw new Error("Unexpected ordinance shape");
  text.text = text.text.replace("regular los usos", "ordenar y regular los usos").replace(" y el ruido", "");
  chapter.content = chapter.content.filter((n) => n !== second && n !== last);
  chapter.content.splice(1, 0, last);
  return {
    v2,
    rewordedParagraphId: String(para.attrs?.id),
    removedArticleId: String(second.attrs?.id),
    movedArticleId: String(last.attrs?.id),
  };
}
