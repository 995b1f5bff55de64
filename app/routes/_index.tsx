import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ProcessList } from "../components/ProcessList";
import { useT } from "../i18n/i18n";
import { visibleProcessCards } from "../utils/process-view.server";

export const meta: MetaFunction = () => [{ title: "Redacta · Villanueva del Río" }];

export function loader({ context }: LoaderFunctionArgs) {
  return { processes: visibleProcessCards(context.app) };
}

export default function Home() {
  const { processes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("common.home.title")}</h1>
        <p className="lead">{t("common.home.lead")}</p>
        <ol className="hero__steps">
          <li>{t("common.home.step.read")}</li>
          <li>{t("common.home.step.annotate")}</li>
          <li>{t("common.home.step.amend")}</li>
          <li>{t("common.home.step.vote")}</li>
        </ol>
      </section>
      <section aria-labelledby="open-processes">
        <h2 id="open-processes">{t("common.home.processes")}</h2>
        <ProcessList processes={processes} />
        <p>
          <Link to="/processes">{t("common.home.allProcesses")}</Link>
        </p>
      </section>
    </div>
  );
}
