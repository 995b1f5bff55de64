import type { BlockDiff, DiffSegment, WordingDiff } from "../../../server/services/amendments/wording-diff";
import { useT } from "../../i18n/i18n";
import type { Translate } from "../../../server/i18n/translate";

/** Props of TrackedChanges. */
export interface TrackedChangesProps {
  diff: WordingDiff;
  /** Announce the summary line politely when it changes (the live editor panel). */
  live?: boolean;
  /** The amendment deletes the whole clause (kind "delete"): say so in the summary. */
  deletesClause?: boolean;
  /** Extra class on the wrapper. */
  className?: string;
}

/** "3 words inserted, 2 words deleted" — or why there is nothing to count. */
export function changeSummary(t: Translate, diff: WordingDiff, deletesClause = false): string {
  if (deletesClause) return t("amendment-editor.summary.deleteClause");
  if (!diff.changed) return t("amendment-editor.summary.none");
  const parts: string[] = [];
  if (diff.wordsInserted > 0) parts.push(t("amendment-editor.summary.inserted", { count: diff.wordsInserted }));
  if (diff.wordsDeleted > 0) parts.push(t("amendment-editor.summary.deleted", { count: diff.wordsDeleted }));
  if (parts.length === 0) return t("amendment-editor.summary.punctuation");
  return parts.join(", ");
}

/**
 * One changed run. The change is carried by the element (<ins>/<del>), by a visually hidden
 * prefix for screen readers, and by a visible glyph plus underline/strike-through, so it never
 * depends on colour alone. Whitespace-only runs get no glyph (it would float between words).
 */
function Segment({ segment, t }: { segment: DiffSegment; t: Translate }) {
  if (segment.op === "equal") return <>{segment.text}</>;
  const visible = segment.text.trim() !== "";
  const Tag = segment.op === "insert" ? "ins" : "del";
  return (
    <Tag className={`tc-${segment.op}`}>
      {visible ? (
        <>
          <span className="tc-glyph" aria-hidden="true">
            {segment.op === "insert" ? "+" : "−"}
          </span>
          <span className="visually-hidden">{t(segment.op === "insert" ? "amendment-editor.inserted" : "amendment-editor.deleted")} </span>
        </>
      ) : null}
      {segment.text}
    </Tag>
  );
}

function Block({ block, t }: { block: BlockDiff; t: Translate }) {
  const name = t(`amendment-editor.block.${block.kind}`);
  const whole = block.status === "inserted" || block.status === "deleted";
  return (
    <div className={`tc-block tc-block--${block.kind} tc-block--${block.status}`} data-clause-id={block.clauseId ?? undefined}>
      {whole ? (
        <span className="tc-block__label">{t(block.status === "inserted" ? "amendment-editor.block.inserted" : "amendment-editor.block.deleted", { block: name })}</span>
      ) : null}
      <p className="tc-block__text">
        {block.segments.length === 0 ? (
          <span className="muted">{t("amendment-editor.block.empty")}</span>
        ) : (
          block.segments.map((segment, i) => <Segment key={i} segment={segment} t={t} />)
        )}
      </p>
    </div>
  );
}

/**
 * The proposed wording with its changes marked in the text: insertions as <ins>, deletions as
 * <del>, whole added or removed blocks labelled, and a one-line summary. Renders on the server
 * (amendment and clause pages) and live in the editor's side panel.
 */
export function TrackedChanges({ diff, live = false, deletesClause = false, className }: TrackedChangesProps) {
  const t = useT();
  return (
    <div className={["tracked-changes", className].filter(Boolean).join(" ")}>
      <p className="tracked-changes__summary" role={live ? "status" : undefined}>
        {changeSummary(t, diff, deletesClause)}
      </p>
      <div className="tracked-changes__body">
        {diff.blocks.map((block, i) => (
          <Block key={`${block.clauseId ?? block.kind}-${i}`} block={block} t={t} />
        ))}
      </div>
    </div>
  );
}

export default TrackedChanges;
