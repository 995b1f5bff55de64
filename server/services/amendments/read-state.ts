import { yXmlFragmentToProsemirrorJSON } from "y-prosemirror";
import * as Y from "yjs";
import type { SqliteCollabStore, StoredCollabDocument } from "../../../db/collab-store";
import { AMENDMENT_AMOUNTS, AMENDMENT_FRAGMENT, amendmentSchema } from "../../../collab/schema/amendment-schema";
import type { ArticleJSON } from "./wording-diff";

/**
 * Reading an amendment's live state back from the collaboration store: snapshot plus appended
 * updates → a Y.Doc → the wording as amendment-schema JSON and the proposed amounts. This is the
 * text a submit freezes, so it is read from what the store committed (every acknowledged update
 * is appended before it is acknowledged), not from anyone's browser.
 */

/** The collaboration store as this module needs it (SqliteCollabStore satisfies it). */
export type CollabStateSource = Pick<SqliteCollabStore, "load">;

/** An amendment document's current contents. */
export interface AmendmentState {
  /** The wording, canonicalised through the schema; null when the fragment is empty. */
  wording: ArticleJSON | null;
  /** Why the fragment could not be read as one article (e.g. a client broke the structure). */
  wordingError: string | null;
  /** Budget line id → proposed amount (as stored: callers check the values are integers). */
  amounts: Record<string, unknown>;
}

/** Builds the Y.Doc of `document` from the store. */
export function loadYDoc(store: CollabStateSource, document: string): Y.Doc {
  return ydocOf(store.load(document));
}

/** The Y.Doc of a stored document (snapshot, then the updates after it). */
export function ydocOf(stored: StoredCollabDocument): Y.Doc {
  const ydoc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot);
  for (const { update } of stored.updates) Y.applyUpdate(ydoc, update);
  return ydoc;
}

/** The wording and amounts of a Y.Doc (see AmendmentState). */
export function stateOfYDoc(ydoc: Y.Doc): AmendmentState {
  const fragment = ydoc.getXmlFragment(AMENDMENT_FRAGMENT);
  let wording: ArticleJSON | null = null;
  let wordingError: string | null = null;
  if (fragment.length > 0) {
    try {
      const node = amendmentSchema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(fragment));
      node.check();
      wording = node.toJSON() as ArticleJSON;
    } catch (error) {
      // Not silent: the caller turns this into a ValidationError the co-authors can act on.
      wordingError = error instanceof Error ? error.message : String(error);
    }
  }
  const amounts: Record<string, unknown> = {};
  for (const [key, value] of ydoc.getMap<unknown>(AMENDMENT_AMOUNTS).entries()) amounts[key] = value;
  return { wording, wordingError, amounts };
}

/** The current state of an amendment's document, read from the store. */
export function readAmendmentState(store: CollabStateSource, document: string): AmendmentState {
  return stateOfStored(store.load(document));
}

/** The contents of a stored amendment document (see AmendmentState). */
export function stateOfStored(stored: StoredCollabDocument): AmendmentState {
  const ydoc = ydocOf(stored);
  try {
    return stateOfYDoc(ydoc);
  } finally {
    ydoc.destroy();
  }
}
