import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listVisibleProcesses } from "../../server/services/processes";
import { ProcessCard } from "../components/ProcessCard";
import { useT } from "../i18n/i18n";
import { toProcessCard } from "../utils/process-view.server";

export const meta: MetaFunction = () => [{ title: "Redacta" }];

export function loader({ context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  return { processes: listVisibleProcesses(db, user, now()).map(toProcessCard) };
}

export default function Processes() {
  const { processes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("process.list.title")}</h1>
      {processes.length === 0 ? (
        <p>{t("process.list.empty")}</p>
      ) : (
        <ul className="card-grid">
          {processes.map((p) => (
            <ProcessCard key={p.slug} process={p} />
          ))}
        </ul>
      )}
    </div>
  );
}
