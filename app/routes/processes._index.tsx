import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProcessList } from "../components/ProcessList";
import { useT } from "../i18n/i18n";
import { visibleProcessCards } from "../utils/process-view.server";

export const meta: MetaFunction = () => [{ title: "Redacta" }];

export function loader({ context }: LoaderFunctionArgs) {
  return { processes: visibleProcessCards(context.app) };
}

export default function Processes() {
  const { processes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("process.list.title")}</h1>
      <ProcessList processes={processes} />
    </div>
  );
}
