import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phases, processes } from "../../db/schema";
import type { ProcessJson } from "../../server/api/serialize";
import { apiSignIn, getWithToken, userIdOf } from "../support/api";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
const DAY = 24 * 60 * 60 * 1000;
const HIDDEN = "borrador-oculto";

beforeAll(async () => {
  server = await startTestServer();
  // An unpublished process: staff who draft see it, everyone else gets 404.
  const now = Date.now();
  const row = server.inspect.db
    .insert(processes)
    .values({
      slug: HIDDEN,
      kind: "regulation",
      title: "Borrador oculto",
      createdBy: userIdOf(server, "editor@example.org"),
      createdAt: new Date(now),
      publishedAt: null,
    })
    .returning({ id: processes.id })
    .get();
  server.inspect.db
    .insert(phases)
    .values({ processId: row.id, kind: "information", startsAt: new Date(now + DAY), endsAt: new Date(now + 2 * DAY) })
    .run();
});

afterAll(async () => {
  await server.stop();
});

function get(path: string, init?: RequestInit): Promise<Response> {
  return fetch(new URL(path, server.url), init);
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("GET /api/v1/processes", () => {
  it("lists the published demo processes as JSON with ISO dates, phase statuses and the current phase", async () => {
    const response = await get("/api/v1/processes");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    // Public, but phases move with the clock: caches must revalidate.
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const body = (await response.json()) as { processes: ProcessJson[] };
    expect(body.processes.map((p) => p.slug)).toEqual(["ordenanza-movilidad-sostenible", "presupuestos-participativos-2027"]);
    for (const p of body.processes) {
      expect(p.publishedAt).toMatch(ISO);
      expect(p.url).toBe(`/processes/${p.slug}`);
      expect(p.phases.length).toBeGreaterThan(0);
      for (const phase of p.phases) {
        expect(phase.startsAt).toMatch(ISO);
        expect(phase.endsAt).toMatch(ISO);
        const now = Date.now();
        const expected = now < Date.parse(phase.startsAt) ? "upcoming" : now >= Date.parse(phase.endsAt) ? "closed" : "open";
        expect(phase.status, `${p.slug} ${phase.kind}`).toBe(expected);
      }
      const open = p.phases.filter((phase) => phase.status === "open");
      expect(p.currentPhase).toBe(open.at(-1)?.kind ?? null);
    }
  });

  it("hides unpublished processes from anonymous and resident callers, shows them to editors", async () => {
    const anonymous = (await (await get("/api/v1/processes")).json()) as { processes: ProcessJson[] };
    expect(anonymous.processes.some((p) => p.slug === HIDDEN)).toBe(false);
    const resident = await apiSignIn(server, "resident@example.org");
    const asResident = (await (await getWithToken(server, "/api/v1/processes", resident)).json()) as { processes: ProcessJson[] };
    expect(asResident.processes.some((p) => p.slug === HIDDEN)).toBe(false);
    const editor = await apiSignIn(server, "editor@example.org");
    const response = await getWithToken(server, "/api/v1/processes", editor);
    // Personal answers (they depend on who asks) must never be cached.
    expect(response.headers.get("cache-control")).toBe("no-store");
    const asEditor = (await response.json()) as { processes: ProcessJson[] };
    expect(asEditor.processes.find((p) => p.slug === HIDDEN)?.publishedAt).toBeNull();
  });
});

describe("GET /api/v1/processes/{slug}", () => {
  it.each(["ordenanza-movilidad-sostenible", "presupuestos-participativos-2027"])("answers %s with its phases", async (slug) => {
    const response = await get(`/api/v1/processes/${slug}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const { process } = (await response.json()) as { process: ProcessJson };
    expect(process.slug).toBe(slug);
    expect(process.kind).toBe(slug.startsWith("ordenanza") ? "regulation" : "budget");
    expect(process.latestVersion).toBe(1);
    expect(process.phases.map((p) => p.status)).toContain("open");
    expect(process.currentPhase).not.toBeNull();
  });

  it.each([
    ["an unknown slug", "no-existe"],
    ["an unpublished process, to anonymous callers", HIDDEN],
  ])("answers 404 JSON for %s", async (_label, slug) => {
    const response = await get(`/api/v1/processes/${slug}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: { status: 404, code: "not_found", message: expect.any(String) } });
  });

  it("shows the unpublished process to an editor", async () => {
    const editor = await apiSignIn(server, "editor@example.org");
    const response = await getWithToken(server, `/api/v1/processes/${HIDDEN}`, editor);
    expect(response.status).toBe(200);
    const { process } = (await response.json()) as { process: ProcessJson };
    expect(process.phases).toEqual([{ kind: "information", startsAt: expect.stringMatching(ISO), endsAt: expect.stringMatching(ISO), status: "upcoming" }]);
    expect(process.currentPhase).toBeNull();
  });
});

describe("the rest of /api/v1", () => {
  it("answers unknown API URLs with 404 JSON, not the HTML page", async () => {
    const response = await get("/api/v1/nothing/here");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("answers 405 JSON with Allow for an unsupported method", async () => {
    const token = await apiSignIn(server, "admin@example.org");
    const response = await fetch(new URL("/api/v1/processes", server.url), {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
  });
});
