import { describe, expect, it } from "vitest";
import { CLOSE } from "../../collab/close-codes";
import { parseEuros } from "../../app/editor/amendment/amounts";
import { CURSOR_PALETTE, cursorColor } from "../../app/editor/amendment/colors";
import { onClose, statusAttribute, statusMessageKey } from "../../app/editor/amendment/connection";
import { messagesFor } from "../../server/i18n/translate";

describe("amendment editor: close codes", () => {
  it.each([
    [CLOSE.FORBIDDEN, "forbidden"],
    [CLOSE.ACCESS_REVOKED, "revoked"],
    [CLOSE.UNKNOWN_DOCUMENT, "unknown"],
    [CLOSE.EDITOR_OUTDATED, "outdated"],
    [CLOSE.UNAUTHENTICATED, "unauthenticated"],
    [CLOSE.DOCUMENT_REPLACED, "replaced"],
  ])("stops reconnecting on %i (%s)", (code, reason) => {
    expect(onClose(code)).toEqual({ stop: reason });
  });

  it("reconnects on ACCESS_CHANGED and says the access changed; reconnects on a server restart", () => {
    expect(onClose(CLOSE.ACCESS_CHANGED)).toEqual({ reconnect: true, accessChanged: true });
    expect(onClose(CLOSE.GOING_AWAY)).toEqual({ reconnect: true, accessChanged: false });
    expect(onClose(1006)).toEqual({ reconnect: true, accessChanged: false });
  });

  it("maps states to the data-collab-status attribute and to messages that exist in every language", () => {
    expect(statusAttribute({ kind: "synced", readOnly: true, accessChanged: false })).toBe("readonly");
    expect(statusAttribute({ kind: "synced", readOnly: false, accessChanged: false })).toBe("synced");
    expect(statusAttribute({ kind: "reconnecting", accessChanged: false })).toBe("connecting");
    expect(statusAttribute({ kind: "stopped", reason: "forbidden" })).toBe("stopped");
    const messages = messagesFor("es");
    const reasons = ["forbidden", "revoked", "unknown", "outdated", "unauthenticated", "tooLarge", "tooMany", "replaced", "other"] as const;
    const keys = [
      statusMessageKey({ kind: "connecting" }),
      statusMessageKey({ kind: "reconnecting", accessChanged: true }),
      statusMessageKey({ kind: "reconnecting", accessChanged: false }),
      statusMessageKey({ kind: "synced", readOnly: true, accessChanged: true }),
      statusMessageKey({ kind: "synced", readOnly: true, accessChanged: false }),
      statusMessageKey({ kind: "synced", readOnly: false, accessChanged: false }),
      ...reasons.map((reason) => statusMessageKey({ kind: "stopped", reason })),
    ];
    for (const key of keys) expect(messages[key], key).toBeTruthy();
  });
});

describe("amendment editor: amounts typed in euros", () => {
  it.each([
    ["1250", 125_000],
    ["1250,5", 125_050],
    ["1250.50", 125_050],
    ["1.250,50", 125_050],
    ["1,250.50", 125_050],
    ["1.250", 125_000],
    ["1.250.000", 125_000_000],
    ["1 250,00 €", 125_000],
    ["0", 0],
  ])("%s → %i cents", (input, cents) => {
    expect(parseEuros(input)).toBe(cents);
  });

  it.each(["", "-5", "abc", "1,2,3.456", "12.345,678", "1e5", "12,3,4", "1.250.00", "1.250,000"])("refuses %j", (input) => {
    expect(parseEuros(input)).toBeNull();
  });
});

describe("amendment editor: cursor colours", () => {
  it("gives a person the same palette colour every time", () => {
    expect(cursorColor("Ana")).toBe(cursorColor("Ana"));
    expect(CURSOR_PALETTE).toContain(cursorColor("Associació Veïnal"));
  });
});
