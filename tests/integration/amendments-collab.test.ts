import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE } from "../../collab/close-codes";
import { AMENDMENT_FRAGMENT } from "../../collab/schema";
import { SqliteCollabStore } from "../../db/collab-store";
import { amendments, collabUpdates } from "../../db/schema";
import { readAmendmentState } from "../../server/services/amendments";
import { apiSignIn } from "../support/api";
import { until } from "../support/collab-client";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

const SLUG = "ordenanza-movilidad-sostenible";

let server: TestServer;
let draftId: number;
let documentName: string;

beforeAll(async () => {
  server = await startTestServer();
  const draft = server.inspect.db.select({ id: amendments.id }).from(amendments).where(eq(amendments.status, "draft")).get();
  if (!draft) throw new Error("the demo has no draft amendment");
  draftId = draft.id;
  documentName = `amendment-${draftId}`;
});

afterAll(async () => {
  await server.stop();
});

async function collabToken(email: string): Promise<{ token: string; access: string }> {
  const bearer = await apiSignIn(server, email);
  const response = await fetch(new URL(`/api/v1/collab-token?document=${documentName}`, server.url), { headers: { authorization: `Bearer ${bearer}` } });
  expect(response.status, email).toBe(200);
  return (await response.json()) as { token: string; access: string };
}

const storedUpdates = () => server.inspect.db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.document, documentName)).all().length;

/** Appends text to the first paragraph of the wording, as the editor's y-prosemirror binding would. */
function appendToFirstParagraph(doc: Y.Doc, text: string): void {
  const article = doc.getXmlFragment(AMENDMENT_FRAGMENT).get(0) as Y.XmlElement;
  const paragraph = article.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === "paragraph") as Y.XmlElement;
  const content = paragraph.get(0) as Y.XmlText;
  content.insert(content.length, text);
}

describe("an amendment's live document across submit", () => {
  it("gives a co-author write access, closes their socket with ACCESS_CHANGED on submit, and drops what they send afterwards", async () => {
    // A draft is private: someone who does not co-author it gets no token, and the same 404 as for
    // an id that does not exist.
    const refused = await fetch(new URL(`/api/v1/collab-token?document=${documentName}`, server.url), {
      headers: { authorization: `Bearer ${await apiSignIn(server, "resident@example.org")}` },
    });
    expect(refused.status).toBe(404);
    const { token, access } = await collabToken("ngo@example.org");
    expect(access).toBe("write");

    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, documentName, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    });
    const closes: number[] = [];
    provider.on("connection-close", (event: CloseEvent | null) => {
      if (event) closes.push(event.code);
    });
    try {
      await until(() => provider.synced, 10_000, "synced");
      expect(JSON.stringify(doc.getXmlFragment(AMENDMENT_FRAGMENT).toJSON())).toContain("a menos de 25 metros");

      // A write while a draft is stored (acknowledged = appended).
      const before = storedUpdates();
      appendToFirstParagraph(doc, " Texto escrito en directo.");
      await until(() => storedUpdates() > before, 10_000, "the co-author's edit stored");

      // Submit through the amendment page, as verified@ (the other co-author) would.
      const browser = new TestClient(server.url);
      await browser.login("verified@example.org");
      const response = await browser.postForm(`/processes/${SLUG}/amendments/${draftId}`, { intent: "submit" });
      expect(response.status).toBeLessThan(400);
      const row = server.inspect.db.select({ status: amendments.status, content: amendments.content }).from(amendments).where(eq(amendments.id, draftId)).get();
      expect(row?.status).toBe("submitted");
      expect(row?.content).toContain("Texto escrito en directo.");

      await until(() => closes.includes(CLOSE.ACCESS_CHANGED), 10_000, "ACCESS_CHANGED");
      // The stock client reconnects by itself and is now read-only.
      provider.synced = false;
      await until(() => provider.synced && provider.wsconnected, 10_000, "reconnected");
      const frozen = storedUpdates();
      appendToFirstParagraph(doc, " Esto ya no debe entrar.");
      // Give the server time to (not) store it, then check with a fresh reader.
      await new Promise((r) => setTimeout(r, 500));
      expect(storedUpdates()).toBe(frozen);
      const state = readAmendmentState(new SqliteCollabStore(server.inspect.db), documentName);
      expect(JSON.stringify(state.wording)).toContain("Texto escrito en directo.");
      expect(JSON.stringify(state.wording)).not.toContain("Esto ya no debe entrar.");
      expect(state.wording).toEqual(JSON.parse(row?.content ?? "null"));
      expect(server.inspect.db.select({ id: amendments.id }).from(amendments).where(and(eq(amendments.id, draftId), eq(amendments.status, "submitted"))).all()).toHaveLength(1);
    } finally {
      provider.destroy();
    }
  });

  it("lets any signed-in person read the submitted amendment's document, read-only", async () => {
    expect((await collabToken("resident@example.org")).access).toBe("read");
  });
});
