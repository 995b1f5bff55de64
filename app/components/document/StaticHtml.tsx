import { useState } from "react";

/**
 * Server-rendered HTML of a published version (rendered by plain React components on the
 * server and cached; user text is escaped there). On the server and after a client navigation
 * the HTML arrives as a prop. At hydration it does not: the page already contains it, and
 * sending it a second time in the hydration data would double the page — so the component
 * adopts what the server put in the DOM.
 */
export function StaticHtml({ id, html, className, as = "div" }: { id: string; html: string | null; className?: string; as?: "div" | "aside" }) {
  const [adopted] = useState(() => (html === null && typeof document !== "undefined" ? (document.getElementById(id)?.innerHTML ?? "") : ""));
  const content = html ?? adopted;
  const Tag = as;
  return <Tag id={id} className={className} dangerouslySetInnerHTML={{ __html: content }} />;
}
