import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { diffWording, type ArticleJSON, type BudgetLine } from "../../../server/services/amendments/wording-diff";
import { useT } from "../../i18n/i18n";

/*
 * The public entry point of the live amendment editor. Pages import this small component; the
 * editor itself (ProseMirror, Yjs, y-websocket) is a separate chunk imported only in the browser,
 * after hydration, so readers' bundles never carry it.
 */
const AmendmentEditor = lazy(() => import("../../editor/amendment/AmendmentEditor"));

/** What kind of change an amendment proposes. */
export type AmendmentEditorKind = "modify" | "add" | "delete" | "budget";

/** Props of AmendmentEditorLoader (and of the lazy editor behind it). */
export interface AmendmentEditorProps {
  /** Collaborative document name, "amendment-{id}". */
  documentName: string;
  kind: AmendmentEditorKind;
  /** The base clause (amendment-schema doc JSON), or null for "add". */
  base: ArticleJSON | null;
  /** The budget's lines with their current amounts ("budget" only). */
  baseLines?: BudgetLine[];
  /** Whether this person may only watch (staff on a draft, anyone on a submitted amendment). */
  readOnly: boolean;
  /** Shown to co-authors next to this person's cursor; the id tells apart people of the same name. */
  user: { id: number; name: string };
}

/** The base wording as plain blocks: what the server renders before the editor loads. */
function StaticWording({ base }: { base: ArticleJSON }) {
  const blocks = useMemo(() => diffWording(base, base).blocks, [base]);
  return (
    <div className="amendment-editor__static">
      {blocks.map((block, i) =>
        block.kind === "heading" ? (
          <p key={i} className="amendment-editor__static-heading">
            {block.segments.map((s) => s.text).join("")}
          </p>
        ) : (
          <p key={i}>{block.segments.map((s) => s.text).join("")}</p>
        ),
      )}
    </div>
  );
}

/** What shows until the editor chunk has loaded (and all the time when scripts do not run). */
function Fallback({ kind, base }: Pick<AmendmentEditorProps, "kind" | "base">) {
  const t = useT();
  return (
    <div className="amendment-editor amendment-editor--loading" data-collab-status="connecting">
      <p className="muted" role="status">
        {t("amendment-editor.loading")}
      </p>
      {kind !== "budget" ? (
        <section className="card amendment-editor__fallback">
          <h3>{t(base ? "amendment-editor.fallback.base" : "amendment-editor.editor.title")}</h3>
          {base ? <StaticWording base={base} /> : <p>{t("amendment-editor.fallback.noBase")}</p>}
        </section>
      ) : null}
    </div>
  );
}

/**
 * The live co-writing editor of an amendment. On the server (and until the editor chunk loads)
 * it renders the base wording; a "delete" amendment has no wording and only gets a note.
 * The editor's root carries `data-collab-status` (connecting | synced | readonly | stopped).
 */
export function AmendmentEditorLoader(props: AmendmentEditorProps) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (props.kind === "delete") {
    return (
      <div className="amendment-editor amendment-editor--delete">
        <p className="notice">{t("amendment-editor.delete.note")}</p>
      </div>
    );
  }
  const fallback = <Fallback kind={props.kind} base={props.base} />;
  if (!hydrated) return fallback;
  return (
    <Suspense fallback={fallback}>
      {/* Another document or another access level is another connection: start afresh. */}
      <AmendmentEditor key={`${props.documentName}:${props.readOnly ? "read" : "write"}`} {...props} />
    </Suspense>
  );
}

export default AmendmentEditorLoader;
