import type { Clause, InlineRun } from "../../../collab/schema/clauses";

/**
 * Akoma Ntoso 3.0 export of a published version. Regulations are an `act`; budgets a `doc`
 * named "budget" (a budget allocation is not an act, and `doc` accepts the district/line
 * containers that `bill` would not). Every eId is derived from stable clause ids
 * (`art_<id>`, `art_<id>__para_<id>`), so a reference into version 1 still resolves in
 * version 2. Validated against the OASIS schema by tests/unit/akn.test.ts.
 */

/** What the export needs besides the clause tree. */
export interface AknInput {
  kind: "regulation" | "budget";
  slug: string;
  title: string;
  versionNumber: number;
  publishedAt: Date;
  contentHash: string;
  tree: readonly Clause[];
  /** Authoring body shown in FRBR metadata. */
  author?: string;
}

const NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
const REDACTA_NS = "https://redacta.example/ns/akn-proprietary";

/** Characters XML 1.0 forbids: C0 controls other than tab and newlines, U+FFFE, U+FFFF. */
const FORBIDDEN_XML_CHARS = new RegExp("[" + String.fromCharCode(0) + "-" + String.fromCharCode(8) + "\\v\\f" + String.fromCharCode(14) + "-" + String.fromCharCode(31) + "\\ufffe\\uffff]", "g");

/** Escapes text for XML element content and attribute values. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(FORBIDDEN_XML_CHARS, "");
}

function inline(runs: readonly InlineRun[] | undefined, fallback: string): string {
  if (!runs) return xmlEscape(fallback);
  return runs
    .map((r) => {
      if ("break" in r) return "<eol/>";
      let out = xmlEscape(r.text);
      if (r.marks?.includes("em")) out = `<i>${out}</i>`;
      if (r.marks?.includes("strong")) out = `<b>${out}</b>`;
      return out;
    })
    .join("");
}

const PREFIX: Partial<Record<Clause["kind"], string>> = {
  chapter: "chp",
  section: "sec",
  article: "art",
  paragraph: "para",
  list: "list",
  list_item: "point",
  table: "tbl",
  budget_district: "dist",
  budget_line: "line",
};

/** The eId of a clause: its own segment after its parent's eId, joined with "__" as AKN does. */
function eid(parentEid: string | null, clause: Clause): string {
  const own = `${PREFIX[clause.kind] ?? "hcontainer"}_${clause.id}`;
  // Articles and chapters are top-level citation units: their eId does not include their
  // container, so moving an article to another chapter keeps its eId.
  if (parentEid === null || clause.kind === "article" || clause.kind === "chapter" || clause.kind === "section") return own;
  return `${parentEid}__${own}`;
}

const num = (value: string) => (value ? `<num>${xmlEscape(value)}</num>` : "");
const heading = (value: string) => (value ? `<heading>${xmlEscape(value)}</heading>` : "");

function tableXml(clause: Clause, id: string): string {
  const rows = (clause.rows ?? [])
    .map((row) => `<tr>${row.map((cell) => (cell.header ? `<th><p>${inline(cell.runs, "")}</p></th>` : `<td><p>${inline(cell.runs, "")}</p></td>`)).join("")}</tr>`)
    .join("");
  return `<hcontainer name="table" eId="${id}"><content><table eId="${id}__table">${rows}</table></content></hcontainer>`;
}

function articleXml(clause: Clause): string {
  const id = eid(null, clause);
  const children = clause.children
    .map((child) => {
      const childId = eid(id, child);
      if (child.kind === "paragraph") return `<paragraph eId="${childId}">${num(child.number)}<content><p>${inline(child.runs, child.text)}</p></content></paragraph>`;
      if (child.kind === "list") {
        const points = child.children
          .map((item) => `<point eId="${eid(childId, item)}">${num(item.number)}<content><p>${inline(item.runs, item.text)}</p></content></point>`)
          .join("");
        return `<list eId="${childId}">${points}</list>`;
      }
      if (child.kind === "table") return tableXml(child, childId);
      return "";
    })
    .join("");
  const refersTo = clause.articleType && clause.articleType !== "article" ? ` refersTo="#${clause.articleType}Provision"` : "";
  return `<article eId="${id}"${refersTo}>${num(clause.label)}${heading(clause.heading)}${children || "<content><p/></content>"}</article>`;
}

function regulationBody(tree: readonly Clause[]): string {
  const parts: string[] = [];
  for (const c of tree) {
    if (c.kind === "chapter") {
      const inner = c.children
        .map((child) =>
          child.kind === "section"
            ? `<section eId="${eid(null, child)}">${num(child.label)}${heading(child.heading)}${child.children.map(articleXml).join("")}</section>`
            : child.kind === "article"
              ? articleXml(child)
              : "",
        )
        .join("");
      parts.push(`<chapter eId="${eid(null, c)}">${num(c.label)}${heading(c.heading)}${inner}</chapter>`);
    } else if (c.kind === "article") {
      parts.push(articleXml(c));
    }
  }
  return parts.join("");
}

function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function budgetBody(tree: readonly Clause[]): string {
  const budget = tree.find((c) => c.kind === "budget");
  if (!budget) return `<p/>`;
  const currency = xmlEscape(budget.currency ?? "EUR");
  const districts = budget.children
    .map((d) => {
      const did = eid(null, d);
      const lines = d.children
        .map((l) => {
          const amount = money(l.amountCents ?? 0);
          return (
            `<hcontainer name="budgetLine" eId="${eid(did, l)}">${num(l.code ?? l.number)}${heading(l.programme ?? "")}` +
            `<content><p>${inline(l.runs, l.text)}</p><p class="amount"><quantity normalized="${amount}" refersTo="#currency">${amount} ${currency}</quantity></p></content></hcontainer>`
          );
        })
        .join("");
      const sum = money(d.children.reduce((s, l) => s + (l.amountCents ?? 0), 0));
      return `<hcontainer name="district" eId="${did}">${heading(d.heading)}${lines}<wrapUp><p class="total"><quantity normalized="${sum}" refersTo="#currency">${sum} ${currency}</quantity></p></wrapUp></hcontainer>`;
    })
    .join("");
  const total = money(budget.totalCents ?? 0);
  return `<hcontainer name="budget" eId="ppto_${budget.id}">${districts}<wrapUp><p class="total"><quantity normalized="${total}" refersTo="#currency">${total} ${currency}</quantity></p></wrapUp></hcontainer>`;
}

function currencyOf(tree: readonly Clause[]): string {
  return tree.find((c) => c.kind === "budget")?.currency ?? "EUR";
}

/** The Akoma Ntoso XML of one version. */
export function toAkomaNtoso(input: AknInput): string {
  const date = input.publishedAt.toISOString().slice(0, 10);
  const docType = input.kind === "regulation" ? "act" : "doc";
  const name = input.kind === "regulation" ? "ordenanza" : "budget";
  const slug = encodeURIComponent(input.slug);
  const work = `/akn/es/${docType}/${name}/${date}/${slug}`;
  const expression = `${work}/spa@v${input.versionNumber}`;
  const manifestation = `${expression}/!main.xml`;
  const author = xmlEscape(input.author ?? "Ayuntamiento");
  const frbr = (uri: string, extra: string) =>
    `<FRBRthis value="${uri}"/><FRBRuri value="${uri}"/><FRBRdate date="${date}" name="publication"/><FRBRauthor href="#council"/>${extra}`;
  const preamble = input.tree.filter((c) => c.kind === "paragraph" && c.preamble);
  const preambleXml = preamble.length > 0 ? `<preamble>${preamble.map((p) => `<p eId="preamble__para_${p.id}">${inline(p.runs, p.text)}</p>`).join("")}</preamble>` : "";
  const body = input.kind === "regulation" ? `<body>${regulationBody(input.tree)}</body>` : `<mainBody>${budgetBody(input.tree)}</mainBody>`;
  const provisionRefs = ["additional", "transitional", "derogatory", "final"]
    .map((t) => `<TLCConcept eId="${t}Provision" href="/ontology/concept/${t}Provision" showAs="${t} provision"/>`)
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<akomaNtoso xmlns="${NS}" xmlns:redacta="${REDACTA_NS}">` +
    `<${docType} name="${name}">` +
    `<meta>` +
    `<identification source="#redacta">` +
    `<FRBRWork>${frbr(work, `<FRBRcountry value="es"/><FRBRnumber value="${slug}"/><FRBRname value="${xmlEscape(input.title)}"/>`)}</FRBRWork>` +
    `<FRBRExpression>${frbr(expression, `<FRBRversionNumber value="${input.versionNumber}"/><FRBRlanguage language="spa"/>`)}</FRBRExpression>` +
    `<FRBRManifestation>${frbr(manifestation, "")}</FRBRManifestation>` +
    `</identification>` +
    `<references source="#redacta">` +
    `<TLCOrganization eId="redacta" href="/ontology/organization/redacta" showAs="Redacta"/>` +
    `<TLCOrganization eId="council" href="/ontology/organization/council" showAs="${author}"/>` +
    provisionRefs +
    (input.kind === "budget" ? `<TLCConcept eId="currency" href="/ontology/concept/currency/${xmlEscape(currencyOf(input.tree))}" showAs="${xmlEscape(currencyOf(input.tree))}"/>` : "") +
    `</references>` +
    `<proprietary source="#redacta"><redacta:version number="${input.versionNumber}" date="${input.publishedAt.toISOString()}" contentHash="${xmlEscape(input.contentHash)}"/></proprietary>` +
    `</meta>` +
    `<preface><longTitle><p><docTitle>${xmlEscape(input.title)}</docTitle></p></longTitle></preface>` +
    preambleXml +
    body +
    `</${docType}>` +
    `</akomaNtoso>\n`
  );
}
