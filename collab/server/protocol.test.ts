import { describe, expect, it } from "vitest";
import { decodeAwarenessUpdate, decodeClientMessage, encodeAwarenessUpdate, encodeSyncStep1, ProtocolError } from "./protocol";

describe("y-websocket message framing", () => {
  it("decodes every client message kind", () => {
    expect(decodeClientMessage(encodeSyncStep1(new Uint8Array([0])))).toEqual({ kind: "sync-step1", stateVector: new Uint8Array([0]) });
    expect(decodeClientMessage(new Uint8Array([0, 1, 2, 0, 0]))).toEqual({ kind: "sync-step2", update: new Uint8Array([0, 0]) });
    expect(decodeClientMessage(new Uint8Array([0, 2, 0]))).toEqual({ kind: "sync-update", update: new Uint8Array([]) });
    expect(decodeClientMessage(new Uint8Array([1, 1, 0]))).toEqual({ kind: "awareness", update: new Uint8Array([0]) });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ kind: "query-awareness" });
  });

  it("throws ProtocolError for empty, truncated, unknown, trailing and auth messages", () => {
    for (const bytes of [[], [0], [0, 1], [0, 1, 5, 1], [0, 7, 0], [9], [2, 0], [3, 0], [1, 200, 200, 200, 200, 200, 200]]) {
      expect(() => decodeClientMessage(new Uint8Array(bytes)), JSON.stringify(bytes)).toThrow(ProtocolError);
    }
  });

  it("round-trips awareness entries and refuses states that are not JSON", () => {
    const entries = [{ clientId: 12345, clock: 3, state: '{"user":{"name":"Núria"}}' }];
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
    expect(() => decodeAwarenessUpdate(encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: "{" }]))).toThrow(ProtocolError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([2, 1, 1]))).toThrow(ProtocolError);
  });
});
