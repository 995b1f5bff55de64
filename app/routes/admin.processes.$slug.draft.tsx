import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { z } from "zod";
import { NotFoundError } from "../../server/errors";
import { loadDraftForEditing } from "../../server/services/documents/load-draft";
import { DraftConflictError, InvalidDraftError, saveDraft } from "../../server/services/documents/save-draft";
import { SHORTCUTS } from "../editor/shortcuts";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";

/*
 * The browser editor of a process's working copy. The editor (ProseMirror) is a separate
 * chunk, loaded only here and only after hydration: readers' pages never download it.
 */
const DraftEditor = lazy(() => import("../editor/DraftEditor"));

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.title} · Redacta` : "Redacta" }];

export function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  try {
    const draft = loadDraftForEditing(context.app.db, user, params.slug ?? "");
    return { ...draft, title: draft.process.title };
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}

/**
 * A save must not reload the draft: the editor already holds the newer text, and remounting it
 * would lose the cursor and the undo history. Other navigations reload as usual.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formAction, currentUrl, defaultShouldRevalidate }) => {
  if (formMethod === "POST" && formAction === currentUrl.pathname) return false;
  return defaultShouldRevalidate;
};

/** The save request: the document JSON and the updatedAt the editor started from ("" = no draft yet). */
const saveDraftForm = z.object({
  content: z.string().min(1),
  baseUpdatedAt: z.string().regex(/^\d{0,15}$/),
});

/** What a save answers; `error` is a message key suffix in the "editor" namespace. */
export type SaveDraftResponse =
  | { ok: true; updatedAt: number; changed: boolean }
  | { ok: false; error: "conflict"; updatedAt: number | null; updatedByName: string | null }
  | { ok: false; error: `invalid.${InvalidDraftError["reason"]}` | "invalid.form"; detail: string };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  const form = await request.formData();
  const parsed = saveDraftForm.safeParse({ content: form.get("content"), baseUpdatedAt: form.get("baseUpdatedAt") });
  if (!parsed.success) {
    return data<SaveDraftResponse>({ ok: false, error: "invalid.form", detail: parsed.error.issues.map((i) => i.path.join(".")).join(", ") }, { status: 400 });
  }
  const { content, baseUpdatedAt } = parsed.data;
  try {
    const result = saveDraft(
      context.app.db,
      user,
      { slug: params.slug ?? "", content, baseUpdatedAt: baseUpdatedAt === "" ? null : Number(baseUpdatedAt) },
      context.app.now(),
    );
    return data<SaveDraftResponse>({ ok: true, updatedAt: result.updatedAt.getTime(), changed: result.changed });
  } catch (error) {
    if (error instanceof InvalidDraftError) {
      return data<SaveDraftResponse>({ ok: false, error: `invalid.${error.reason}`, detail: error.detail }, { status: 400 });
    }
    if (error instanceof DraftConflictError) {
      return data<SaveDraftResponse>(
        { ok: false, error: "conflict", updatedAt: error.currentUpdatedAt?.getTime() ?? null, updatedByName: error.updatedByName },
        { status: 409 },
      );
    }
    if (error instanceof NotFoundError) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}

function ShortcutList() {
  const t = useT();
  return (
    <section className="draft-shortcuts" aria-labelledby="draft-shortcuts-title">
      <h2 id="draft-shortcuts-title">{t("editor.shortcuts.title")}</h2>
      <p className="muted">{t("editor.shortcuts.mac")}</p>
      <dl id="draft-shortcuts">
        {Object.values(SHORTCUTS).map((s) => (
          <div key={s.label} className="draft-shortcuts__row">
            <dt>
              <kbd>{s.display}</kbd>
            </dt>
            <dd>{t(s.label)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function DraftPage() {
  const draft = useLoaderData<typeof loader>();
  const t = useT();
  // The editor needs the DOM: it is mounted after hydration, never rendered on the server.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="draft-page">
      <p className="draft-page__back">
        <Link to={`/processes/${draft.process.slug}`}>{t("editor.backToProcess")}</Link>
      </p>
      <h1>{t("editor.heading", { title: draft.process.title })}</h1>
      <p className="muted">{t("editor.numberingNote")}</p>
      {hydrated ? (
        <Suspense fallback={<p className="muted" role="status">{t("editor.loading")}</p>}>
          <DraftEditor
            key={draft.updatedAt ?? "new"}
            slug={draft.process.slug}
            kind={draft.process.kind}
            content={draft.content}
            updatedAt={draft.updatedAt}
            updatedByName={draft.updatedByName}
          />
        </Suspense>
      ) : (
        // Server-rendered and replaced on hydration, so it shows exactly when scripts never run
        // (a <noscript> is not rendered when scripts are merely blocked or fail to load).
        <p className="notice draft-page__nojs">{t("editor.needsJavascript")}</p>
      )}
      <ShortcutList />
    </div>
  );
}
