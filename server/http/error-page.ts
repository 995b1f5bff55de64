import type { Locale } from "../i18n/locales";
import { serverTranslator } from "../i18n/translate";

/** Escapes text for HTML output. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * A small, self-contained, translated error page for answers the HTTP layer gives before the
 * app runs (400 body shape, 413 body too large, 403 CSRF). Same look as the app's error pages.
 */
export function errorPage(locale: Locale, status: 400 | 401 | 403 | 413 | 503, stylesheetHref: string | null): string {
  const t = serverTranslator(locale);
  const title = t(`errors.${status}.title`);
  const body = t(`errors.${status}.body`);
  const css = stylesheetHref ? `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}">` : "";
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Redacta</title>${css}</head><body><main id="main" class="error-page"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/">${escapeHtml(t("errors.backHome"))}</a></p></main></body></html>`;
}

/** The JSON error body of the API: `{ error: { status, code, message } }`. */
export function errorJson(status: number, code: string, message: string): string {
  return JSON.stringify({ error: { status, code, message } });
}
