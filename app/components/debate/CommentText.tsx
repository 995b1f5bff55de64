import { Fragment, type ReactNode } from "react";

/**
 * A comment's plain text as React elements: line breaks become <br>, http(s) URLs become links
 * with rel="nofollow ugc noopener". Everything else is a text node, so React escapes it; no HTML
 * from users is ever parsed (no dangerouslySetInnerHTML).
 */

/** http(s) URLs up to the next whitespace; trailing punctuation is left out below. */
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING = /[.,;:!?)\]}»"']+$/;

/** Splits one line into text and link pieces. */
export function linkify(line: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0];
    const url = raw.replace(TRAILING, "");
    if (start > last) out.push(line.slice(last, start));
    let safe: URL | null = null;
    try {
      safe = new URL(url);
    } catch (error) {
      // Not a URL after all (e.g. "http://"): keep it as text; the error carries nothing to report.
      if (!(error instanceof TypeError)) throw error;
    }
    out.push(
      safe && (safe.protocol === "http:" || safe.protocol === "https:") ? (
        <a key={start} href={safe.href} rel="nofollow ugc noopener" target="_blank">
          {url}
        </a>
      ) : (
        url
      ),
    );
    last = start + url.length;
  }
  if (last < line.length) out.push(line.slice(last));
  return out;
}

/** The comment body: one text run per line, separated by <br>. */
export function CommentText({ text }: { text: string }) {
  const lines = text.split(/\r\n|\r|\n/);
  return (
    <p className="comment__body">
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {linkify(line)}
        </Fragment>
      ))}
    </p>
  );
}
