import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/**
 * The y-websocket wire protocol as the npm `y-websocket` client speaks it: every message is
 * `[messageType: varUint, payload…]`. Only the framing lives here; what each message does is
 * decided by the shared document.
 */
export const MESSAGE = {
  /** Followed by a sync sub-type (SYNC below) and a varUint8Array. */
  sync: 0,
  /** Followed by a varUint8Array awareness update. */
  awareness: 1,
  /** Server → client permission answer; clients never send it. */
  auth: 2,
  /** Asks for every awareness state; no payload. */
  queryAwareness: 3,
} as const;

/** Sub-types of a sync message (y-protocols/sync). */
export const SYNC = {
  /** A state vector: "send me what I miss". */
  step1: 0,
  /** The missing part of the document, as an update. */
  step2: 1,
  /** A live update. */
  update: 2,
} as const;

/** A decoded client message; anything else is a protocol error. */
export type ClientMessage =
  | { kind: "sync-step1"; stateVector: Uint8Array }
  | { kind: "sync-step2"; update: Uint8Array }
  | { kind: "sync-update"; update: Uint8Array }
  | { kind: "awareness"; update: Uint8Array }
  | { kind: "query-awareness" };

/** Thrown for a message that is malformed, truncated, of an unknown type or has trailing bytes. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/**
 * Reads one whole client message. Trailing bytes are an error too: a well-formed message is
 * consumed exactly, so leftovers mean a corrupted or hand-crafted frame.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(data);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE.sync) {
      const sub = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sub === SYNC.step1) message = { kind: "sync-step1", stateVector: payload };
      else if (sub === SYNC.step2) message = { kind: "sync-step2", update: payload };
      else if (sub === SYNC.update) message = { kind: "sync-update", update: payload };
      else throw new ProtocolError(`Unknown sync message type ${sub}`);
    } else if (type === MESSAGE.awareness) {
      message = { kind: "awareness", update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE.queryAwareness) {
      message = { kind: "query-awareness" };
    } else {
      throw new ProtocolError(`Unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`Truncated or malformed message: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(`${data.length - decoder.pos} trailing bytes after a ${message.kind} message`);
  return message;
}

/** `[sync, step1, stateVector]`: the server asks the client for what it misses. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SYNC.step1, stateVector);
}

/** `[sync, step2, update]`: the answer to a client's step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC.step2, update);
}

/** `[sync, update, update]`: a live update broadcast to every connection of a document. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC.update, update);
}

function encodeSync(sub: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** `[awareness, update]`. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** One entry of an awareness update: a client's presence state (null = gone) and its clock. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The JSON text of the state, as sent ("null" when the client left). */
  state: string;
}

/**
 * Reads an awareness update (`[count, (clientId, clock, stateJson)*]`) and checks that every
 * state is JSON, so a bad entry is refused before y-protocols half-applies the update.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      JSON.parse(state);
      entries.push({ clientId, clock, state });
    }
  } catch (error) {
    throw new ProtocolError(`Malformed awareness update: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError("Trailing bytes after an awareness update");
  return entries;
}

/** Writes awareness entries back into an update (after filtering). */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
