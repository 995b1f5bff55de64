import { keymap } from "prosemirror-keymap";
import { EditorState, type Command } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { initProseMirrorDoc, redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { AMENDMENT_AMOUNTS, AMENDMENT_FRAGMENT, amendmentSchema } from "../../../collab/schema/amendment-schema";
import { EDITOR_SCHEMA_VERSION } from "../../../collab/schema/document-schema";
import { diffAmounts, diffWording, type ArticleJSON } from "../../../server/services/amendments/wording-diff";
import { BudgetChanges } from "../../components/amendments/BudgetChanges";
import type { AmendmentEditorProps } from "../../components/amendments/AmendmentEditorLoader";
import { TrackedChanges } from "../../components/amendments/TrackedChanges";
import { useI18n } from "../../i18n/i18n";
import { chain, deleteSelection, joinBackward, joinForward, splitBlock, swallow, swallowAtEdge, toggleMark } from "../commands";
import { BudgetAmounts } from "./BudgetAmounts";
import { collabClauseIds } from "./clause-ids";
import { cursorColor } from "./colors";
import { onClose, statusAttribute, statusMessageKey, type ConnectionState } from "./connection";
import { Presence, type PresentPerson } from "./Presence";
import { presentPeople } from "./present-people";

/** The tracked-changes panel follows typing at most this often. */
const DIFF_THROTTLE_MS = 200;

/** Shift+Enter: a line break inside a paragraph (headings hold one line by design). */
const insertHardBreak: Command = (state, dispatch) => {
  const type = amendmentSchema.nodes.hard_break;
  if (!type || !state.selection.$from.parent.type.contentMatch.matchType(type)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(type.create()).scrollIntoView());
  return true;
};

/** The remote cursor: a caret in the person's colour with their name on a readable label. */
function buildCursor(user: { name?: unknown; color?: unknown }): HTMLElement {
  const name = typeof user.name === "string" ? user.name : "?";
  const color = typeof user.color === "string" ? user.color : "#1c2430";
  const caret = document.createElement("span");
  caret.className = "amend-cursor";
  caret.style.borderColor = color;
  const label = document.createElement("span");
  label.className = "amend-cursor__label";
  label.style.backgroundColor = color;
  label.textContent = name;
  caret.append("\u2060", label, "\u2060");
  return caret;
}

function buildSelection(user: { color?: unknown }) {
  const color = typeof user.color === "string" ? user.color : "#1c2430";
  // 20% alpha of the cursor colour keeps the text under a remote selection readable.
  return { class: "amend-selection", style: `background-color: ${color}33` };
}

/**
 * The live co-writing editor of an amendment (lazy-loaded by AmendmentEditorLoader): ProseMirror
 * bound to the shared document over y-websocket, with presence, per-person undo, a connection
 * status, and the tracked-changes panel against the base clause. Budget amendments get a table
 * of amounts bound to the shared map instead of a wording editor.
 */
export default function AmendmentEditor({ documentName, kind, base, baseLines = [], readOnly: initiallyReadOnly, user }: AmendmentEditorProps) {
  const { t } = useI18n();
  const ids = useId();
  const labelId = `${ids}-label`;
  const hintId = `${ids}-hint`;
  const mountRef = useRef<HTMLDivElement>(null);
  const [connection, setConnection] = useState<ConnectionState>({ kind: "connecting" });
  const [readOnly, setReadOnly] = useState(initiallyReadOnly);
  const [people, setPeople] = useState<PresentPerson[]>([]);
  const [current, setCurrent] = useState<ArticleJSON | null>(null);
  const [amounts, setAmounts] = useState<Record<string, number> | null>(null);
  const [amountsMap, setAmountsMap] = useState<Y.Map<number> | null>(null);
  // The props of the first render: the connection lives as long as this component.
  const initialRef = useRef({ documentName, kind, readOnly: initiallyReadOnly, name: user.name, userId: user.id });

  useEffect(() => {
    const initial = initialRef.current;
    const mount = mountRef.current;
    let readOnlyNow = initial.readOnly;
    let stopped = false;
    let accessChanged = false;
    let synced = false;
    let view: EditorView | null = null;
    let diffTimer: ReturnType<typeof setTimeout> | null = null;

    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}/collab`, initial.documentName, doc, {
      params: { schema: String(EDITOR_SCHEMA_VERSION) },
      // Every change goes through the server, which decides who may write; tabs never talk directly.
      disableBc: true,
    });
    provider.awareness.setLocalStateField("user", { id: initial.userId, name: initial.name, color: cursorColor(initial.name) });

    const editable = () => !readOnlyNow && !stopped;
    const publishDoc = () => {
      diffTimer = null;
      if (view) setCurrent(view.state.doc.toJSON() as ArticleJSON);
    };
    const scheduleDiff = () => {
      if (diffTimer === null) diffTimer = setTimeout(publishDoc, DIFF_THROTTLE_MS);
    };
    const refreshEditable = () => view?.setProps({ editable });

    const createView = () => {
      if (!mount || view) return;
      const fragment = doc.getXmlFragment(AMENDMENT_FRAGMENT);
      const { doc: pmDoc, mapping } = initProseMirrorDoc(fragment, amendmentSchema);
      const keys: Record<string, Command> = {
        "Mod-z": undoCommand,
        "Mod-y": redoCommand,
        "Shift-Mod-z": redoCommand,
        "Mod-b": toggleMark(amendmentSchema.marks.strong),
        "Mod-i": toggleMark(amendmentSchema.marks.em),
        "Shift-Enter": insertHardBreak,
        Enter: chain(splitBlock, swallow),
        Backspace: chain(deleteSelection, joinBackward, swallowAtEdge(-1)),
        Delete: chain(deleteSelection, joinForward, swallowAtEdge(1)),
        // Escape leaves the editor (Tab is never bound, so it moves focus on as usual).
        Escape: (_state, _dispatch, v) => {
          v?.dom.blur();
          return true;
        },
      };
      const state = EditorState.create({
        schema: amendmentSchema,
        doc: pmDoc,
        plugins: [
          ySyncPlugin(fragment, { mapping }),
          yCursorPlugin(provider.awareness, { cursorBuilder: buildCursor, selectionBuilder: buildSelection }),
          yUndoPlugin(),
          keymap(keys),
          collabClauseIds(() => editable()),
        ],
      });
      const created: EditorView = new EditorView(mount, {
        state,
        editable,
        attributes: {
          role: "textbox",
          "aria-multiline": "true",
          "aria-labelledby": labelId,
          "aria-describedby": hintId,
          class: "amendment-editor__surface",
          spellcheck: "true",
        },
        dispatchTransaction(tr) {
          created.updateState(created.state.apply(tr));
          if (tr.docChanged) scheduleDiff();
        },
      });
      view = created;
      publishDoc();
    };

    const bindAmounts = () => {
      const map = doc.getMap<number>(AMENDMENT_AMOUNTS);
      const publish = () => setAmounts(Object.fromEntries(map.entries()));
      map.observe(publish);
      publish();
      setAmountsMap(map);
    };

    provider.on("sync", (isSynced: boolean) => {
      if (!isSynced || stopped) return;
      // Only now is the local document the stored one: creating the view earlier could merge an
      // empty local document into the shared one.
      if (!synced) {
        synced = true;
        if (initial.kind === "budget") bindAmounts();
        else createView();
      }
      setConnection({ kind: "synced", readOnly: readOnlyNow, accessChanged });
    });
    provider.on("status", ({ status }: { status: string }) => {
      if (stopped || status === "connected") return;
      setConnection((previous) => (previous.kind === "connecting" ? previous : { kind: "reconnecting", accessChanged }));
    });
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (stopped || event === null) return;
      const action = onClose(event.code);
      if ("stop" in action) {
        stopped = true;
        // Setting this before y-websocket's reconnect timer fires means it never reconnects.
        provider.shouldConnect = false;
        refreshEditable();
        setConnection({ kind: "stopped", reason: action.stop });
        return;
      }
      if (action.accessChanged) {
        // The only change a live connection sees is losing write access (submit, withdraw):
        // stop writing now rather than after the reconnect.
        accessChanged = true;
        readOnlyNow = true;
        setReadOnly(true);
        refreshEditable();
      }
      setConnection({ kind: "reconnecting", accessChanged });
    });
    const onAwareness = () => setPeople(presentPeople(provider.awareness.getStates(), provider.awareness.clientID));
    provider.awareness.on("change", onAwareness);
    onAwareness();

    return () => {
      stopped = true;
      if (diffTimer !== null) clearTimeout(diffTimer);
      provider.awareness.off("change", onAwareness);
      view?.destroy();
      provider.destroy();
      doc.destroy();
    };
  }, [labelId, hintId]);

  const wording = useMemo(() => (kind === "budget" || current === null ? null : diffWording(base, current)), [kind, base, current]);
  const money = useMemo(() => (kind === "budget" && amounts !== null ? diffAmounts(baseLines, amounts) : null), [kind, baseLines, amounts]);
  const status = statusAttribute(connection);
  const showReadOnly = readOnly || status === "readonly";

  return (
    <div className={`amendment-editor amendment-editor--${kind}`} data-collab-status={status}>
      <div className="amendment-editor__bar">
        <p className={`amendment-editor__status amendment-editor__status--${status}`} role="status" aria-live="polite">
          {t(statusMessageKey(connection))}
        </p>
        {showReadOnly ? (
          <p className="badge amendment-editor__readonly">{t("amendment-editor.readonlyNotice")}</p>
        ) : null}
        <Presence people={people} />
      </div>
      {kind === "budget" ? (
        <div className="amendment-editor__budget">
          <BudgetAmounts lines={baseLines} amounts={amounts} map={amountsMap} readOnly={showReadOnly || status === "stopped"} />
          {money ? (
            <section className="amendment-editor__changes" aria-labelledby={`${ids}-changes`}>
              <h3 id={`${ids}-changes`}>{t("amendment-editor.budget.title")}</h3>
              <BudgetChanges diff={money} live />
            </section>
          ) : null}
        </div>
      ) : (
        <div className="amendment-editor__columns">
          <section className="amendment-editor__wording" aria-labelledby={labelId}>
            <h3 id={labelId}>{t("amendment-editor.editor.label")}</h3>
            <p id={hintId} className="field__hint">
              {t(showReadOnly ? "amendment-editor.editor.hintReadOnly" : "amendment-editor.editor.hint")}
            </p>
            <div ref={mountRef} className="amendment-editor__mount" />
          </section>
          <section className="amendment-editor__changes" aria-labelledby={`${ids}-changes`}>
            <h3 id={`${ids}-changes`}>{t("amendment-editor.trackedChanges.title")}</h3>
            {wording ? <TrackedChanges diff={wording} live /> : <p className="muted">{t("amendment-editor.loading")}</p>}
          </section>
        </div>
      )}
    </div>
  );
}
