import { CLOSE } from "../../../collab/close-codes";

/*
 * The editor's connection status as a small state machine, apart from the WebSocket wiring so
 * the mapping from close codes to what the person is told can be read (and tested) on its own.
 */

/** Why the editor gave up connecting; each has a message in "amendment-editor.status.stopped.*". */
export type StopReason = "forbidden" | "revoked" | "unknown" | "outdated" | "unauthenticated" | "tooLarge" | "tooMany" | "replaced" | "other";

/** Where the connection is. */
export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "synced"; readOnly: boolean; accessChanged: boolean }
  | { kind: "reconnecting"; accessChanged: boolean }
  | { kind: "stopped"; reason: StopReason };

/**
 * Close codes after which reconnecting cannot help: the answer would be the same (or the same
 * update would be refused again), so the editor stops and says why.
 */
const STOP: ReadonlyMap<number, StopReason> = new Map<number, StopReason>([
  [CLOSE.FORBIDDEN, "forbidden"],
  [CLOSE.ACCESS_REVOKED, "revoked"],
  [CLOSE.UNKNOWN_DOCUMENT, "unknown"],
  [CLOSE.EDITOR_OUTDATED, "outdated"],
  [CLOSE.UNAUTHENTICATED, "unauthenticated"],
  [CLOSE.DOCUMENT_TOO_LARGE, "tooLarge"],
  [CLOSE.TOO_MANY_CONNECTIONS, "tooMany"],
  [CLOSE.DOCUMENT_REPLACED, "replaced"],
  [CLOSE.BAD_ORIGIN, "other"],
]);

/** What to do when the socket closed with `code`. */
export function onClose(code: number | null): { stop: StopReason } | { reconnect: true; accessChanged: boolean } {
  const reason = code === null ? undefined : STOP.get(code);
  if (reason) return { stop: reason };
  return { reconnect: true, accessChanged: code === CLOSE.ACCESS_CHANGED };
}

/** The `data-collab-status` tests and styles key on. */
export function statusAttribute(state: ConnectionState): "connecting" | "synced" | "readonly" | "stopped" {
  if (state.kind === "synced") return state.readOnly ? "readonly" : "synced";
  if (state.kind === "stopped") return "stopped";
  return "connecting";
}

/** The message key (in the "amendment-editor" namespace) describing the state to the person. */
export function statusMessageKey(state: ConnectionState): string {
  switch (state.kind) {
    case "connecting":
      return "amendment-editor.status.connecting";
    case "reconnecting":
      return state.accessChanged ? "amendment-editor.status.accessChanged" : "amendment-editor.status.reconnecting";
    case "synced":
      if (!state.readOnly) return "amendment-editor.status.synced";
      return state.accessChanged ? "amendment-editor.status.nowReadonly" : "amendment-editor.status.readonly";
    case "stopped":
      return `amendment-editor.status.stopped.${state.reason}`;
  }
}
