import { CLOSE } from "../close-codes";

/**
 * The editor-version hook: a browser passes `?schema=N`, the version of the ProseMirror schema
 * it was built with. A different version would write nodes the server's schema does not know
 * (or miss ones it requires), so the connection is refused with EDITOR_OUTDATED and the page
 * tells the person to reload. Clients that pass nothing (API clients) are let through.
 */
export function checkEditorVersion(param: string | null, serverVersion: number): typeof CLOSE.EDITOR_OUTDATED | null {
  if (param === null) return null;
  return /^\d+$/.test(param) && Number(param) === serverVersion ? null : CLOSE.EDITOR_OUTDATED;
}
