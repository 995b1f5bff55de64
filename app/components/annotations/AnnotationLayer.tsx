import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { toCodePointOffset, toUtf16Offset } from "../../../server/services/annotations/anchoring/code-points";
import { useI18n } from "../../i18n/i18n";
import { useRootData } from "../../utils/root-data";
import { fetchAnnotations, postAnnotation, type ShownAnnotation } from "./api";
import { AnnotationCard, type Flagging } from "./AnnotationCard";
import { CLAUSE_TEXT_CLASS, clauseIdOf, clauseTextElementOf, clauseTextOf, clearAnnotationDom, groupRanges, textOffsetOf, trimRange, wordsOf, wrapTextRange } from "./text-dom";

/**
 * The annotation layer of a reading page, loaded lazily after hydration (the reader bundle
 * stays small). It works on the server-rendered document in `#reading-doc`: highlights each
 * group of overlapping annotations with <mark>s and a counter button, draws a margin heat bar
 * per clause, offers "Comentar" next to a mouse or touch selection and a "Comentar este
 * párrafo" button per clause for keyboard users (words picked from two selects), and shows
 * threads in a side panel (a bottom sheet on phones) and orphans in their own section.
 */

export interface AnnotationLayerProps {
  slug: string;
  version: number;
  /**
   * The version shown is the latest: only then do the debate links show (debates are about
   * the latest version's clauses; an older clause may not exist any more).
   */
  latest: boolean;
  /** Annotating is open on this version (phase and latest version, decided by the server). */
  open: boolean;
  /** The viewer may annotate (policy annotation.create). */
  allowed: boolean;
  signedIn: boolean;
  loginHref: string;
}

/** A range of one clause chosen to annotate (UTF-16 offsets into its text). */
interface Pending {
  clauseId: string;
  anchorId: string;
  start: number;
  end: number;
  text: string;
}

type Popover = { kind: "selection"; pending: Pending; top: number; left: number } | { kind: "multi"; top: number; left: number };

type Composer = { kind: "selection"; pending: Pending } | { kind: "words"; pending: Pending };

interface Group {
  key: string;
  clauseId: string;
  ids: string[];
  quote: string;
}

const DOC_ID = "reading-doc";

/** A quote short enough for an accessible name. */
function shortQuote(quote: string): string {
  return quote.length > 60 ? `${quote.slice(0, 57)}…` : quote;
}

/** The debate page of one clause of the latest version. */
function debateHref(slug: string, clauseId: string): string {
  return `/processes/${encodeURIComponent(slug)}/clauses/${encodeURIComponent(clauseId)}`;
}

function heatLevel(count: number): number {
  if (count >= 20) return 5;
  if (count >= 10) return 4;
  if (count >= 5) return 3;
  if (count >= 2) return 2;
  return 1;
}

/** The default export lets React.lazy load this module as its own chunk. */
export default function AnnotationLayer({ slug, version, latest, open, allowed, signedIn, loginHref }: AnnotationLayerProps) {
  const { t } = useI18n();
  const csrfToken = useRootData()?.csrfToken ?? "";
  const [items, setItems] = useState<ShownAnnotation[]>([]);
  const [groups, setGroups] = useState<Map<string, Group>>(new Map());
  const [panel, setPanel] = useState<string | null>(null);
  const [popover, setPopover] = useState<Popover | null>(null);
  const [composer, setComposer] = useState<Composer | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [loadError, setLoadError] = useState(false);
  const canCompose = open && allowed;

  // Closing the panel returns focus to the counter that opened it (a keyboard user keeps their place).
  const closePanel = useCallback(() => {
    if (panel) document.querySelector<HTMLElement>(`.anno-badge[data-anno-group="${CSS.escape(panel)}"]`)?.focus();
    setPanel(null);
  }, [panel]);

  const reload = useCallback(async () => {
    try {
      setItems(await fetchAnnotations(slug, version));
      setLoadError(false);
    } catch (error) {
      setLoadError(true);
      throw error;
    }
  }, [slug, version]);

  useEffect(() => {
    void reload().catch((error: unknown) => console.warn(error));
  }, [reload]);

  const byId = useMemo(() => new Map(items.map((a) => [a.id, a])), [items]);

  // Highlights, counters, heat bars and keyboard buttons, redrawn from scratch on each change.
  useEffect(() => {
    const root = document.getElementById(DOC_ID);
    if (!root) return;
    clearAnnotationDom(root);
    const perClause = new Map<string, ShownAnnotation[]>();
    for (const a of items) {
      if (a.clauseId === null || a.start === null || a.end === null) continue;
      const list = perClause.get(a.clauseId) ?? [];
      list.push(a);
      perClause.set(a.clauseId, list);
    }
    const made = new Map<string, Group>();
    for (const [clauseId, list] of perClause) {
      const ct = document.getElementById(`par-${clauseId}`)?.querySelector(`:scope > .${CLAUSE_TEXT_CLASS}`) ?? document.getElementById(`item-${clauseId}`)?.querySelector(`:scope > .${CLAUSE_TEXT_CLASS}`);
      if (!ct || !ct.parentElement) continue;
      const text = clauseTextOf(ct);
      const ranges: Array<{ key: string; start: number; end: number }> = [];
      for (const a of list) {
        if (a.start === null || a.end === null) continue;
        // A selector that does not fit the shown text (should not happen) is listed, not drawn.
        try {
          const start = toUtf16Offset(text, a.start);
          const end = toUtf16Offset(text, a.end);
          if (text.slice(start, end) === a.exact) ranges.push({ key: a.id, start, end });
        } catch (error) {
          console.warn(error);
        }
      }
      groupRanges(ranges).forEach((g, i) => {
        const key = `${clauseId}:${i}`;
        const marks = wrapTextRange(ct, g.start, g.end, () => {
          const mark = document.createElement("mark");
          mark.className = "anno";
          mark.dataset.annoGroup = key;
          return mark;
        });
        const badge = document.createElement("button");
        badge.type = "button";
        badge.className = "anno-badge";
        badge.dataset.annoUi = "";
        badge.dataset.annoGroup = key;
        badge.textContent = String(g.keys.length);
        badge.setAttribute("aria-label", t("annotation.group.open", { count: g.keys.length, quote: shortQuote(text.slice(g.start, g.end)) }));
        marks[marks.length - 1]?.after(badge);
        made.set(key, { key, clauseId, ids: g.keys, quote: text.slice(g.start, g.end) });
      });
      const heat = document.createElement("span");
      heat.className = `anno-heat anno-heat--${heatLevel(list.length)}`;
      heat.dataset.annoUi = "";
      const label = document.createElement("span");
      label.className = "visually-hidden";
      label.textContent = t("annotation.heat", { count: list.length });
      heat.appendChild(label);
      ct.parentElement.classList.add("anno-host");
      ct.parentElement.appendChild(heat);
    }
    // A "Debate" link after each article heading, added here rather than in the server HTML
    // (a long document's reading page is near its size budget).
    if (latest) {
      root.querySelectorAll<HTMLElement>("article.art[id^='art-']").forEach((art) => {
        const heading = art.querySelector(":scope > .art__h");
        if (!heading) return;
        const link = document.createElement("a");
        link.className = "anno-debate";
        link.dataset.annoUi = "";
        link.href = debateHref(slug, art.id.slice("art-".length));
        link.textContent = t("annotation.debate.heading");
        link.setAttribute("aria-label", t("annotation.debate.headingLabel", { title: (heading.querySelector(".lbl")?.textContent ?? "").replace(/\.$/, "") }));
        heading.appendChild(link);
      });
    }
    if (canCompose) {
      root.querySelectorAll(`.${CLAUSE_TEXT_CLASS}`).forEach((ct) => {
        if (!ct.parentElement || clauseTextOf(ct).trim() === "") return;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "anno-kbd";
        button.dataset.annoUi = "";
        button.dataset.annoCompose = "";
        button.textContent = t("annotation.commentParagraph");
        ct.parentElement.appendChild(button);
      });
    }
    setGroups(made);
    return () => clearAnnotationDom(root);
  }, [items, canCompose, latest, slug, t]);

  // One delegated click handler: counters and marks open their group, keyboard buttons the composer.
  useEffect(() => {
    const root = document.getElementById(DOC_ID);
    if (!root) return;
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const compose = target?.closest("[data-anno-compose]");
      if (compose) {
        const ct = compose.parentElement?.querySelector(`:scope > .${CLAUSE_TEXT_CLASS}`);
        const clauseId = ct ? clauseIdOf(ct) : null;
        if (!ct || !clauseId || !ct.parentElement) return;
        const text = clauseTextOf(ct);
        const words = wordsOf(text);
        setComposer({ kind: "words", pending: { clauseId, anchorId: ct.parentElement.id, start: words[0]?.start ?? 0, end: words[0]?.end ?? 0, text } });
        return;
      }
      const group = target?.closest<HTMLElement>("[data-anno-group]")?.dataset.annoGroup;
      if (group) setPanel(group);
    };
    root.addEventListener("click", onClick);
    return () => root.removeEventListener("click", onClick);
  }, []);

  // Mouse and touch selections: a "Comentar" button (or a hint) right under the selection.
  useEffect(() => {
    if (!open) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const selection = document.getSelection();
      const root = document.getElementById(DOC_ID);
      if (!selection || !root || selection.isCollapsed || selection.rangeCount === 0) {
        setPopover(null);
        return;
      }
      const range = selection.getRangeAt(0);
      if (!root.contains(range.commonAncestorContainer)) {
        setPopover(null);
        return;
      }
      const rect = range.getBoundingClientRect();
      const place = { top: rect.bottom + window.scrollY + 8, left: Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + window.innerWidth - 200)) };
      const startCt = clauseTextElementOf(range.startContainer);
      const endCt = clauseTextElementOf(range.endContainer);
      if (!startCt || startCt !== endCt) {
        setPopover({ kind: "multi", ...place });
        return;
      }
      const clauseId = clauseIdOf(startCt);
      if (!clauseId || !startCt.parentElement) return;
      const text = clauseTextOf(startCt);
      const trimmed = trimRange(text, textOffsetOf(startCt, range.startContainer, range.startOffset), textOffsetOf(startCt, range.endContainer, range.endOffset));
      if (trimmed.end <= trimmed.start) {
        setPopover(null);
        return;
      }
      setPopover({ kind: "selection", pending: { clauseId, anchorId: startCt.parentElement.id, ...trimmed, text }, ...place });
    };
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(check, 120);
    };
    document.addEventListener("selectionchange", onChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onChange);
    };
  }, [open]);

  const submitted = useCallback(async () => {
    setComposer(null);
    setPopover(null);
    document.getSelection()?.removeAllRanges();
    setAnnouncement(t("annotation.posted"));
    await reload();
  }, [reload, t]);

  const flagging: Flagging | null = signedIn ? { csrfToken, announce: setAnnouncement } : null;
  const orphans = items.filter((a) => a.start === null);
  const panelGroup = panel ? groups.get(panel) : undefined;
  const panelItems = panelGroup ? panelGroup.ids.map((id) => byId.get(id)).filter((a): a is ShownAnnotation => a !== undefined) : [];

  // Orphans are listed after the document, in the slot ReadingPage leaves for them.
  const afterSlot = document.getElementById("anno-after");
  const orphanSection = (
        <section className="anno-orphans" aria-labelledby="anno-orphans-h">
          <h2 id="anno-orphans-h">{t("annotation.orphans.title")}</h2>
          <p className="muted">{t("annotation.orphans.lead")}</p>
          <ul className="anno-threads">
            {orphans.map((a) => (
              <AnnotationCard key={a.id} annotation={a} flagging={flagging} />
            ))}
          </ul>
        </section>
        );

  return (
    <div className="anno-layer">
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {loadError ? <p className="notice">{t("annotation.loadError")}</p> : null}
      {orphans.length > 0 && afterSlot ? createPortal(orphanSection, afterSlot) : null}
      {popover
        ? createPortal(
            <div className="anno-pop" style={{ top: popover.top, left: popover.left }}>
              {popover.kind === "multi" ? (
                <p role="status">{t("annotation.selection.multi")}</p>
              ) : canCompose ? (
                <button
                  type="button"
                  className="button"
                  // Keeps the selection: pressing the button must not collapse it first.
                  onPointerDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setComposer({ kind: "selection", pending: popover.pending });
                    // The pending range is kept; a live selection would paint over the modal dialog.
                    document.getSelection()?.removeAllRanges();
                  }}
                >
                  {t("annotation.comment")}
                </button>
              ) : allowed ? null : signedIn ? (
                <p>{t("annotation.notAllowed")}</p>
              ) : (
                <a href={loginHref}>{t("annotation.loginToComment")}</a>
              )}
            </div>,
            document.body,
          )
        : null}
      {composer ? (
        <ComposerDialog
          key={`${composer.kind}:${composer.pending.anchorId}`}
          composer={composer}
          onCancel={() => setComposer(null)}
          onPost={async (pending, body) => {
            const result = await postAnnotation(slug, version, csrfToken, {
              clauseId: pending.clauseId,
              start: toCodePointOffset(pending.text, pending.start),
              end: toCodePointOffset(pending.text, pending.end),
              exact: pending.text.slice(pending.start, pending.end),
              body,
            });
            if (result.ok) await submitted();
            return result;
          }}
        />
      ) : null}
      {panelGroup ? (
        <aside
          className="anno-panel"
          aria-labelledby="anno-panel-h"
          onKeyDown={(event) => {
            if (event.key === "Escape") closePanel();
          }}
        >
          <div className="anno-panel__head">
            <h2 id="anno-panel-h" tabIndex={-1} ref={(el) => el?.focus()}>
              {t("annotation.panel.title", { count: panelItems.length })}
            </h2>
            <button type="button" className="button button--quiet" onClick={closePanel}>
              {t("annotation.panel.close")}
            </button>
          </div>
          <blockquote className="anno-panel__quote">{panelGroup.quote}</blockquote>
          {latest ? (
            <p className="anno-panel__debate">
              <a href={debateHref(slug, panelGroup.clauseId)}>{t("annotation.debate.clause")}</a>
            </p>
          ) : null}
          <ul className="anno-threads">
            {panelItems.map((a) => (
              <AnnotationCard key={a.id} annotation={a} flagging={flagging} />
            ))}
          </ul>
        </aside>
      ) : null}
    </div>
  );
}

/** The form in a modal dialog: the quote (or two word selects for keyboard users) and the comment. */
function ComposerDialog({ composer, onCancel, onPost }: { composer: Composer; onCancel: () => void; onPost: (pending: Pending, body: string) => Promise<{ ok: true } | { ok: false; status: number; code: string }> }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const words = useMemo(() => wordsOf(composer.pending.text), [composer.pending.text]);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const pending: Pending =
    composer.kind === "words"
      ? { ...composer.pending, start: words[Math.min(from, to)]?.start ?? 0, end: words[Math.max(from, to)]?.end ?? 0 }
      : composer.pending;
  const quote = pending.text.slice(pending.start, pending.end);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === "") {
      setError(t("annotation.error.required"));
      return;
    }
    setBusy(true);
    const result = await onPost(pending, body);
    setBusy(false);
    if (!result.ok) setError(result.code === "phase_closed" || result.status === 403 ? t("annotation.error.closed") : t("annotation.error.failed"));
  };

  return (
    <dialog ref={ref} className="anno-dialog" aria-labelledby="anno-dialog-h" onClose={onCancel}>
      <form method="dialog" className="form" onSubmit={submit} noValidate>
        <h2 id="anno-dialog-h">{t("annotation.dialog.title")}</h2>
        {composer.kind === "words" ? (
          <>
            <p className="field__hint" id="anno-words-hint">
              {t("annotation.dialog.wordsHint")}
            </p>
            <div className="anno-dialog__words">
              <div className="field">
                <label htmlFor="anno-from">{t("annotation.dialog.from")}</label>
                <select id="anno-from" aria-describedby="anno-words-hint" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                  {words.map((w, i) => (
                    <option key={i} value={i}>
                      {`${i + 1}. ${w.text}`}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="anno-to">{t("annotation.dialog.to")}</label>
                <select id="anno-to" aria-describedby="anno-words-hint" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                  {words.map((w, i) => (
                    <option key={i} value={i}>
                      {`${i + 1}. ${w.text}`}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </>
        ) : null}
        <p className="anno-dialog__quote" aria-live="polite">
          {t("annotation.dialog.quote")} <q>{quote}</q>
        </p>
        <div className="field">
          <label htmlFor="anno-body">{t("annotation.dialog.body")}</label>
          <textarea
            id="anno-body"
            rows={4}
            maxLength={5000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "anno-body-error" : undefined}
          />
          {error ? (
            <p className="field__error" id="anno-body-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="anno-dialog__actions">
          <button type="submit" className="button" disabled={busy}>
            {t("annotation.dialog.submit")}
          </button>
          <button type="button" className="button button--quiet" onClick={() => ref.current?.close()}>
            {t("annotation.dialog.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
