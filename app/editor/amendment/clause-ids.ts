import { Plugin, PluginKey, type Transaction } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import { assignFreshClauseIds } from "../../../collab/schema/unique-clause-ids";

/** Key of the collaborative clause-id plugin. */
export const collabClauseIdsKey = new PluginKey("collabClauseIds");

/** Whether a transaction replays a change that came from the shared document (another person). */
function isRemote(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === "object" && meta !== null && "isChangeOrigin" in meta && meta.isChangeOrigin === true;
}

/**
 * The unique-clause-ids rule for a shared document: a new paragraph gets a fresh clause id, but
 * only from the person who made the change. Fixing remote changes too would have every open
 * browser race to rename the same clause; and a read-only browser must never change anything.
 */
export function collabClauseIds(canWrite: () => boolean): Plugin {
  return new Plugin({
    key: collabClauseIdsKey,
    appendTransaction(transactions, _old, state) {
      if (!canWrite()) return null;
      if (!transactions.some((tr) => tr.docChanged && !isRemote(tr))) return null;
      const tr = state.tr;
      return assignFreshClauseIds(tr) ? tr : null;
    },
  });
}
