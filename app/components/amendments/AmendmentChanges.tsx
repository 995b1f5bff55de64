import type { AmountsDiff, WordingDiff } from "../../../server/services/amendments/wording-diff";
import { useT } from "../../i18n/i18n";
import { BudgetChanges } from "./BudgetChanges";
import { TrackedChanges } from "./TrackedChanges";

/**
 * What a frozen amendment changes: the tracked changes of its wording (a deletion shows the
 * whole clause struck through) or the money it moves. `compact` for lists (no own heading).
 */
export function AmendmentChanges({ kind, wording, amounts, compact = false }: { kind: string; wording: WordingDiff | null; amounts: AmountsDiff | null; compact?: boolean }) {
  const t = useT();
  const className = compact ? "amendment-changes amendment-changes--compact" : "amendment-changes";
  if (kind === "budget") {
    return amounts ? (
      <div className={className}>
        <BudgetChanges diff={amounts} />
      </div>
    ) : (
      <p className="muted">{t("amendments.changes.unavailable")}</p>
    );
  }
  if (!wording) return <p className="muted">{t("amendments.changes.unavailable")}</p>;
  return <TrackedChanges diff={wording} deletesClause={kind === "delete"} className={className} />;
}
