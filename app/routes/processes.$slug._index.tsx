import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ReadingPage } from "../components/document/ReadingPage";
import { loadReading } from "../utils/reading.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.process.title} · Redacta` : "Redacta" }];

/** The process page: its timeline and the latest published version of its document. */
export function loader({ params, context }: LoaderFunctionArgs) {
  return loadReading(context.app, params.slug ?? "", null);
}

export default function ProcessPage() {
  const data = useLoaderData<typeof loader>();
  return <ReadingPage data={data} showTimeline />;
}
