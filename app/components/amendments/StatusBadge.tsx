import { useT } from "../../i18n/i18n";

/**
 * An amendment's status as a word (the colour only repeats it) and, beside it, its kind.
 * Drafts say who can see them, so nobody mistakes a private draft for a public proposal.
 */
export function AmendmentBadges({ status, kind }: { status: string; kind: string }) {
  const t = useT();
  return (
    <span className="badges amendment-badges">
      <span className={`badge amendment-status amendment-status--${status}`}>{t(`amendments.status.${status}`)}</span>
      <span className="badge badge--kind">{t(`amendments.kind.${kind}`)}</span>
    </span>
  );
}
