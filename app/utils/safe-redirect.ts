/**
 * A local path to redirect to after a form, or "/" — never another site. Rejects
 * protocol-relative (`//evil`), backslash tricks (`/\evil`) and absolute URLs.
 */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) return fallback;
  return value;
}
