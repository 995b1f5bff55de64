import type { PhaseKind } from "../../server/services/processes";
import { useT } from "../i18n/i18n";

/** The name of the current phase, or "no open phase". */
export function PhaseBadge({ kind }: { kind: PhaseKind | null }) {
  const t = useT();
  return <span className={`badge badge--phase${kind ? "" : " badge--muted"}`}>{kind ? t(`process.phase.${kind}`) : t("process.phase.none")}</span>;
}
