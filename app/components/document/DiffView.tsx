import type { TextPart } from "../../../server/services/documents/diff";
import { formatMoney } from "../../../server/i18n/format";
import { useI18n, useT } from "../../i18n/i18n";
import type { DiffViewEntry } from "../../utils/diff-view.server";
import { MergedIntoSentence, type MergedIntoData } from "../debate/MergedInto";

/**
 * Word-level changes as <ins>/<del>. Each carries visually hidden "inserted:"/"deleted:" text
 * for screen readers, and the stylesheet underlines insertions and strikes deletions, so the
 * change is never conveyed by colour alone.
 */
export function Parts({ parts, show }: { parts: readonly TextPart[]; show: "both" | "old" | "new" }) {
  const t = useT();
  return (
    <>
      {parts.map((p, i) => {
        if (p.type === "equal") return <span key={i}>{p.text}</span>;
        if (p.type === "insert") {
          if (show === "old") return null;
          return (
            <ins key={i}>
              <span className="visually-hidden">{t("document.diff.inserted")} </span>
              {p.text}
            </ins>
          );
        }
        if (show === "new") return null;
        return (
          <del key={i}>
            <span className="visually-hidden">{t("document.diff.deleted")} </span>
            {p.text}
          </del>
        );
      })}
    </>
  );
}

function Badges({ entry }: { entry: DiffViewEntry }) {
  const t = useT();
  return (
    <span className="dc__badges">
      {entry.status !== "unchanged" ? <span className={`dbadge dbadge--${entry.status}`}>{t(`document.diff.status.${entry.status}`)}</span> : null}
      {entry.moved ? <span className="dbadge dbadge--moved">{t("document.diff.status.moved")}</span> : null}
      {entry.renumbered && entry.old && entry.new ? (
        <span className="dbadge dbadge--renumbered">{t("document.diff.renumbered", { from: entry.old.label, to: entry.new.label })}</span>
      ) : null}
    </span>
  );
}

function useTitle(): (entry: DiffViewEntry) => string {
  const t = useT();
  return (entry) => {
    const side = entry.new ?? entry.old;
    const { article, position } = entry.context;
    if (article && position && entry.kind === "paragraph") return t("document.diff.paragraphOf", { article, position });
    if (article && position && entry.kind === "list_item") return t("document.diff.itemOf", { article, position });
    if (article && !side?.label) return article;
    return side?.label ?? "";
  };
}

function Amount({ entry, currency }: { entry: DiffViewEntry; currency: string }) {
  const { t, locale } = useI18n();
  const before = entry.old?.amountCents;
  const after = entry.new?.amountCents;
  if (before === undefined && after === undefined) return null;
  if (before === after || before === undefined || after === undefined) {
    return <p className="dc__amount">{formatMoney(locale, (after ?? before) as number, currency)}</p>;
  }
  return (
    <p className="dc__amount">
      <del>
        <span className="visually-hidden">{t("document.diff.deleted")} </span>
        {formatMoney(locale, before, currency)}
      </del>{" "}
      <ins>
        <span className="visually-hidden">{t("document.diff.inserted")} </span>
        {formatMoney(locale, after, currency)}
      </ins>
    </p>
  );
}

function Heading({ entry, show }: { entry: DiffViewEntry; show: "both" | "old" | "new" }) {
  if (entry.headingParts) return <Parts parts={entry.headingParts} show={show} />;
  const side = show === "old" ? (entry.old ?? entry.new) : (entry.new ?? entry.old);
  return <>{side?.heading ?? ""}</>;
}

function Text({ entry, show }: { entry: DiffViewEntry; show: "both" | "old" | "new" }) {
  if (entry.textParts) return <Parts parts={entry.textParts} show={show} />;
  const side = show === "old" ? (entry.old ?? entry.new) : (entry.new ?? entry.old);
  return <>{side?.text ?? ""}</>;
}

/** The paragraphs and items of an added or removed article, inside its card. */
function Folded({ entry, show }: { entry: DiffViewEntry; show: "both" | "old" | "new" }) {
  if (entry.folded.length === 0) return null;
  return (
    <>
      {entry.folded.map((child) => (
        <p key={child.id} className={`dc__text${child.kind === "list_item" ? " dc__text--item" : ""}`}>
          {child.position ? <span className="cn">{child.kind === "paragraph" ? `${child.position}.` : child.position} </span> : null}
          <Parts parts={child.parts} show={show} />
        </p>
      ))}
    </>
  );
}

/** One changed clause: its label, what happened, and the words that changed. */
export function DiffEntry({
  entry,
  mode,
  linkTo,
  currency,
  mergedInto = null,
}: {
  entry: DiffViewEntry;
  mode: "redline" | "side";
  linkTo: string | null;
  currency: string;
  /** For a removed clause merged into another: that clause, linked. */
  mergedInto?: { slug: string; merged: MergedIntoData | null } | null;
}) {
  const t = useT();
  const title = useTitle();
  const hasHeading = Boolean(entry.old?.heading || entry.new?.heading);
  const hasText = Boolean(entry.old?.text || entry.new?.text);
  return (
    <article className={`dc dc--${entry.status}${entry.moved ? " dc--moved" : ""} dc--d${Math.min(entry.depth, 3)}`}>
      <h3 className="dc__title">
        <span className="dc__label">{title(entry)}</span>
        {hasHeading && mode === "redline" ? (
          <span className="dc__heading">
            {" "}
            <Heading entry={entry} show="both" />
          </span>
        ) : null}{" "}
        <Badges entry={entry} />
      </h3>
      {mergedInto?.merged ? (
        <p className="dc__merged">
          <MergedIntoSentence slug={mergedInto.slug} merged={mergedInto.merged} messageKey="document.diff.mergedInto" />
        </p>
      ) : null}
      {mode === "redline" ? (
        <>
          {hasText ? (
            <p className="dc__text">
              <Text entry={entry} show="both" />
            </p>
          ) : null}
          <Amount entry={entry} currency={currency} />
          <Folded entry={entry} show="both" />
        </>
      ) : (
        <div className="dc__sides">
          <div className="dc__side dc__side--old">
            <p className="dc__side-label">{t("document.diff.before")}</p>
            {entry.old ? (
              <>
                {hasHeading ? (
                  <p className="dc__side-heading">
                    <Heading entry={entry} show="old" />
                  </p>
                ) : null}
                {hasText ? (
                  <p className="dc__text">
                    <Text entry={entry} show="old" />
                  </p>
                ) : null}
                <Folded entry={entry} show="old" />
              </>
            ) : (
              <p className="muted">{t("document.diff.absent")}</p>
            )}
          </div>
          <div className="dc__side dc__side--new">
            <p className="dc__side-label">{t("document.diff.after")}</p>
            {entry.new ? (
              <>
                {hasHeading ? (
                  <p className="dc__side-heading">
                    <Heading entry={entry} show="new" />
                  </p>
                ) : null}
                {hasText ? (
                  <p className="dc__text">
                    <Text entry={entry} show="new" />
                  </p>
                ) : null}
                <Folded entry={entry} show="new" />
              </>
            ) : (
              <p className="muted">{t("document.diff.absent")}</p>
            )}
          </div>
        </div>
      )}
      {linkTo && entry.new ? (
        <p className="dc__link">
          <a href={`${linkTo}#${entry.new.anchor}`}>{t("document.diff.open", { label: title(entry) })}</a>
        </p>
      ) : null}
    </article>
  );
}
