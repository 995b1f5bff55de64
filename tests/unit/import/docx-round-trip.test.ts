import type { Node as PMNode } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { buildBudget, buildRegulation, documentSchema as s, newClauseId } from "../../../collab/schema";
import { clauseTree, documentTitle, flattenClauses, type Clause } from "../../../collab/schema/clauses";
import { BUDGET_OUTLINE } from "../../../db/seed/content/budget";
import { ORDINANCE_OUTLINE } from "../../../db/seed/content/ordinance";
import { toDocx } from "../../../server/services/documents/docx-export";
import { importDocument } from "../../../server/services/documents/import/import-document";
import { matchDocuments } from "../../../server/services/documents/reimport/match-clauses";

/** A clause tree without ids or anchors: what must survive the round trip. */
function shape(doc: PMNode): unknown[] {
  const strip = (c: Clause): unknown => ({
    kind: c.kind,
    label: c.label,
    heading: c.heading,
    text: c.text,
    articleType: c.articleType,
    ordered: c.ordered,
    amountCents: c.amountCents,
    totalCents: c.totalCents,
    code: c.code,
    programme: c.programme,
    rows: c.rows?.map((r) => r.map((cell) => ({ header: cell.header, text: cell.runs.map((x) => ("text" in x ? x.text : " ")).join("") }))),
    children: c.children.map(strip),
  });
  return [documentTitle(doc), ...clauseTree(doc).map(strip)];
}

async function roundTrip(doc: PMNode, kind: "regulation" | "budget"): Promise<PMNode> {
  const bytes = await toDocx({ title: documentTitle(doc), tree: clauseTree(doc) });
  return importDocument({ kind, fileName: "export.docx", bytes: new Uint8Array(bytes) });
}

const t = (value: string) => (value ? [s.text(value)] : []);

/** Sections, provisions, a table, bullets, marks and a paragraph that starts like a number. */
function richRegulation(): PMNode {
  const p = (value: string, marks = false) =>
    s.nodes.paragraph.create({ id: newClauseId() }, marks ? [s.text("Con "), s.text("negrita", [s.marks.strong.create()]), s.text(" y texto.")] : t(value));
  const art = (heading: string, blocks: PMNode[], type = "article") => s.nodes.article.create({ id: newClauseId(), type }, [s.nodes.heading.create(null, t(heading)), ...blocks]);
  const table = s.nodes.table.create({ id: newClauseId() }, [
    s.nodes.table_row.create(null, [s.nodes.table_cell.create({ header: true }, t("Zona")), s.nodes.table_cell.create({ header: true }, t("Velocidad"))]),
    s.nodes.table_row.create(null, [s.nodes.table_cell.create({ header: false }, t("Centro")), s.nodes.table_cell.create({ header: false }, t("20 km/h"))]),
  ]);
  const bullets = s.nodes.list.create({ id: newClauseId(), ordered: false }, [
    s.nodes.list_item.create({ id: newClauseId() }, t("Primera viñeta.")),
    s.nodes.list_item.create({ id: newClauseId() }, t("Segunda viñeta.")),
  ]);
  const letters = s.nodes.list.create({ id: newClauseId(), ordered: true }, [s.nodes.list_item.create({ id: newClauseId() }, t("Elemento uno."))]);
  return s.nodes.doc.create(null, [
    s.nodes.title.create(null, t("Ordenanza de prueba")),
    s.nodes.preamble.create(null, [p("Motivos de la norma.")]),
    s.nodes.chapter.create({ id: newClauseId() }, [
      s.nodes.heading.create(null, t("General")),
      s.nodes.section.create({ id: newClauseId() }, [s.nodes.heading.create(null, t("Calles")), art("Objeto", [p("", true), p("Segundo párrafo."), letters])]),
      s.nodes.section.create({ id: newClauseId() }, [s.nodes.heading.create(null, t("Plazas")), art("Zonas", [table, bullets]), art("Cifras", [p("3. Empieza como un número.")])]),
    ]),
    art("Entrada en vigor", [p("Al día siguiente de su publicación.")], "final"),
  ]);
}

describe("DOCX export → import round trip", () => {
  it("the demo ordinance comes back with the same clause tree, and every clause matches unchanged", async () => {
    const doc = buildRegulation(ORDINANCE_OUTLINE);
    const back = await roundTrip(doc, "regulation");
    expect(shape(back)).toEqual(shape(doc));
    const match = matchDocuments(doc, back);
    expect(match.summary).toMatchObject({ modified: 0, moved: 0, new: 0, removed: 0 });
    expect(match.idMap.size).toBe(flattenClauses(clauseTree(doc)).length);
  });

  it("the demo budget keeps districts, lines, codes, programmes and amounts", async () => {
    const doc = buildBudget(BUDGET_OUTLINE);
    const back = await roundTrip(doc, "budget");
    expect(shape(back)).toEqual(shape(doc));
    expect(matchDocuments(doc, back).summary).toMatchObject({ modified: 0, moved: 0, new: 0, removed: 0 });
  });

  it("sections, provisions, tables, bullet and letter lists and a number-like paragraph survive", async () => {
    const doc = richRegulation();
    const back = await roundTrip(doc, "regulation");
    expect(shape(back)).toEqual(shape(doc));
  });
});
