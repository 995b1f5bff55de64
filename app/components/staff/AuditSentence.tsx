import { Fragment, type ReactNode } from "react";

/**
 * A translated message whose `{name}` placeholders are filled with elements (links, <strong>)
 * rather than text, so a sentence keeps its word order in each language while its parts stay
 * links. Text outside placeholders is rendered as text (React escapes it).
 */
export function RichMessage({ message, parts }: { message: string; parts: Record<string, ReactNode> }) {
  const pieces = message.split(/\{(\w+)\}/);
  return (
    <>
      {pieces.map((piece, index) =>
        // split() with one capture group alternates text (even) and placeholder names (odd).
        index % 2 === 0 ? <Fragment key={index}>{piece}</Fragment> : <Fragment key={index}>{piece in parts ? parts[piece] : `{${piece}}`}</Fragment>,
      )}
    </>
  );
}
