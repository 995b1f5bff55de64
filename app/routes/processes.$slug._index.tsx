import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ReadingPage } from "../components/document/ReadingPage";
import { fetchReadingHtml } from "../utils/reading-html";
import { loadReading } from "../utils/reading.server";
import { amendmentsPanelFor } from "../utils/amendment-pages.server";
import { ProcessAmendmentsPanel } from "../components/amendments/ProcessAmendmentsPanel";
import { ProcessSubmissionsPanel } from "../components/submissions/ProcessSubmissionsPanel";
import { submissionsPanelFor } from "../utils/submission-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.process.title} · Redacta` : "Redacta" }];

/** The process page: its timeline and the latest published version of its document. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const reading = loadReading(context.app, params.slug ?? "", null);
  // Assigned onto the same object: the reading HTML rides on it out of band (reading-html.ts).
  return Object.assign(reading, { amendmentsPanel: amendmentsPanelFor(context.app, reading.process), submissionsPanel: submissionsPanelFor(context.app, reading.process) });
}

/**
 * Client-side navigations only (not hydration): the server's data leaves the document HTML
 * out (see reading-html.ts), so fetch it beside the data.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  return { ...data, html: await fetchReadingHtml(data.process.slug, data.version?.number ?? null) };
}

export default function ProcessPage() {
  const data = useLoaderData<typeof loader>();
  return <ReadingPage data={data} showTimeline extra={
        <>
          <ProcessAmendmentsPanel panel={data.amendmentsPanel} />
          <ProcessSubmissionsPanel panel={data.submissionsPanel} />
        </>
      } />;
}
