import { useBlocker, useFetcher } from "@remix-run/react";
import { history, redo, redoDepth, undo, undoDepth } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState, type Command, type Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { z } from "zod";
import { documentSchema as s } from "../../collab/schema/document-schema";
import { uniqueClauseIds } from "../../collab/schema/unique-clause-ids";
import { useI18n } from "../i18n/i18n";
import type { SaveDraftResponse } from "../routes/admin.processes.$slug.draft";
import { useRootData } from "../utils/root-data";
import {
  addArticle,
  addBudgetLine,
  addChapter,
  addListItem,
  addParagraph,
  ancestor,
  chain,
  deleteSelection,
  insertHardBreak,
  joinBackward,
  joinForward,
  markActive,
  setBudgetLine,
  splitBlock,
  swallow,
  swallowAtEdge,
  toggleMark,
} from "./commands";
import { numbering } from "./numbering";
import { SHORTCUTS, type ShortcutName } from "./shortcuts";

/** Bodies above 1 MiB are refused by the server (413); warn before sending. */
const MAX_SAVE_BYTES = 1024 * 1024 - 4096;

/** What the toolbar and the side form need to know about the editor state. */
interface EditorInfo {
  strong: boolean;
  em: boolean;
  canUndo: boolean;
  canRedo: boolean;
  enabled: Record<StructureCommand, boolean>;
  budgetLine: { pos: number; id: string; code: string; programme: string; amountCents: number } | null;
}

type StructureCommand = "article" | "paragraph" | "listItem" | "chapter" | "budgetLine";

const STRUCTURE: Record<StructureCommand, Command> = {
  article: addArticle,
  paragraph: addParagraph,
  listItem: addListItem,
  chapter: addChapter,
  budgetLine: addBudgetLine,
};

function describe(state: EditorState): EditorInfo {
  const line = ancestor(state.selection.$from, "budget_line");
  const enabled = Object.fromEntries(Object.entries(STRUCTURE).map(([name, command]) => [name, command(state)])) as Record<StructureCommand, boolean>;
  return {
    strong: markActive(state, s.marks.strong),
    em: markActive(state, s.marks.em),
    canUndo: undoDepth(state) > 0,
    canRedo: redoDepth(state) > 0,
    enabled,
    budgetLine: line
      ? {
          pos: line.before,
          id: String(line.node.attrs.id ?? ""),
          code: String(line.node.attrs.code ?? ""),
          programme: String(line.node.attrs.programme ?? ""),
          amountCents: Number(line.node.attrs.amountCents) || 0,
        }
      : null,
  };
}

type SaveStatus =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: number }
  | { kind: "error"; message: string }
  | { kind: "conflict"; byName: string | null; at: number | null };

/** Props from the route loader. */
export interface DraftEditorProps {
  slug: string;
  kind: "regulation" | "budget";
  content: unknown;
  updatedAt: number | null;
  updatedByName: string | null;
}

/**
 * The browser editor of a draft: ProseMirror with the shared schema, a toolbar, derived
 * numbering in the margin, a side form for budget line fields, and saving with conflict
 * detection. Lazy-loaded by the draft route only.
 */
export default function DraftEditor({ slug, kind, content, updatedAt, updatedByName }: DraftEditorProps) {
  const { t, locale } = useI18n();
  const csrfToken = useRootData()?.csrfToken ?? "";
  const fetcher = useFetcher<SaveDraftResponse>();
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const savedDocRef = useRef<PMNode | null>(null);
  const pendingDocRef = useRef<PMNode | null>(null);
  const baseRef = useRef<number | null>(updatedAt);
  const saveRef = useRef<() => void>(() => undefined);
  const [info, setInfo] = useState<EditorInfo | null>(null);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const ids = useId();
  const labelId = `${ids}-label`;

  const money = useMemo(() => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }), [locale]);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }), [locale]);

  // The document is read once: later loader data must not reset what is being edited (the route
  // remounts this component, by key, when it loads another draft on purpose).
  const initialRef = useRef({ content, labelId, formatAmount: (cents: number) => money.format(cents / 100) });

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return undefined;
    const initial = initialRef.current;
    const doc = s.nodeFromJSON(initial.content);
    savedDocRef.current = doc;
    const keys: Record<string, Command> = {
      [SHORTCUTS.undo.key]: undo,
      [SHORTCUTS.redo.key]: redo,
      "Mod-y": redo,
      [SHORTCUTS.bold.key]: toggleMark(s.marks.strong),
      [SHORTCUTS.italic.key]: toggleMark(s.marks.em),
      [SHORTCUTS.article.key]: addArticle,
      [SHORTCUTS.paragraph.key]: addParagraph,
      [SHORTCUTS.listItem.key]: addListItem,
      [SHORTCUTS.chapter.key]: addChapter,
      [SHORTCUTS.budgetLine.key]: addBudgetLine,
      [SHORTCUTS.save.key]: () => {
        saveRef.current();
        return true;
      },
      [SHORTCUTS.lineBreak.key]: insertHardBreak,
      Enter: chain(splitBlock, swallow),
      Backspace: chain(deleteSelection, joinBackward, swallowAtEdge(-1)),
      Delete: chain(deleteSelection, joinForward, swallowAtEdge(1)),
    };
    const state = EditorState.create({
      doc,
      plugins: [history(), keymap(keys), uniqueClauseIds(), numbering(initial.formatAmount)],
    });
    const view = new EditorView(mount, {
      state,
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        id: "draft-editor-surface",
        "aria-labelledby": initial.labelId,
        "aria-describedby": "draft-shortcuts-title",
        class: "draft-editor__surface",
        spellcheck: "true",
      },
      dispatchTransaction(tr: Transaction) {
        const next = view.state.apply(tr);
        view.updateState(next);
        setInfo(describe(next));
        if (tr.docChanged) setDirty(!savedDocRef.current || !next.doc.eq(savedDocRef.current));
      },
    });
    viewRef.current = view;
    setInfo(describe(state));
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  const run = useCallback((command: Command) => {
    const view = viewRef.current;
    if (!view) return;
    command(view.state, view.dispatch, view);
    view.focus();
  }, []);

  const save = useCallback(() => {
    const view = viewRef.current;
    if (!view || fetcher.state !== "idle") return;
    const json = JSON.stringify(view.state.doc.toJSON());
    if (new Blob([json]).size > MAX_SAVE_BYTES) {
      setStatus({ kind: "error", message: t("editor.invalid.tooLarge") });
      return;
    }
    pendingDocRef.current = view.state.doc;
    const form = new FormData();
    form.set("_csrf", csrfToken);
    form.set("content", json);
    form.set("baseUpdatedAt", baseRef.current === null ? "" : String(baseRef.current));
    setStatus({ kind: "saving" });
    fetcher.submit(form, { method: "post", action: `/admin/processes/${slug}/draft`, encType: "multipart/form-data" });
  }, [csrfToken, fetcher, slug, t]);
  saveRef.current = save;

  // One answer per submission: fetcher.data changes identity each time.
  useEffect(() => {
    const answer = fetcher.data;
    if (!answer || fetcher.state !== "idle") return;
    if (answer.ok) {
      baseRef.current = answer.updatedAt;
      savedDocRef.current = pendingDocRef.current;
      const view = viewRef.current;
      setDirty(Boolean(view && savedDocRef.current && !view.state.doc.eq(savedDocRef.current)));
      setStatus({ kind: "saved", at: answer.updatedAt });
    } else if (answer.error === "conflict") {
      setStatus({ kind: "conflict", byName: answer.updatedByName, at: answer.updatedAt });
    } else {
      setStatus({ kind: "error", message: t(`editor.${answer.error}`) });
    }
  }, [fetcher.data, fetcher.state, t]);

  // Leaving with unsaved work asks first (the browser shows its own wording).
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // In-app navigation (links, back button) with unsaved work asks too.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(t("editor.leaveConfirm"))) blocker.proceed();
    else blocker.reset();
  }, [blocker, t]);

  return (
    <div className="draft-editor">
      <div className="draft-editor__bar">
        <Toolbar info={info} kind={kind} run={run} />
        <div className="draft-editor__save">
          <SaveState status={status} dirty={dirty} formatTime={(ms) => timeFormat.format(new Date(ms))} />
          <button type="button" className="button" onClick={save} aria-keyshortcuts="Control+S" disabled={fetcher.state !== "idle"}>
            {t("editor.action.save")}
          </button>
        </div>
      </div>
      {status.kind === "conflict" ? (
        <div className="form-error draft-editor__conflict" role="alert">
          <p>
            {status.byName
              ? t("editor.conflict.byName", { name: status.byName, time: status.at ? timeFormat.format(new Date(status.at)) : "" })
              : t("editor.conflict.generic")}
          </p>
          <p>{t("editor.conflict.help")}</p>
          <p>
            <a href={`/admin/processes/${slug}/draft`} className="button button--quiet">
              {t("editor.conflict.reload")}
            </a>
          </p>
        </div>
      ) : null}
      {updatedByName && updatedAt !== null && status.kind === "idle" ? (
        <p className="muted draft-editor__last">{t("editor.lastSaved", { name: updatedByName, time: timeFormat.format(new Date(updatedAt)) })}</p>
      ) : null}
      <div className="draft-editor__body">
        <div className="draft-editor__doc">
          <h2 id={labelId} className="visually-hidden">
            {t("editor.label")}
          </h2>
          <div ref={mountRef} className="draft-editor__mount" />
        </div>
        {kind === "budget" ? (
          <BudgetLineForm
            line={info?.budgetLine ?? null}
            onApply={(pos, fields) => run(setBudgetLine(pos, fields))}
            formatAmount={(cents) => money.format(cents / 100)}
          />
        ) : null}
      </div>
    </div>
  );
}

function SaveState({ status, dirty, formatTime }: { status: SaveStatus; dirty: boolean; formatTime: (ms: number) => string }) {
  const { t } = useI18n();
  let text: string;
  if (status.kind === "saving") text = t("editor.status.saving");
  else if (dirty) text = t("editor.status.unsaved");
  else if (status.kind === "saved") text = t("editor.status.savedAt", { time: formatTime(status.at) });
  else text = t("editor.status.clean");
  return (
    <>
      <p className={`draft-editor__status${dirty ? " draft-editor__status--dirty" : ""}`} role="status" data-dirty={dirty ? "true" : "false"}>
        {text}
      </p>
      {status.kind === "error" ? (
        <p className="form-error draft-editor__error" role="alert">
          {status.message}
        </p>
      ) : null}
    </>
  );
}

interface ToolButton {
  name: string;
  label: string;
  shortcut: ShortcutName;
  command: Command;
  enabled: boolean;
  pressed?: boolean;
}

/**
 * The formatting and structure toolbar: one tab stop, arrow keys move between buttons (roving
 * tabindex, the WAI-ARIA toolbar pattern); mark buttons report aria-pressed. Buttons keep the
 * editor's selection by not taking focus on mouse down.
 */
function Toolbar({ info, kind, run }: { info: EditorInfo | null; kind: "regulation" | "budget"; run: (command: Command) => void }) {
  const { t } = useI18n();
  const [active, setActive] = useState(0);
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const enabled = info?.enabled;
  const groups: ToolButton[][] = [
    [
      { name: "undo", label: t("editor.action.undo"), shortcut: "undo", command: undo, enabled: Boolean(info?.canUndo) },
      { name: "redo", label: t("editor.action.redo"), shortcut: "redo", command: redo, enabled: Boolean(info?.canRedo) },
    ],
    [
      { name: "bold", label: t("editor.action.bold"), shortcut: "bold", command: toggleMark(s.marks.strong), enabled: true, pressed: Boolean(info?.strong) },
      { name: "italic", label: t("editor.action.italic"), shortcut: "italic", command: toggleMark(s.marks.em), enabled: true, pressed: Boolean(info?.em) },
    ],
    kind === "budget"
      ? [{ name: "budgetLine", label: t("editor.action.addBudgetLine"), shortcut: "budgetLine", command: addBudgetLine, enabled: Boolean(enabled?.budgetLine) }]
      : [
          { name: "article", label: t("editor.action.addArticle"), shortcut: "article", command: addArticle, enabled: Boolean(enabled?.article) },
          { name: "paragraph", label: t("editor.action.addParagraph"), shortcut: "paragraph", command: addParagraph, enabled: Boolean(enabled?.paragraph) },
          { name: "listItem", label: t("editor.action.addListItem"), shortcut: "listItem", command: addListItem, enabled: Boolean(enabled?.listItem) },
          { name: "chapter", label: t("editor.action.addChapter"), shortcut: "chapter", command: addChapter, enabled: Boolean(enabled?.chapter) },
        ],
  ];
  const flat = groups.flat();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = flat.length - 1;
    const moves: Record<string, number> = { ArrowRight: active + 1, ArrowLeft: active - 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = target > last ? 0 : target < 0 ? last : target;
    setActive(next);
    refs.current[next]?.focus();
  };

  let index = -1;
  return (
    <div role="toolbar" aria-label={t("editor.toolbar")} aria-controls="draft-editor-surface" className="draft-toolbar" onKeyDown={onKeyDown}>
      {groups.map((group, g) => (
        <div key={g} className="draft-toolbar__group">
          {group.map((button) => {
            index += 1;
            const i = index;
            return (
              <button
                key={button.name}
                ref={(el) => {
                  refs.current[i] = el;
                }}
                type="button"
                className={`draft-toolbar__button draft-toolbar__button--${button.name}`}
                tabIndex={i === active ? 0 : -1}
                aria-disabled={button.enabled ? undefined : "true"}
                aria-pressed={button.pressed === undefined ? undefined : button.pressed}
                aria-keyshortcuts={SHORTCUTS[button.shortcut].display.split(" / ")[0]?.replace("Ctrl", "Control")}
                title={`${button.label} (${SHORTCUTS[button.shortcut].display})`}
                data-command={button.name}
                onMouseDown={(event) => event.preventDefault()}
                onFocus={() => setActive(i)}
                onClick={() => {
                  if (button.enabled) run(button.command);
                }}
              >
                {button.label}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** Amounts typed as euros with up to two decimals, comma or point ("1.234,50" is not accepted: no thousands separators). */
const budgetLineForm = z.object({
  code: z.string().trim().max(40),
  programme: z.string().trim().max(200),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,12}([.,]\d{1,2})?$/),
});

function toCents(amount: string): number {
  const [whole = "0", fraction = ""] = amount.replace(",", ".").split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/**
 * Code, programme and amount of the budget line holding the cursor; its description is the
 * line's text in the editor. Applying changes the document (undoable), not the server: Save does.
 */
function BudgetLineForm({
  line,
  onApply,
  formatAmount,
}: {
  line: EditorInfo["budgetLine"];
  onApply: (pos: number, fields: { code: string; programme: string; amountCents: number }) => void;
  formatAmount: (cents: number) => string;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!line) {
    return (
      <aside className="draft-budget card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t("editor.budget.title")}</h2>
        <p className="muted">{t("editor.budget.none")}</p>
      </aside>
    );
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = budgetLineForm.safeParse(values);
    if (!parsed.success) {
      setError(t("editor.budget.amountInvalid"));
      return;
    }
    setError(null);
    onApply(line.pos, { code: parsed.data.code, programme: parsed.data.programme, amountCents: toCents(parsed.data.amount) });
  };
  const amountError = `${id}-amount-error`;
  return (
    <aside className="draft-budget card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("editor.budget.title")}</h2>
      <p className="muted">{t("editor.budget.current", { amount: formatAmount(line.amountCents) })}</p>
      {/* Keyed by the line so switching lines resets the fields to that line's values. */}
      <form key={`${line.id}-${line.code}-${line.programme}-${line.amountCents}`} className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-code`}>{t("editor.budget.code")}</label>
          <input id={`${id}-code`} name="code" defaultValue={line.code} maxLength={40} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-programme`}>{t("editor.budget.programme")}</label>
          <input id={`${id}-programme`} name="programme" defaultValue={line.programme} maxLength={200} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-amount`}>{t("editor.budget.amount")}</label>
          <input
            id={`${id}-amount`}
            name="amount"
            inputMode="decimal"
            defaultValue={(line.amountCents / 100).toFixed(2)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? amountError : undefined}
            autoComplete="off"
          />
          {error ? (
            <p id={amountError} className="field__error">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("editor.budget.apply")}
        </button>
      </form>
    </aside>
  );
}
