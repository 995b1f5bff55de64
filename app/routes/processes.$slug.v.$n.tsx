import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { parseVersionNumber } from "../../server/services/documents/versions";
import { ReadingPage } from "../components/document/ReadingPage";
import { fetchReadingHtml } from "../utils/reading-html";
import { loadReading } from "../utils/reading.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.version ? `${data.process.title} (v${data.version.number}) · Redacta` : "Redacta" },
];

/** Any published version of a process's document, by number. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const number = parseVersionNumber(params.n);
  if (number === null) throw new Response("Not Found", { status: 404 });
  return loadReading(context.app, params.slug ?? "", number);
}

/** Client-side navigations only: fetch the document HTML the server data leaves out. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const data = await serverLoader<typeof loader>();
  return { ...data, html: await fetchReadingHtml(data.process.slug, data.version?.number ?? null) };
}

export default function VersionPage() {
  const data = useLoaderData<typeof loader>();
  return <ReadingPage data={data} showTimeline={false} />;
}
