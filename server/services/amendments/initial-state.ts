import { prosemirrorJSONToYXmlFragment } from "y-prosemirror";
import * as Y from "yjs";
import type { Db } from "../../../db/connection";
import { collabSnapshots } from "../../../db/schema";
import { AMENDMENT_AMOUNTS, AMENDMENT_FRAGMENT, amendmentSchema } from "../../../collab/schema/amendment-schema";
import type { ArticleJSON } from "./wording-diff";

/**
 * The Yjs document an amendment's co-authors start from: the wording (one article, as
 * amendment-schema JSON) in the XmlFragment the editor binds, and for budgets the proposed
 * amounts in a Y.Map. Written as the document's snapshot when the amendment is created, so the
 * first person to open the editor syncs the clause's text instead of an empty document.
 */

/** What an amendment's document starts with. */
export interface InitialAmendmentState {
  /** `{ type: "doc", content: [article] }`, or null (delete and budget amendments have no wording). */
  wording: ArticleJSON | null;
  /** Budget line id → amount in cents (budget amendments only). */
  amounts?: Record<string, number>;
}

/** Encodes the initial state as one Yjs update. The wording is checked against the amendment schema. */
export function encodeInitialState(initial: InitialAmendmentState): Uint8Array {
  const ydoc = new Y.Doc();
  if (initial.wording) {
    // Parsing through the schema rejects anything the editor could not open.
    const node = amendmentSchema.nodeFromJSON(initial.wording);
    node.check();
    prosemirrorJSONToYXmlFragment(amendmentSchema, node.toJSON(), ydoc.getXmlFragment(AMENDMENT_FRAGMENT));
  }
  if (initial.amounts) {
    const map = ydoc.getMap<number>(AMENDMENT_AMOUNTS);
    ydoc.transact(() => {
      for (const [lineId, cents] of Object.entries(initial.amounts ?? {})) map.set(lineId, cents);
    });
  }
  const update = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return update;
}

/**
 * Stores `state` as the snapshot of `document` with no updates folded in (last_update_id 0).
 * Call inside the transaction that creates the amendment, so an amendment never exists without
 * its starting text.
 */
export function storeInitialState(db: Db, document: string, state: Uint8Array, now: Date): void {
  db.insert(collabSnapshots)
    .values({ document, state: Buffer.from(state.buffer, state.byteOffset, state.byteLength), lastUpdateId: 0, updatedAt: now })
    .run();
}
