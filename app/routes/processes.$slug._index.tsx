import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { phaseStatus } from "../../server/services/phases";
import { findVisibleProcess } from "../../server/services/processes";
import { PhaseBadge } from "../components/PhaseBadge";
import { PhaseTimeline } from "../components/PhaseTimeline";
import { useT } from "../i18n/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.process.title} · Redacta` : "Redacta" }];

export function loader({ params, context }: LoaderFunctionArgs) {
  const { db, user, now } = context.app;
  const process = findVisibleProcess(db, user, params.slug ?? "", now());
  if (!process) throw new Response("Not Found", { status: 404 });
  const at = now();
  return {
    process: {
      slug: process.slug,
      kind: process.kind,
      title: process.title,
      summary: process.summary,
      department: process.department,
      latestVersion: process.latestVersion,
      currentPhase: process.currentPhase?.kind ?? null,
      phases: process.phases.map((p) => ({
        kind: p.kind,
        startsAt: p.startsAt.toISOString(),
        endsAt: p.endsAt.toISOString(),
        status: phaseStatus(p, at),
      })),
    },
  };
}

export default function ProcessPage() {
  const { process } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <header className="process-header">
        <p className="process-header__meta">
          <span className="badge">{t(`process.kind.${process.kind}`)}</span>
          <PhaseBadge kind={process.currentPhase} />
        </p>
        <h1>{process.title}</h1>
        <p className="lead">{process.summary}</p>
        <p className="muted">{t("process.department", { department: process.department })}</p>
      </header>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t("process.timeline.title")}</h2>
        <PhaseTimeline phases={process.phases} current={process.currentPhase} />
      </section>
    </div>
  );
}
