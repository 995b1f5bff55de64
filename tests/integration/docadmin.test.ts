import { count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clauseTree, type Clause } from "../../collab/schema/clauses";
import { documentSchema } from "../../collab/schema";
import { ordinanceDocument } from "../../db/seed/content/ordinance";
import { auditLog, documentDrafts, documentVersions, phases, processes } from "../../db/schema";
import { documentToDocx } from "../support/docx-fixture";
import { postMultipart, signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";
import { buildZip } from "../support/zip";

let server: TestServer;
let editor: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  editor = await signedInClient(server, "editor@example.org");
});
afterAll(async () => {
  await server.stop();
});

const db = () => server.inspect.db;

function processId(slug: string): number {
  const row = db().select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!row) throw new Error(`no process ${slug}`);
  return row.id;
}

function counts() {
  return {
    processes: db().select({ n: count() }).from(processes).get()?.n,
    phases: db().select({ n: count() }).from(phases).get()?.n,
    drafts: db().select({ content: documentDrafts.content }).from(documentDrafts).all(),
    versions: db().select({ n: count() }).from(documentVersions).get()?.n,
    audit: db().select({ n: count() }).from(auditLog).get()?.n,
  };
}

function unescapeAttr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function hiddenContent(html: string): string {
  const match = /name="content" value="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("no preview content in the page");
  return unescapeAttr(match[1]);
}

async function createProcess(client: TestClient, fields: Record<string, string>): Promise<Response> {
  return client.postForm("/admin/processes/new", fields);
}

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe("processes", () => {
  it("lists unpublished processes to editors", async () => {
    await createProcess(editor, { kind: "regulation", title: "Ordenanza oculta", slug: "" });
    const page = await editor.get("/admin/processes");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Ordenanza oculta");
    expect(html).toContain("Ordenanza de Movilidad Sostenible");
  });

  it("creates a process with a slug derived from the title, audited, unpublished", async () => {
    const response = await createProcess(editor, { kind: "regulation", title: "Reglamento de Huertos Urbanos", slug: "", summary: "Huertos", department: "Medio Ambiente" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/processes/reglamento-de-huertos-urbanos?done=created");
    const row = db().select({ publishedAt: processes.publishedAt, kind: processes.kind }).from(processes).where(eq(processes.slug, "reglamento-de-huertos-urbanos")).get();
    expect(row).toEqual({ publishedAt: null, kind: "regulation" });
    const audit = db().select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
    expect(audit?.action).toBe("process.create");
  });

  it("answers 400 with field errors and stores nothing", async () => {
    const before = counts();
    const response = await createProcess(editor, { kind: "", title: "", slug: "No Vale!" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Escribe el título del proceso.");
    expect(html).toContain("Elige si es una ordenanza o un presupuesto.");
    expect(html).toContain("Usa solo minúsculas");
    expect(counts()).toEqual(before);
  });

  it("refuses a duplicate slug with a field error", async () => {
    const before = counts();
    const response = await createProcess(editor, { kind: "budget", title: "Otro", slug: "ordenanza-movilidad-sostenible" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Ya hay un proceso con esta dirección.");
    expect(counts()).toEqual(before);
  });

  it("validates the phase calendar and stores Madrid times as UTC", async () => {
    await createProcess(editor, { kind: "regulation", title: "Calendario", slug: "calendario" });
    const before = counts();
    const bad = await editor.postForm("/admin/processes/calendario", {
      intent: "phases",
      "phases.information.startsAt": "2026-07-10T10:00",
      "phases.information.endsAt": "2026-07-01T10:00",
      "phases.amendments.startsAt": "2026-07-01T10:00",
      "phases.amendments.endsAt": "2026-07-20T10:00",
      "phases.final_vote.startsAt": "2026-07-15T10:00",
      "phases.final_vote.endsAt": "2026-07-30T10:00",
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("El fin debe ser posterior al inicio.");
    expect(html).toContain("La votación final debe empezar cuando hayan terminado");
    expect(counts()).toEqual(before);

    const good = await editor.postForm("/admin/processes/calendario", {
      intent: "phases",
      "phases.information.startsAt": "2026-07-01T10:00",
      "phases.information.endsAt": "2026-07-10T10:00",
      "phases.final_vote.startsAt": "2026-12-01T09:00",
      "phases.final_vote.endsAt": "2026-12-15T21:00",
    });
    expect(good.status).toBe(303);
    const stored = db().select({ kind: phases.kind, startsAt: phases.startsAt }).from(phases).where(eq(phases.processId, processId("calendario"))).all();
    expect(stored.map((p) => [p.kind, p.startsAt.toISOString()]).sort()).toEqual([
      ["final_vote", "2026-12-01T08:00:00.000Z"],
      ["information", "2026-07-01T08:00:00.000Z"],
    ]);
  });

  it("publishes and unpublishes the process, audited", async () => {
    const publish = await editor.postForm("/admin/processes/calendario", { intent: "publish" });
    expect(publish.status).toBe(303);
    expect(db().select({ p: processes.publishedAt }).from(processes).where(eq(processes.slug, "calendario")).get()?.p).not.toBeNull();
    expect((await new TestClient(server.url).get("/processes/calendario")).status).toBe(200);
    await editor.postForm("/admin/processes/calendario", { intent: "unpublish" });
    expect(db().select({ p: processes.publishedAt }).from(processes).where(eq(processes.slug, "calendario")).get()?.p).toBeNull();
    const actions = db().select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(2).all();
    expect(actions.map((a) => a.action)).toEqual(["process.unpublish", "process.publish"]);
  });
});

/** The structure a reader sees: labels, headings and texts, in order. */
function shape(clauses: Clause[]): unknown[] {
  return clauses.map((c) => [c.label, c.heading, c.text, shape(c.children)]);
}

describe("import and publish", () => {
  it("imports the demo ordinance from a DOCX, previews it, saves the draft and publishes v1", async () => {
    await createProcess(editor, { kind: "regulation", title: "Ordenanza importada", slug: "ordenanza-importada" });
    const seeded = ordinanceDocument();
    const docx = await documentToDocx(seeded);
    const before = counts();

    const preview = await postMultipart(editor, "/admin/processes/ordenanza-importada/import", { intent: "preview", file: new Blob([new Uint8Array(docx)], { type: DOCX }) }, "ordenanza.docx");
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Guardar como borrador");
    // Nothing is stored by the preview.
    expect(counts()).toEqual(before);

    const content = hiddenContent(html);
    const imported = documentSchema.nodeFromJSON(JSON.parse(content));
    expect(shape(clauseTree(imported))).toEqual(shape(clauseTree(seeded)));

    const save = await postMultipart(editor, "/admin/processes/ordenanza-importada/import", { intent: "save", fileName: "ordenanza.docx", content });
    expect(save.status).toBe(303);
    expect(save.headers.get("location")).toBe("/admin/processes/ordenanza-importada/publish?done=imported");
    const draft = db().select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId("ordenanza-importada"))).get();
    expect(draft?.content).toBe(content);

    const page = await editor.get("/admin/processes/ordenanza-importada/publish");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Publicar versión 1");

    const noChangelog = await editor.postForm("/admin/processes/ordenanza-importada/publish", { changelog: " ", baseVersion: "0" });
    expect(noChangelog.status).toBe(400);
    expect(await noChangelog.text()).toContain("Explica qué cambia en esta versión.");

    const published = await editor.postForm("/admin/processes/ordenanza-importada/publish", { changelog: "Borrador inicial", baseVersion: "0" });
    expect(published.status).toBe(303);
    const version = db()
      .select({ number: documentVersions.number, contentHash: documentVersions.contentHash, changelog: documentVersions.changelog, content: documentVersions.content })
      .from(documentVersions)
      .where(eq(documentVersions.processId, processId("ordenanza-importada")))
      .all();
    expect(version).toHaveLength(1);
    expect(version[0]).toMatchObject({ number: 1, changelog: "Borrador inicial" });
    expect(version[0]?.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Clause ids of the draft are the ids of the version.
    expect(version[0]?.content).toBe(content);
    const audit = db().select({ action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.id)).limit(2).all();
    expect(audit.map((a) => a.action)).toEqual(["version.publish", "document.import"]);

    const again = await editor.postForm("/admin/processes/ordenanza-importada/publish", { changelog: "Otra vez", baseVersion: "1" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("El borrador es idéntico a la última versión publicada");
  });

  it("names the line of a Markdown file it cannot parse and stores nothing", async () => {
    const before = counts();
    const md = "# Ordenanza\n\n## Capítulo I. General\n\nTexto suelto sin artículo.\n";
    const response = await postMultipart(editor, "/admin/processes/ordenanza-importada/import", { intent: "preview", file: new Blob([md], { type: "text/markdown" }) }, "borrador.md");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Línea 5: se esperaba «Artículo N» dentro de un capítulo antes de este texto.");
    expect(counts()).toEqual(before);
  });

  it("answers 413 to a 20 MB upload and stores nothing", async () => {
    const before = counts();
    const big = new Uint8Array(20 * 1024 * 1024);
    let status: number;
    try {
      const response = await postMultipart(editor, "/admin/processes/ordenanza-importada/import", { intent: "preview", file: new Blob([big], { type: DOCX }) }, "grande.docx");
      status = response.status;
      expect(await response.text()).toContain("supera el tamaño máximo");
    } catch (error) {
      throw new Error(`The server reset the connection instead of answering 413: ${String(error)}`);
    }
    expect(status).toBe(413);
    expect(counts()).toEqual(before);
  });

  it.each([
    ["a text file named .docx", () => Buffer.from("Esto no es un documento de Word"), "no es un documento DOCX válido"],
    [
      "a zip bomb",
      () => buildZip(Array.from({ length: 80 }, (_, i) => ({ name: `word/media/relleno${i}.xml`, data: Buffer.alloc(1024 * 1024, 0x41) }))),
      "se descomprime a un tamaño desproporcionado",
    ],
    ["a zip without word/document.xml", () => buildZip([{ name: "mimetype", data: Buffer.from("application/zip") }]), "falta word/document.xml"],
  ])("refuses %s with 400 and stores nothing", async (_name, bytes, message) => {
    const before = counts();
    const body = bytes();
    const response = await postMultipart(editor, "/admin/processes/ordenanza-importada/import", { intent: "preview", file: new Blob([new Uint8Array(body)], { type: DOCX }) }, "documento.docx");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(counts()).toEqual(before);
  });

  it("refuses a budget whose lines do not add up, listing each mismatch", async () => {
    await createProcess(editor, { kind: "budget", title: "Presupuesto de prueba", slug: "presupuesto-prueba" });
    const before = counts();
    const md = [
      "# Presupuesto de prueba",
      "Código | Programa | Distrito | Descripción | Importe",
      "C-01 | 1532 | Centro | Aceras | 10.000,00 €",
      "N-01 | 1710 | Norte | Parque | 5.000,00 €",
      "Total distrito | Centro | 12.000,00 €",
      "Total distrito | Norte | 5.000,00 €",
      "Total | 15.000,00 €",
    ].join("\n");
    const response = await postMultipart(editor, "/admin/processes/presupuesto-prueba/import", { intent: "preview", file: new Blob([md], { type: "text/plain" }) }, "presupuesto.txt");
    expect(response.status).toBe(400);
    // Amounts are formatted with the locale's non-breaking spaces.
    const html = (await response.text()).replace(/\u00a0/g, " ");
    expect(html).toContain("Distrito Centro: declara 12.000,00 €, pero sus líneas suman 10.000,00 €.");
    expect(counts()).toEqual(before);
  });

  it("lets exactly one of two concurrent publishes win; the other gets 409", async () => {
    const slug = "ordenanza-importada";
    // Change the draft so there is something new to publish as version 2.
    const id = processId(slug);
    const draft = db().select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, id)).get();
    const json = JSON.parse(draft?.content ?? "{}") as { content: Array<{ type: string; content?: Array<{ type: string; text?: string }> }> };
    const title = json.content[0];
    if (title?.content?.[0]) title.content[0].text = "Ordenanza de Movilidad Sostenible (revisada)";
    const content = JSON.stringify(json);
    const save = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "save", fileName: "editado.json", content });
    expect(save.status).toBe(303);

    const other = await signedInClient(server, "admin@example.org");
    const [a, b] = await Promise.all([
      editor.postForm(`/admin/processes/${slug}/publish`, { changelog: "Versión A", baseVersion: "1" }),
      other.postForm(`/admin/processes/${slug}/publish`, { changelog: "Versión B", baseVersion: "1" }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain("Otra persona acaba de publicar una versión");
    const versions = db().select({ number: documentVersions.number }).from(documentVersions).where(eq(documentVersions.processId, id)).all();
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2]);
  });
});

describe("permissions", () => {
  it.each(["resident@example.org", "verified@example.org", "ngo@example.org"])("%s gets 403 for every mutation and nothing is stored", async (email) => {
    const client = await signedInClient(server, email);
    const before = counts();
    const slug = "ordenanza-movilidad-sostenible";
    const md = new Blob(["# T\nArtículo 1. A\nTexto\n"], { type: "text/markdown" });
    const responses = [
      await client.get("/admin/processes"),
      await client.postForm("/admin/processes/new", { kind: "regulation", title: "Intruso" }),
      await client.postForm(`/admin/processes/${slug}`, { intent: "details", title: "Cambiado" }),
      await client.postForm(`/admin/processes/${slug}`, { intent: "phases", "phases.information.startsAt": "2026-07-01T10:00", "phases.information.endsAt": "2026-07-02T10:00" }),
      await client.postForm(`/admin/processes/${slug}`, { intent: "unpublish" }),
      await postMultipart(client, `/admin/processes/${slug}/import`, { intent: "preview", file: md }, "t.md"),
      await postMultipart(client, `/admin/processes/${slug}/import`, { intent: "save", content: "{}" }),
      await client.postForm(`/admin/processes/${slug}/publish`, { changelog: "x", baseVersion: "1" }),
    ];
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 403));
    expect(counts()).toEqual(before);
  });
});
