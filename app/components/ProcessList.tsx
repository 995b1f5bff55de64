import { useT } from "../i18n/i18n";
import { ProcessCard, type ProcessCardData } from "./ProcessCard";

/** A grid of process cards, or the "no processes" sentence when there are none. */
export function ProcessList({ processes }: { processes: ProcessCardData[] }) {
  const t = useT();
  return processes.length === 0 ? (
    <p>{t("process.list.empty")}</p>
  ) : (
    <ul className="card-grid">
      {processes.map((p) => (
        <ProcessCard key={p.slug} process={p} />
      ))}
    </ul>
  );
}
