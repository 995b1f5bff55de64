import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import {
  annotations,
  auditLog,
  documentVersions,
  phases,
  processes,
} from "../../db/schema";
import {
  versionText,
  type ClauseText,
} from "../../server/services/annotations/anchoring";
import { createAnnotation } from "../../server/services/annotations/annotations";
import { loadCurrentUser } from "../../server/services/current-user";
import { apiSignIn, userIdOf } from "../support/api";
import { signedInClient } from "../support/docadmin";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The W3C Web Annotation Protocol (W3C Recommendation, 23 February 2017), one test per MUST that
 * binds a server, each named after the section of the recommendation it comes from. Against the
 * real server, over HTTP, on the demo ordinance.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const CONTAINER_PATH = `/api/v1/processes/${SLUG}/annotations/`;
const ANNO_PROFILE = "http://www.w3.org/ns/anno.jsonld";
const LDP = "http://www.w3.org/ns/ldp#";
const OA = "http://www.w3.org/ns/oa#";

let server: TestServer;
let container: string;
let processId: number;
let tokens: { resident: string; verified: string; moderator: string };
let clauses: ClauseText[];

interface W3c {
  id: string;
  type: string | string[];
  body?: { value: string };
  target: { source: string; selector?: Array<Record<string, unknown>> };
  canonical?: string;
  via?: string;
  modified?: string;
}

beforeAll(async () => {
  server = await startTestServer();
  container = new URL(CONTAINER_PATH, server.url).toString();
  tokens = {
    resident: await apiSignIn(server, "resident@example.org"),
    verified: await apiSignIn(server, "verified@example.org"),
    moderator: await apiSignIn(server, "moderator@example.org"),
  };
  const db = server.inspect.db;
  processId =
    db
      .select({ id: processes.id })
      .from(processes)
      .where(eq(processes.slug, SLUG))
      .get()?.id ?? 0;
  const content =
    db
      .select({ content: documentVersions.content })
      .from(documentVersions)
      .where(eq(documentVersions.processId, processId))
      .get()?.content ?? "";
  clauses = versionText(
    "1",
    documentSchema.nodeFromJSON(JSON.parse(content))
  ).clauses.filter((c) => c.text !== "");
  setAnnotationPhase(true);
});
afterAll(async () => {
  await server.stop();
});

function setAnnotationPhase(open: boolean): void {
  const now = Date.now();
  server.inspect.db
    .update(phases)
    .set(
      open
        ? {
            startsAt: new Date(now - 86_400_000),
            endsAt: new Date(now + 86_400_000),
          }
        : {
            startsAt: new Date(now - 2 * 86_400_000),
            endsAt: new Date(now - 86_400_000),
          }
    )
    .where(and(eq(phases.processId, processId), eq(phases.kind, "annotation")))
    .run();
}

const versionIri = () => `${server.url}/api/v1/processes/${SLUG}/versions/1`;
const storedCount = () =>
  server.inspect.db.select({ n: count() }).from(annotations).get()?.n ?? 0;

/** Code point offsets of `exact` in a clause's text. */
function rangeOf(
  clause: ClauseText,
  exact: string
): { start: number; end: number } {
  const at = clause.text.indexOf(exact);
  if (at < 0) throw new Error(`"${exact}" not in clause ${clause.id}`);
  const start = [...clause.text.slice(0, at)].length;
  return { start, end: start + [...exact].length };
}

/** How many times `exact` occurs in the whole version. */
function occurrences(exact: string): number {
  let n = 0;
  for (const c of clauses)
    for (
      let at = c.text.indexOf(exact);
      at >= 0;
      at = c.text.indexOf(exact, at + 1)
    )
      n++;
  return n;
}

/** A standard W3C annotation (no Redacta property): the clause as the fragment of the version IRI. */
function standard(
  clauseIndex: number,
  exact: string,
  value = "Comentario estándar."
): Record<string, unknown> {
  const clause = clauses[clauseIndex];
  if (!clause) throw new Error(`no clause ${clauseIndex}`);
  const { start, end } = rangeOf(clause, exact);
  return {
    "@context": ANNO_PROFILE,
    type: "Annotation",
    body: { type: "TextualBody", value },
    target: {
      source: `${versionIri()}#${clause.id}`,
      selector: [
        { type: "TextQuoteSelector", exact },
        { type: "TextPositionSelector", start, end },
      ],
    },
  };
}

function send(
  method: string,
  url: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      ...(body === undefined
        ? {}
        : { "content-type": `application/ld+json; profile="${ANNO_PROFILE}"` }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function create(
  token = tokens.resident,
  annotation = standard(0, "movilidad de las personas")
): Promise<{ response: Response; body: W3c }> {
  const response = await send("POST", container, token, annotation);
  expect(response.status).toBe(201);
  return { response, body: (await response.json()) as W3c };
}

/** The header names in Vary, lower-cased (Accept-Encoding, added by compression, is not Accept). */
const varyOf = (response: Response): string[] => (response.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());

const linkTargets = (response: Response, rel: string): string[] =>
  (response.headers.get("link") ?? "")
    .split(/,(?=\s*<)/)
    .map((part) => /^\s*<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null && m[2] === rel)
    .map((m) => m[1] ?? "");

describe("3 Annotation Retrieval", () => {
  it("3 the annotation IRI supports GET, HEAD (headers only) and OPTIONS", async () => {
    const { body: made } = await create();
    const get = await fetch(made.id);
    expect(get.status).toBe(200);
    const head = await fetch(made.id, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    const options = await fetch(made.id, { method: "OPTIONS" });
    expect(options.status).toBe(200);
    expect(options.headers.get("allow")).toContain("GET");
  });

  it("3 the annotation is served as JSON-LD: Content-Type application/ld+json with the annotation profile", async () => {
    const { body: made } = await create();
    const response = await fetch(made.id);
    const type = response.headers.get("content-type") ?? "";
    expect(type.split(";")[0]).toBe("application/ld+json");
    expect(type).toContain(`profile="${ANNO_PROFILE}"`);
    expect(
      ((await response.json()) as { "@context": unknown[] })["@context"]
    ).toContain(ANNO_PROFILE);
  });

  it("3 the annotation response has a Link header with rel=type to ldp#Resource", async () => {
    const { body: made } = await create();
    const response = await fetch(made.id);
    expect(linkTargets(response, "type")).toEqual(
      expect.arrayContaining([`${LDP}Resource`, `${OA}Annotation`])
    );
  });

  it("3 the annotation response has an ETag, which changes when the annotation changes", async () => {
    const { body: made } = await create();
    const before = (await fetch(made.id)).headers.get("etag");
    expect(before).toMatch(/^"[^"]+"$/);
    expect((await fetch(made.id)).headers.get("etag")).toBe(before);
    const updated = await send("PUT", made.id, tokens.resident, {
      ...made,
      body: { type: "TextualBody", value: "Otra redacción." },
    });
    expect(updated.status).toBe(200);
    expect((await fetch(made.id)).headers.get("etag")).not.toBe(before);
  });

  it("3 the annotation response has an Allow header listing its methods", async () => {
    const { body: made } = await create();
    const allow = ((await fetch(made.id)).headers.get("allow") ?? "").split(
      /,\s*/
    );
    expect(allow).toEqual(
      expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
    );
  });

  it("3 the annotation response has a Vary header with Accept", async () => {
    const { body: made } = await create();
    expect(varyOf(await fetch(made.id))).toContain("accept");
  });
});

describe("4 Annotation Containers", () => {
  it("4 the server provides a container whose IRI ends in '/', and annotation IRIs are the container IRI plus a segment", async () => {
    const response = await fetch(container);
    expect(response.status).toBe(200);
    expect(container.endsWith("/")).toBe(true);
    // What the container serves is named under its IRI, not beside it.
    const served = (await response.json()) as { id: string };
    expect(served.id.startsWith(container)).toBe(true);
    const { body: made } = await create();
    expect(made.id.startsWith(container)).toBe(true);
    expect(made.id.slice(container.length)).toMatch(/^[^/?#]+$/);
  });

  it("4.1 the container supports GET, HEAD (headers only) and OPTIONS", async () => {
    expect((await fetch(container)).status).toBe(200);
    const head = await fetch(container, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const options = await fetch(container, { method: "OPTIONS" });
    expect(options.status).toBe(200);
    expect(options.headers.get("allow")).toMatch(/POST/);
  });

  it("4.1 the container returns a JSON-LD description of itself when the request has no Accept header", async () => {
    const response = await fetch(container, { headers: { accept: "" } });
    expect(response.headers.get("content-type")?.split(";")[0]).toBe(
      "application/ld+json"
    );
    const body = (await response.json()) as {
      type: string[];
      "@context": unknown[];
    };
    expect(body.type).toEqual(
      expect.arrayContaining(["BasicContainer", "AnnotationCollection"])
    );
    expect(body["@context"]).toEqual(
      expect.arrayContaining([ANNO_PROFILE, "http://www.w3.org/ns/ldp.jsonld"])
    );
  });

  it("4.1 container responds with Link type BasicContainer", async () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        linkTargets(await fetch(container, { method }), "type"),
        method
      ).toContain(`${LDP}BasicContainer`);
    }
  });

  it("4.1 container responds with Link ldp#constrainedBy the annotation protocol, on all its responses", async () => {
    const constrained = (r: Response) => linkTargets(r, `${LDP}constrainedBy`);
    expect(constrained(await fetch(container))).toEqual([
      "http://www.w3.org/TR/annotation-protocol/",
    ]);
    const { response: created } = await create();
    expect(constrained(created)).toEqual([
      "http://www.w3.org/TR/annotation-protocol/",
    ]);
    // Errors answered by the container carry it too.
    expect(constrained(await fetch(`${container}?version=99`))).toEqual([
      "http://www.w3.org/TR/annotation-protocol/",
    ]);
    expect(
      constrained(await send("POST", container, null, standard(0, "movilidad")))
    ).toEqual(["http://www.w3.org/TR/annotation-protocol/"]);
  });

  it("4.1 container responses carry an ETag, which changes when its contents change", async () => {
    const before = await fetch(container);
    const tag = before.headers.get("etag");
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(
      (await fetch(container, { method: "HEAD" })).headers.get("etag")
    ).toBe(tag);
    expect(
      (await fetch(container, { method: "OPTIONS" })).headers.get("etag")
    ).toBe(tag);
    await create();
    expect((await fetch(container)).headers.get("etag")).not.toBe(tag);
  });

  it("4.1 the container response has a Vary header with Accept (and Accept-Post for its POST)", async () => {
    const response = await fetch(container);
    expect(varyOf(response)).toContain("accept");
    expect(response.headers.get("accept-post")).toContain(
      "application/ld+json"
    );
  });

  it("4.2 the container links to or embeds its first page, and Content-Location names the representation (its id)", async () => {
    await create();
    const response = await fetch(container);
    const body = (await response.json()) as {
      id: string;
      total: number;
      first: { id: string; items: W3c[] };
      last: string;
    };
    expect(body.total).toBeGreaterThan(0);
    expect(body.first.items.length).toBeGreaterThan(0);
    expect(response.headers.get("content-location")).toBe(body.id);
    // Preferences and versions have IRIs of their own; each is named where it is served.
    const iris = await fetch(container, {
      headers: {
        prefer: `return=representation;include="${OA}PreferContainedIRIs"`,
      },
    });
    const irisBody = (await iris.json()) as { id: string };
    expect(iris.headers.get("content-location")).toBe(irisBody.id);
    expect(irisBody.id).not.toBe(body.id);
  });

  it("4.2.2 with PreferMinimalContainer the container embeds no page and has no ldp:contains", async () => {
    await create();
    const response = await fetch(container, {
      headers: {
        prefer: `return=representation;include="${LDP}PreferMinimalContainer"`,
      },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(typeof body.first).toBe("string");
    expect(typeof body.last).toBe("string");
    expect(body).not.toHaveProperty("items");
    expect(body).not.toHaveProperty("ldp:contains");
    expect(body).not.toHaveProperty("contains");
    expect(response.headers.get("preference-applied")).toBe(
      "return=representation"
    );
    const first = (await (await fetch(body.first as string)).json()) as {
      type: string;
      items: unknown[];
    };
    expect(first.type).toBe("AnnotationPage");
    expect(first.items.length).toBeGreaterThan(0);
  });

  it("4.2.3 with PreferContainedIRIs the first page's items are only the annotations' IRIs, and so are the linked pages'", async () => {
    const { body: made } = await create();
    const response = await fetch(container, {
      headers: {
        prefer: `return=representation;include="${OA}PreferContainedIRIs"`,
      },
    });
    const body = (await response.json()) as {
      first: { type: string; items: unknown[] };
      last: string;
    };
    expect(body.first.type).toBe("AnnotationPage");
    expect(body.first.items.every((i) => typeof i === "string")).toBe(true);
    expect(body.first.items).toContain(made.id);
    const last = (await (await fetch(body.last)).json()) as {
      items: unknown[];
    };
    expect(last.items.every((i) => typeof i === "string")).toBe(true);
  });

  it("4.2.4 with PreferContainedDescriptions (and by default) the first page's items are complete annotations", async () => {
    const { body: made } = await create();
    const variants: Array<Record<string, string>> = [
      {
        prefer: `return=representation;include="${OA}PreferContainedDescriptions"`,
      },
      {},
    ];
    for (const headers of variants) {
      const body = (await (await fetch(container, { headers })).json()) as {
        first: { type: string; items: W3c[] };
      };
      expect(body.first.type).toBe("AnnotationPage");
      const item = body.first.items.find((i) => i.id === made.id);
      expect(item).toMatchObject({
        type: "Annotation",
        body: { value: "Comentario estándar." },
        target: { source: made.target.source },
      });
    }
  });

  it("4.3 pages link to the container (partOf), to the previous page unless first and the next unless last, with startIndex", async () => {
    // Enough annotations for three pages of 100, written through the service on the server's database.
    const author = loadCurrentUser(
      server.inspect.db,
      userIdOf(server, "resident@example.org")
    );
    const clause = clauses[0];
    if (!author || !clause) throw new Error("demo missing");
    const { total } = (await (await fetch(container)).json()) as {
      total: number;
    };
    for (let i = total; i < 201; i++) {
      createAnnotation(
        server.inspect.db,
        author,
        {
          slug: SLUG,
          target: {
            version: 1,
            clauseId: clause.id,
            quote: null,
            position: { start: 0, end: 3 },
          },
          body: `Nota ${i}`,
        },
        new Date()
      );
    }
    const body = (await (
      await fetch(container, {
        headers: {
          prefer: `return=representation;include="${LDP}PreferMinimalContainer"`,
        },
      })
    ).json()) as { id: string; total: number; first: string; last: string };
    expect(body.total).toBeGreaterThanOrEqual(201);
    const pages: Array<{
      id: string;
      partOf: string;
      startIndex: number;
      next?: string;
      prev?: string;
      items: unknown[];
    }> = [];
    for (
      let next: string | undefined = body.first;
      next && pages.length < 10;

    ) {
      const page = (await (await fetch(next)).json()) as (typeof pages)[number];
      pages.push(page);
      next = page.next;
    }
    expect(pages.length).toBe(Math.ceil(body.total / 100));
    expect(pages.at(-1)?.id).toBe(body.last);
    pages.forEach((page, i) => {
      expect(page.partOf).toBe(body.id);
      expect(page.startIndex).toBe(i * 100);
      if (i > 0) expect(page.prev).toBe(pages[i - 1]?.id);
      else expect(page).not.toHaveProperty("prev");
      if (i < pages.length - 1) expect(page.next).toBe(pages[i + 1]?.id);
      else expect(page).not.toHaveProperty("next");
    });
    expect(pages.reduce((n, p) => n + p.items.length, 0)).toBe(body.total);
  });
});

describe("5 Creation, Updating and Deletion of Annotations", () => {
  it("5.1 POST creates: 201, the server assigns the id even if one was sent (kept as via), Location is the new IRI, the body is the annotation", async () => {
    const sent = {
      ...standard(1, "Ley 7/1985"),
      id: "http://example.org/my-annotation",
    };
    const response = await send("POST", container, tokens.resident, sent);
    expect(response.status).toBe(201);
    const body = (await response.json()) as W3c;
    expect(body.id).not.toBe("http://example.org/my-annotation");
    expect(body.id.startsWith(container)).toBe(true);
    expect(body.via).toBe("http://example.org/my-annotation");
    expect(response.headers.get("location")).toBe(body.id);
    expect(body).toMatchObject({
      type: "Annotation",
      body: { value: "Comentario estándar." },
    });
    expect((await fetch(body.id)).status).toBe(200);
  });

  it("5.1 a canonical IRI is kept without change", async () => {
    const canonical = "urn:uuid:6f0a1c2e-57d4-4c1e-9a2b-1f1d3c5b7a90";
    const { body } = await create(tokens.resident, {
      ...standard(0, "movilidad de las personas"),
      canonical,
    });
    expect(body.canonical).toBe(canonical);
    expect(((await (await fetch(body.id)).json()) as W3c).canonical).toBe(
      canonical
    );
  });

  it("5.1 a standard annotation (clause as the source's fragment, TextQuote + TextPosition, no Redacta property) is accepted", async () => {
    const sent = standard(2, "obligaciones nuevas");
    expect(JSON.stringify(sent)).not.toContain("redacta");
    const { body } = await create(tokens.resident, sent);
    expect(body.target.source).toBe(`${versionIri()}#${clauses[2]?.id}`);
    expect(body.target.selector?.[0]).toMatchObject({
      type: "TextQuoteSelector",
      exact: "obligaciones nuevas",
    });
  });

  it("5.1 a FragmentSelector naming the clause, refined by a TextQuoteSelector, is accepted", async () => {
    const clause = clauses[3];
    if (!clause) throw new Error("demo too short");
    const exact = clause.text.slice(0, 30);
    const { body } = await create(tokens.resident, {
      "@context": ANNO_PROFILE,
      type: "Annotation",
      body: { type: "TextualBody", value: "Con FragmentSelector." },
      target: {
        source: versionIri(),
        selector: {
          type: "FragmentSelector",
          value: clause.id,
          refinedBy: { type: "TextQuoteSelector", exact },
        },
      },
    });
    expect(body.target.selector?.[1]).toMatchObject({
      type: "TextPositionSelector",
      ...rangeOf(clause, exact),
    });
  });

  it("5.1 a TextQuoteSelector alone on the version IRI is located in the version when it is unique", async () => {
    const clause = clauses[4];
    if (!clause) throw new Error("demo too short");
    const exact = clause.text.slice(0, 40);
    expect(occurrences(exact)).toBe(1);
    const { body } = await create(tokens.resident, {
      "@context": ANNO_PROFILE,
      type: "Annotation",
      body: { type: "TextualBody", value: "Solo la cita." },
      target: {
        source: versionIri(),
        selector: { type: "TextQuoteSelector", exact },
      },
    });
    expect(body.target.source).toBe(`${versionIri()}#${clause.id}`);
    expect(body.target.selector?.[1]).toMatchObject({
      type: "TextPositionSelector",
      ...rangeOf(clause, exact),
    });
  });

  it("5.1 a quote alone that appears more than once is 409 with the candidates, nothing stored; a candidate sent back is accepted", async () => {
    const exact = "movilidad";
    expect(occurrences(exact)).toBeGreaterThan(1);
    const before = storedCount();
    const quoteOnly = {
      "@context": ANNO_PROFILE,
      type: "Annotation",
      body: { type: "TextualBody", value: "¿Cuál?" },
      target: {
        source: versionIri(),
        selector: { type: "TextQuoteSelector", exact },
      },
    };
    const response = await send("POST", container, tokens.resident, quoteOnly);
    expect(response.status).toBe(409);
    const error = (
      (await response.json()) as {
        error: {
          code: string;
          total: number;
          candidates: Array<{
            source: string;
            selector: Array<Record<string, unknown>>;
          }>;
        };
      }
    ).error;
    expect(error.code).toBe("ambiguous_quote");
    expect(error.total).toBe(occurrences(exact));
    expect(error.candidates.length).toBe(Math.min(20, error.total));
    expect(error.candidates[0]?.selector[0]).toMatchObject({
      type: "TextQuoteSelector",
      exact,
    });
    expect(storedCount()).toBe(before);
    const picked = await send("POST", container, tokens.resident, {
      ...quoteOnly,
      target: error.candidates[1],
    });
    expect(picked.status).toBe(201);
  });

  it("5.1 a quote that appears nowhere in the version is 400 naming the selector, nothing stored", async () => {
    const before = storedCount();
    const response = await send("POST", container, tokens.resident, {
      "@context": ANNO_PROFILE,
      type: "Annotation",
      body: { type: "TextualBody", value: "No está." },
      target: {
        source: versionIri(),
        selector: {
          type: "TextQuoteSelector",
          exact: "patinetes voladores de hidrógeno",
        },
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { fields: { "target.selector": ["quote-not-found"] } },
    });
    expect(storedCount()).toBe(before);
  });

  it("5.3 PUT by the author replaces the annotation: 200 with the new state as the body", async () => {
    const { body: made } = await create();
    const tag = (await fetch(made.id)).headers.get("etag") ?? "";
    const response = await send(
      "PUT",
      made.id,
      tokens.resident,
      { ...made, body: { type: "TextualBody", value: "Mejor así." } },
      { "if-match": tag }
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")?.split(";")[0]).toBe(
      "application/ld+json"
    );
    const body = (await response.json()) as W3c;
    expect(body).toMatchObject({ id: made.id, body: { value: "Mejor así." } });
    expect(body.modified).toBeDefined();
    expect(response.headers.get("etag")).toBe(
      (await fetch(made.id)).headers.get("etag")
    );
    expect(((await (await fetch(made.id)).json()) as W3c).body?.value).toBe(
      "Mejor así."
    );
  });

  it("5.3 PUT with an If-Match that is no longer the ETag is 412 and changes nothing", async () => {
    const { body: made } = await create();
    const stale = (await fetch(made.id)).headers.get("etag") ?? "";
    expect(
      (
        await send(
          "PUT",
          made.id,
          tokens.resident,
          { ...made, body: { type: "TextualBody", value: "Primero." } },
          { "if-match": stale }
        )
      ).status
    ).toBe(200);
    const response = await send(
      "PUT",
      made.id,
      tokens.resident,
      { ...made, body: { type: "TextualBody", value: "Segundo." } },
      { "if-match": stale }
    );
    expect(response.status).toBe(412);
    expect(((await (await fetch(made.id)).json()) as W3c).body?.value).toBe(
      "Primero."
    );
  });

  it("5.3 PUT on another person's annotation is 403 and changes nothing", async () => {
    const { body: made } = await create(tokens.resident);
    const response = await send("PUT", made.id, tokens.verified, {
      ...made,
      body: { type: "TextualBody", value: "Secuestrado." },
    });
    expect(response.status).toBe(403);
    expect(((await (await fetch(made.id)).json()) as W3c).body?.value).toBe(
      "Comentario estándar."
    );
  });

  it("5.3 PUT after the annotation phase closed is 403 phase_closed, and changes nothing", async () => {
    const { body: made } = await create();
    setAnnotationPhase(false);
    try {
      const response = await send("PUT", made.id, tokens.resident, {
        ...made,
        body: { type: "TextualBody", value: "Tarde." },
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        error: { code: "phase_closed" },
      });
    } finally {
      setAnnotationPhase(true);
    }
    expect(((await (await fetch(made.id)).json()) as W3c).body?.value).toBe(
      "Comentario estándar."
    );
  });

  it("5.3 PUT that changes a value the server keeps (target, canonical, id) is 409 and changes nothing", async () => {
    const { body: made } = await create(tokens.resident, {
      ...standard(0, "movilidad de las personas"),
      canonical: "urn:uuid:1",
    });
    const other = standard(1, "Ley 7/1985").target;
    expect(
      (await send("PUT", made.id, tokens.resident, { ...made, target: other }))
        .status
    ).toBe(409);
    expect(
      (
        await send("PUT", made.id, tokens.resident, {
          ...made,
          canonical: "urn:uuid:2",
        })
      ).status
    ).toBe(409);
    expect(
      (
        await send("PUT", made.id, tokens.resident, {
          ...made,
          id: `${container}999999`,
        })
      ).status
    ).toBe(409);
    expect((await fetch(made.id)).headers.get("etag")).toBe(
      (await fetch(made.id)).headers.get("etag")
    );
    expect(((await (await fetch(made.id)).json()) as W3c).body?.value).toBe(
      "Comentario estándar."
    );
  });

  it("5.4 DELETE by the author is 204; the IRI leaves the container and answers 410; the row and an audit entry stay", async () => {
    const { body: made } = await create();
    const id = Number(made.id.slice(container.length));
    const tag = (await fetch(made.id)).headers.get("etag") ?? "";
    const response = await send("DELETE", made.id, tokens.resident, undefined, {
      "if-match": tag,
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect((await fetch(made.id)).status).toBe(410);
    type IriPage = { items: string[]; next?: string };
    const listed = (await (
      await fetch(container, {
        headers: {
          prefer: `return=representation;include="${OA}PreferContainedIRIs"`,
        },
      })
    ).json()) as { first: IriPage };
    const everyIri: string[] = [];
    let page: IriPage | undefined = listed.first;
    for (let n = 0; page && n < 10; n++) {
      everyIri.push(...page.items);
      page = page.next
        ? ((await (await fetch(page.next)).json()) as IriPage)
        : undefined;
    }
    expect(everyIri.length).toBeGreaterThan(0);
    expect(everyIri).not.toContain(made.id);
    const row = server.inspect.db
      .select({
        body: annotations.body,
        deletedAt: annotations.deletedAt,
        deletedBy: annotations.deletedBy,
      })
      .from(annotations)
      .where(eq(annotations.id, id))
      .get();
    expect(row?.body).toBe("Comentario estándar.");
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(row?.deletedBy).toBe(userIdOf(server, "resident@example.org"));
    const audit = server.inspect.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.targetType, "annotation"),
          eq(auditLog.targetId, String(id))
        )
      )
      .all();
    expect(audit.map((a) => a.action)).toEqual(["annotation.delete"]);
    expect((await send("DELETE", made.id, tokens.resident)).status).toBe(410);
  });

  it("5.4 DELETE by a moderator of someone else's annotation is 204", async () => {
    const { body: made } = await create(tokens.resident);
    expect((await send("DELETE", made.id, tokens.moderator)).status).toBe(204);
    expect((await fetch(made.id)).status).toBe(410);
  });

  it("5.4 DELETE by an anonymous client is 401, by another resident 403, with a stale If-Match 412; nothing changes", async () => {
    const { body: made } = await create(tokens.resident);
    const id = Number(made.id.slice(container.length));
    const anonymous = await send("DELETE", made.id, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    // Without credentials there is nothing to forge, but another site's request is still refused.
    expect(
      (
        await send("DELETE", made.id, null, undefined, {
          origin: "https://evil.example",
        })
      ).status
    ).toBe(403);
    expect((await send("DELETE", made.id, tokens.verified)).status).toBe(403);
    expect(
      (
        await send("DELETE", made.id, tokens.resident, undefined, {
          "if-match": '"not-the-etag"',
        })
      ).status
    ).toBe(412);
    const live = server.inspect.db
      .select({ n: count() })
      .from(annotations)
      .where(and(eq(annotations.id, id), isNull(annotations.deletedAt)))
      .get()?.n;
    expect(live).toBe(1);
    expect((await fetch(made.id)).status).toBe(200);
  });

  it("5.3/5.4 cookie callers' PUT and DELETE go through the CSRF check like every mutation", async () => {
    const { body: made } = await create(tokens.resident);
    const browser = await signedInClient(server, "resident@example.org");
    const path = new URL(made.id).pathname;
    expect((await browser.fetch(path, { method: "DELETE" })).status).toBe(403);
    const csrf = await browser.csrf();
    const put = await browser.fetch(path, {
      method: "PUT",
      body: JSON.stringify({
        ...made,
        body: { type: "TextualBody", value: "Desde el navegador." },
      }),
      headers: {
        "content-type": "application/ld+json",
        "x-csrf-token": csrf,
        origin: new URL(browser.baseUrl).origin,
      },
    });
    expect(put.status).toBe(200);
    const deleted = await browser.fetch(path, {
      method: "DELETE",
      headers: {
        "x-csrf-token": csrf,
        origin: new URL(browser.baseUrl).origin,
      },
    });
    expect(deleted.status).toBe(204);
  });
});
