import type { Node as PMNode } from "prosemirror-model";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import * as Y from "yjs";
import { AMENDMENT_FRAGMENT, amendmentSchema } from "../../../collab/schema/amendment-schema";

/**
 * The demo's two amendments to the ordinance, built as the collaboration server would have
 * stored them: a Yjs snapshot of the article copied in when the amendment was started, then the
 * co-authors' real Yjs edits. Built with yjs and y-prosemirror directly (libraries, not server/
 * code), so the seed stays independent of the server.
 */

/** One demo amendment: which article, what the co-authors wrote, and how it is stored. */
export interface DemoAmendment {
  /** Heading of the ordinance article it modifies. */
  heading: string;
  justification: string;
  /** The article copied in at start, as one Yjs update (the document's snapshot). */
  snapshot: Uint8Array;
  /** The co-authors' edits after that, one Yjs update each (collab_updates rows). */
  updates: Uint8Array[];
  /** The wording after the edits (amendment-schema JSON), for a submitted amendment's frozen content. */
  wording: unknown;
}

/** The draft co-written by Bici Villanueva's representative and a verified resident. */
export const DRAFT_AMENDMENT = {
  heading: "Aparcamiento de bicicletas",
  justification:
    "Los aparcabicis deben instalarse en la calzada, ocupando plazas de aparcamiento de coches, y no sobre la acera: así no se resta espacio a los peatones. Proponemos además reducir a 25 metros la distancia que obliga a usar un aparcabicis.",
  /** A sentence the co-authors added at the end of the first paragraph. */
  added: " Los nuevos aparcabicis se instalarán preferentemente en la calzada, en plazas de aparcamiento transformadas, y nunca reducirán el ancho libre de las aceras.",
  replace: { from: "a menos de 50 metros", to: "a menos de 25 metros" },
};

/** The submitted amendment of a verified resident, with supports. */
export const SUBMITTED_AMENDMENT = {
  heading: "Caminos escolares seguros",
  justification:
    "Quince minutos no bastan: en los colegios con varias entradas escalonadas el tráfico se concentra durante más tiempo. Ampliar la restricción a treinta minutos protege de verdad a los niños y niñas que van andando o en bici.",
  replace: { from: "durante los quince minutos anteriores y posteriores", to: "durante los treinta minutos anteriores y posteriores" },
};

/** The article node with this heading, or a RangeError (the demo text changed). */
export function findArticle(doc: PMNode, heading: string): PMNode {
  let found: PMNode | null = null;
  doc.descendants((node) => {
    if (found) return false;
    if (node.type.name === "article" && node.firstChild?.textContent === heading) {
      found = node;
      return false;
    }
    return true;
  });
  if (!found) throw new RangeError(`The demo ordinance has no article "${heading}"`);
  return found;
}

/** The XmlText of the paragraph that contains `text`, with the offset of `text` in it. */
function locate(ydoc: Y.Doc, text: string): { content: Y.XmlText; offset: number } {
  const article = ydoc.getXmlFragment(AMENDMENT_FRAGMENT).get(0);
  if (!(article instanceof Y.XmlElement)) throw new RangeError("The amendment document holds no article");
  for (const block of article.toArray()) {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== "paragraph") continue;
    const content = block.get(0);
    if (!(content instanceof Y.XmlText)) continue;
    const offset = content.toString().indexOf(text);
    if (offset >= 0) return { content, offset };
  }
  throw new RangeError(`No paragraph of the amendment contains "${text}"`);
}

/**
 * Builds a demo amendment of `article`: the snapshot with the article's text, then each edit as
 * its own Yjs update, captured exactly as a client would send them.
 */
export function buildDemoAmendment(article: PMNode, justification: string, edits: Array<(ydoc: Y.Doc) => void>): DemoAmendment {
  const ydoc = new Y.Doc();
  const wording = amendmentSchema.nodeFromJSON({ type: "doc", content: [article.toJSON()] });
  prosemirrorJSONToYXmlFragment(amendmentSchema, wording.toJSON(), ydoc.getXmlFragment(AMENDMENT_FRAGMENT));
  const snapshot = Y.encodeStateAsUpdate(ydoc);
  const updates: Uint8Array[] = [];
  ydoc.on("update", (update: Uint8Array) => updates.push(update));
  for (const edit of edits) edit(ydoc);
  const after = amendmentSchema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(AMENDMENT_FRAGMENT)));
  after.check();
  ydoc.destroy();
  return { heading: article.firstChild?.textContent ?? "", justification, snapshot, updates, wording: after.toJSON() };
}

/** An edit replacing `from` by `to` inside a paragraph. */
export function replaceText(from: string, to: string): (ydoc: Y.Doc) => void {
  return (ydoc) => {
    const { content, offset } = locate(ydoc, from);
    ydoc.transact(() => {
      content.delete(offset, from.length);
      content.insert(offset, to);
    });
  };
}

/** An edit appending `text` to the end of the first paragraph. */
export function appendToFirstParagraph(text: string): (ydoc: Y.Doc) => void {
  return (ydoc) => {
    const article = ydoc.getXmlFragment(AMENDMENT_FRAGMENT).get(0);
    const paragraph = article instanceof Y.XmlElement ? article.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") : undefined;
    const content = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
    if (!(content instanceof Y.XmlText)) throw new RangeError("The amendment's first paragraph has no text");
    content.insert(content.length, text);
  };
}

/** The two demo amendments for the given ordinance document. */
export function demoAmendments(ordinance: PMNode): { draft: DemoAmendment & { clauseId: string }; submitted: DemoAmendment & { clauseId: string } } {
  const draftArticle = findArticle(ordinance, DRAFT_AMENDMENT.heading);
  const submittedArticle = findArticle(ordinance, SUBMITTED_AMENDMENT.heading);
  return {
    draft: {
      clauseId: String(draftArticle.attrs.id),
      ...buildDemoAmendment(draftArticle, DRAFT_AMENDMENT.justification, [
        replaceText(DRAFT_AMENDMENT.replace.from, DRAFT_AMENDMENT.replace.to),
        appendToFirstParagraph(DRAFT_AMENDMENT.added),
      ]),
    },
    submitted: {
      clauseId: String(submittedArticle.attrs.id),
      ...buildDemoAmendment(submittedArticle, SUBMITTED_AMENDMENT.justification, [replaceText(SUBMITTED_AMENDMENT.replace.from, SUBMITTED_AMENDMENT.replace.to)]),
    },
  };
}
