import { formatMoney } from "../../../server/i18n/format";
import type { DocumentPreview, PreviewNode } from "../../../server/services/documents/preview";
import { useI18n } from "../../i18n/i18n";

function StructureNode({ node }: { node: PreviewNode }) {
  const { t } = useI18n();
  if (node.kind === "article") {
    return (
      <li className="doc-preview__article">
        <span className="doc-preview__label">{node.label}.</span> {node.heading ? <span className="doc-preview__heading">{node.heading}</span> : null}
        <span className="doc-preview__meta"> · {t("processAdmin.preview.blocks", { count: node.blockCount })}</span>
        {node.excerpt ? <p className="doc-preview__excerpt">{node.excerpt}</p> : null}
      </li>
    );
  }
  return (
    <li className={`doc-preview__group doc-preview__group--${node.kind}`}>
      <p className="doc-preview__group-title">
        <span className="doc-preview__label">{node.label}.</span> {node.heading}
      </p>
      <ol className="doc-preview__list">
        {node.children.map((child) => (
          <StructureNode key={child.id} node={child} />
        ))}
      </ol>
    </li>
  );
}

function BudgetPreview({ preview }: { preview: DocumentPreview }) {
  const { t, locale } = useI18n();
  return (
    <div className="doc-preview__budget">
      {preview.nodes.map((district) => (
        <div key={district.id} className="table-wrap">
          <table className="data">
            <caption>
              {district.heading} · {t("processAdmin.preview.districtTotal", { amount: formatMoney(locale, district.totalCents ?? 0) })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("processAdmin.preview.code")}</th>
                <th scope="col">{t("processAdmin.preview.programme")}</th>
                <th scope="col">{t("processAdmin.preview.description")}</th>
                <th scope="col" className="num">
                  {t("processAdmin.preview.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {(district.lines ?? []).map((line) => (
                <tr key={line.id}>
                  <td>{line.code}</td>
                  <td>{line.programme}</td>
                  <td>{line.description}</td>
                  <td className="num">{formatMoney(locale, line.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <p className="doc-preview__total">{t("processAdmin.preview.budgetTotal", { amount: formatMoney(locale, preview.budgetTotalCents ?? 0) })}</p>
    </div>
  );
}

/**
 * The parsed structure of a document with derived numbering: chapters, sections and articles
 * (with their first words), or for budgets a table per district. Read-only.
 */
export function DocumentPreviewView({ preview, headingId }: { preview: DocumentPreview; headingId: string }) {
  const { t } = useI18n();
  const c = preview.counts;
  return (
    <section className="doc-preview card" aria-labelledby={headingId}>
      <h2 id={headingId}>{preview.title || t("processAdmin.preview.untitled")}</h2>
      <ul className="doc-preview__counts">
        {c.chapters > 0 ? <li>{t("processAdmin.preview.chapters", { count: c.chapters })}</li> : null}
        {c.sections > 0 ? <li>{t("processAdmin.preview.sections", { count: c.sections })}</li> : null}
        {c.articles > 0 ? <li>{t("processAdmin.preview.articles", { count: c.articles })}</li> : null}
        {c.provisions > 0 ? <li>{t("processAdmin.preview.provisions", { count: c.provisions })}</li> : null}
        {c.paragraphs > 0 ? <li>{t("processAdmin.preview.paragraphs", { count: c.paragraphs })}</li> : null}
        {c.budgetLines > 0 ? <li>{t("processAdmin.preview.budgetLines", { count: c.budgetLines })}</li> : null}
        {preview.preambleParagraphs > 0 ? <li>{t("processAdmin.preview.preamble", { count: preview.preambleParagraphs })}</li> : null}
      </ul>
      {preview.budgetTotalCents !== null ? (
        <BudgetPreview preview={preview} />
      ) : (
        <ol className="doc-preview__list doc-preview__list--root">
          {preview.nodes.map((node) => (
            <StructureNode key={node.id} node={node} />
          ))}
        </ol>
      )}
    </section>
  );
}
