import type { Clause, InlineRun, TableCell } from "../../../collab/schema/clauses";
import { useT } from "../../i18n/i18n";

/**
 * The reading view of a document, rendered from its clause tree with plain React (no
 * ProseMirror on the reading page). Every clause is an element whose id is its stable anchor,
 * with a visible "¶" permalink; numbers and labels come from the tree, never from stored text.
 * Markup is kept lean on purpose: a 300-article regulation must stay a light page.
 */

/** Inline runs with their marks; line breaks as <br>. */
export function Runs({ runs }: { runs: readonly InlineRun[] | undefined }) {
  if (!runs) return null;
  return (
    <>
      {runs.map((run, i) => {
        if ("break" in run) return <br key={i} />;
        let node: JSX.Element | string = run.text;
        if (run.marks?.includes("em")) node = <em>{node}</em>;
        if (run.marks?.includes("strong")) node = <strong>{node}</strong>;
        return typeof node === "string" ? node : <span key={i}>{node}</span>;
      })}
    </>
  );
}

/**
 * The annotatable text of a paragraph or list item: exactly `Clause.text` (a <br> stands for
 * "\n"), apart from numbers and permalinks, so the annotation layer can map code point offsets
 * of selectors to DOM text without knowing the clause tree.
 */
export function ClauseText({ runs }: { runs: readonly InlineRun[] | undefined }) {
  return (
    <span className="ct">
      <Runs runs={runs} />
    </span>
  );
}

/** The visible permalink of a clause, with an accessible name ("Permanent link to Artículo 12"). */
export function Permalink({ clause }: { clause: Clause }) {
  const t = useT();
  return (
    <a className="pl" href={`#${clause.anchor}`} aria-label={t("document.permalink", { label: clause.label })}>
      ¶
    </a>
  );
}

/** A table clause with its cells and permalink. */
export function Table({ clause }: { clause: Clause }) {
  return (
    <div className="table-wrap doc-table" id={clause.anchor}>
      <table className="data">
        <tbody>
          {(clause.rows ?? []).map((row: TableCell[], r) => (
            <tr key={r}>
              {row.map((cell, c) =>
                cell.header ? (
                  <th key={c} scope="col">
                    <Runs runs={cell.runs} />
                  </th>
                ) : (
                  <td key={c}>
                    <Runs runs={cell.runs} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <Permalink clause={clause} />
    </div>
  );
}

/** A list clause: its items with their letters and permalinks. */
export function List({ clause }: { clause: Clause }) {
  return (
    <ol className="cl" id={clause.anchor}>
      {clause.children.map((item) => (
        <li key={item.id} id={item.anchor}>
          <span className="cn">{item.number}</span> <ClauseText runs={item.runs} /> <Permalink clause={item} />
        </li>
      ))}
    </ol>
  );
}

/** An article or provision: its label, heading, numbered paragraphs, lists and tables. */
export function Article({ clause, level }: { clause: Clause; level: 2 | 3 | 4 }) {
  const H = `h${level}` as const;
  const paragraphs = clause.children.filter((c) => c.kind === "paragraph").length;
  return (
    <article className={`art${clause.articleType && clause.articleType !== "article" ? " art--provision" : ""}`} id={clause.anchor}>
      <H className="art__h">
        <span className="lbl">{clause.label}.</span> {clause.heading} <Permalink clause={clause} />
      </H>
      {clause.children.map((child) => {
        if (child.kind === "paragraph") {
          // A single paragraph is not numbered in legal style; its number still exists for citation.
          return (
            <p key={child.id} id={child.anchor}>
              {paragraphs > 1 ? <span className="cn">{child.number.split(".").pop()}. </span> : null}
              <ClauseText runs={child.runs} />{" "}
              <Permalink clause={child} />
            </p>
          );
        }
        if (child.kind === "list") return <List key={child.id} clause={child} />;
        if (child.kind === "table") return <Table key={child.id} clause={child} />;
        return null;
      })}
    </article>
  );
}

function Section({ clause }: { clause: Clause }) {
  return (
    <section className="sec" id={clause.anchor} aria-labelledby={`${clause.anchor}-h`}>
      <h3 className="sec__h" id={`${clause.anchor}-h`}>
        <span className="lbl">{clause.label}.</span> {clause.heading} <Permalink clause={clause} />
      </h3>
      {clause.children.map((child) => (child.kind === "article" ? <Article key={child.id} clause={child} level={4} /> : null))}
    </section>
  );
}

function Chapter({ clause }: { clause: Clause }) {
  return (
    <section className="chap" id={clause.anchor} aria-labelledby={`${clause.anchor}-h`}>
      <h2 className="chap__h" id={`${clause.anchor}-h`}>
        <span className="lbl">{clause.label}</span>
        <span className="chap__t">{clause.heading}</span> <Permalink clause={clause} />
      </h2>
      {clause.children.map((child) => {
        if (child.kind === "section") return <Section key={child.id} clause={child} />;
        if (child.kind === "article") return <Article key={child.id} clause={child} level={3} />;
        return null;
      })}
    </section>
  );
}

/**
 * The text of a regulation: preamble, chapters, articles and provisions. Budgets render their
 * preamble here and their lines through BudgetView.
 */
export function DocumentBody({ tree }: { tree: readonly Clause[] }) {
  const t = useT();
  const preamble = tree.filter((c) => c.kind === "paragraph" && c.preamble);
  const provisions = tree.filter((c) => c.kind === "article");
  return (
    <div className="doc-text">
      {preamble.length > 0 ? (
        <section className="preamble" aria-labelledby="preamble-h">
          <h2 id="preamble-h" className="preamble__h">
            {t("document.preamble")}
          </h2>
          {preamble.map((p) => (
            <p key={p.id} id={p.anchor}>
              <ClauseText runs={p.runs} /> <Permalink clause={p} />
            </p>
          ))}
        </section>
      ) : null}
      {tree.map((c) => (c.kind === "chapter" ? <Chapter key={c.id} clause={c} /> : null))}
      {provisions.length > 0 ? (
        <section className="provisions" aria-label={t("document.provisions")}>
          {provisions.map((c) => (
            <Article key={c.id} clause={c} level={2} />
          ))}
        </section>
      ) : null}
    </div>
  );
}

/** The table of contents: chapters, sections and articles. A closed <details> on phones. */
export function TableOfContents({ tree }: { tree: readonly Clause[] }) {
  const t = useT();
  const entry = (c: Clause): JSX.Element | null => {
    if (c.kind !== "chapter" && c.kind !== "section" && c.kind !== "article" && c.kind !== "budget_district") return null;
    const sub = c.kind === "article" || c.kind === "budget_district" ? [] : c.children.map(entry).filter((e): e is JSX.Element => e !== null);
    return (
      <li key={c.id}>
        <a href={`#${c.anchor}`}>
          <span className="lbl">{c.label}</span>
          {c.heading && c.kind !== "budget_district" ? ` ${c.heading}` : ""}
        </a>
        {sub.length > 0 ? <ol>{sub}</ol> : null}
      </li>
    );
  };
  const top = tree.flatMap((c) => (c.kind === "budget" ? c.children : [c])).map(entry).filter((e): e is JSX.Element => e !== null);
  if (top.length === 0) return null;
  return (
    <nav className="toc" aria-labelledby="toc-h">
      <details className="toc__details">
        <summary>
          <span id="toc-h">{t("document.toc")}</span>
        </summary>
        <ol className="toc__list">{top}</ol>
      </details>
    </nav>
  );
}
