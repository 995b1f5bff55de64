import { expect } from "vitest";
import type { TestClient } from "./http-client";
import { postMultipart } from "./docadmin";

/** The DOCX media type the version download answers with and the import page accepts. */
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function unescapeAttr(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The value of a hidden field in a rendered page; throws when the page has none. */
export function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} in the page`);
  return unescapeAttr(match[1]);
}

/** Downloads version `n` of a process as DOCX, as the version page's link does. */
export async function downloadDocx(client: TestClient, slug: string, n: number): Promise<Uint8Array> {
  const response = await client.get(`/processes/${slug}/v/${n}/docx`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(DOCX);
  return new Uint8Array(await response.arrayBuffer());
}

/** Posts a DOCX to the import page's preview and returns the preview HTML. */
export async function previewImport(client: TestClient, slug: string, bytes: Uint8Array): Promise<string> {
  const response = await postMultipart(client, `/admin/processes/${slug}/import`, { intent: "preview", file: new Blob([new Uint8Array(bytes)], { type: DOCX }) }, "ordenanza.docx");
  const html = await response.text();
  expect(response.status, html.slice(0, 300)).toBe(200);
  return html;
}

/** Saves a previewed import as the draft and publishes it, like the import and publish forms. */
export async function saveAndPublish(client: TestClient, slug: string, html: string, baseVersion: number, changelog: string): Promise<void> {
  const save = await postMultipart(client, `/admin/processes/${slug}/import`, { intent: "save", fileName: "ordenanza.docx", content: hidden(html, "content"), basedOn: hidden(html, "basedOn") });
  expect(save.status).toBe(303);
  const published = await client.postForm(`/admin/processes/${slug}/publish`, { changelog, baseVersion: String(baseVersion) });
  expect(published.status).toBe(303);
}
