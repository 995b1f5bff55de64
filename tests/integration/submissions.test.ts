import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { dirname, join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, phases, submissions } from "../../db/schema";
import { demoReportPdf } from "../../server/services/submissions/demo";
import { apiSignIn } from "../support/api";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";
import { elfBytes, PNG_1PX } from "../support/submissions";
import { MAX_UPLOAD_BODY_BYTES, UPLOAD_BUDGET_BYTES } from "../../server/http/uploads";
import type { ClientRequest } from "node:http";
import { COOKIE } from "../../server/http/cookies";

const SLUG = "ordenanza-movilidad-sostenible";
let server: TestServer;
let offsetMs = 0;
let attachmentsDir: string;
let pdf: Buffer;
let ngoToken: string;
let verifiedToken: string;
let biciId: number;
let clauseId: string;

const count = () => server.inspect.db.select({ n: sql<number>`count(*)` }).from(submissions).get()?.n ?? 0;
const blobs = () => readdirSync(attachmentsDir).filter((f) => !f.startsWith("."));
const staged = () => readdirSync(join(attachmentsDir, ".staging"));

function form(fields: Record<string, string | string[]>, files: Array<{ name: string; bytes: Buffer; type?: string }> = []): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  for (const f of files) body.append("attachments", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/pdf" }), f.name);
  return body;
}

function apiPost(token: string, body: FormData): Promise<Response> {
  return fetch(new URL(`/api/v1/processes/${SLUG}/submissions`, server.url), { method: "POST", headers: { authorization: `Bearer ${token}` }, body });
}

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(Date.now() + offsetMs) });
  attachmentsDir = join(dirname(server.databaseUrl), "attachments");
  pdf = await demoReportPdf("Informe de prueba");
  ngoToken = await apiSignIn(server, "ngo@example.org");
  verifiedToken = await apiSignIn(server, "verified@example.org");
  biciId = server.inspect.db.select({ id: organizations.id, slug: organizations.slug }).from(organizations).all().find((o) => o.slug === "bici-villanueva")?.id ?? 0;
  const register = (await (await fetch(new URL(`/api/v1/processes/${SLUG}/submissions`, server.url))).json()) as { submissions: Array<{ clauses: string[] }> };
  clauseId = register.submissions.flatMap((s) => s.clauses)[0] ?? "";
}, 60_000);
afterAll(async () => {
  await server.stop();
});

describe("filing through the form and the API", () => {
  it("files from the page in the organization's name and shows the receipt", async () => {
    const client = new TestClient(server.url);
    await client.login("ngo@example.org");
    const csrf = await client.csrf();
    const response = await client.fetch(`/processes/${SLUG}/submissions/new`, {
      method: "POST",
      headers: { origin: new URL(server.url).origin },
      body: form({ _csrf: csrf, title: "Desde el formulario", body: "Texto.", actingFor: `org:${biciId}`, clauses: clauseId }, [{ name: "informe.pdf", bytes: pdf }]),
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/submissions\/VRI-\d{4}-\d{6}\?filed=1$/);
    const page = await (await client.get(location)).text();
    expect(page).toContain("Asociación Ciclista Bici Villanueva");
    expect(page).toMatch(/sha256:[0-9a-f]{64}/);
    await expect.poll(() => staged()).toEqual([]);
  });

  it("files through the API (201) with the same rules", async () => {
    const response = await apiPost(ngoToken, form({ title: "Por la API", body: "Texto", actingFor: String(biciId) }, [{ name: "informe.pdf", bytes: pdf }]));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { number: string; hash: string; attachments: Array<{ sha256: string }> };
    expect(blobs()).toContain(body.attachments[0]?.sha256);
    const check = (await (await fetch(new URL(`/api/v1/submissions/${body.number}/verify?hash=${body.hash}`, server.url))).json()) as { valid: boolean };
    expect(check.valid).toBe(true);
    const tampered = (await (await fetch(new URL(`/api/v1/submissions/${body.number}/verify?hash=sha256:${"1".repeat(64)}`, server.url))).json()) as { valid: boolean };
    expect(tampered.valid).toBe(false);
  });
});

describe("bad input: a clear error and nothing stored", () => {
  it("answers 413 to a 50 MB upload, writing nothing to disk or DB", async () => {
    const before = { n: count(), blobs: blobs() };
    const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
    const boundary = "----redacta-test";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nGrande\r\n--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nTexto\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL(`/api/v1/processes/${SLUG}/submissions`, server.url), {
        method: "POST",
        headers: { authorization: `Bearer ${ngoToken}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + big.length + tail.length) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      // The server may close the connection as soon as it has answered.
      req.on("error", (error) => (/EPIPE|ECONNRESET/.test(String(error)) ? undefined : reject(error)));
      req.write(head);
      req.write(big);
      req.end(tail);
    });
    expect(status).toBe(413);
    expect(count()).toBe(before.n);
    expect(blobs()).toEqual(before.blobs);
    await expect.poll(() => staged()).toEqual([]);
  });

  it("refuses an executable renamed .pdf, naming it; a path-trick name is stored under its hash and shown escaped", async () => {
    const before = { n: count(), blobs: blobs() };
    const bad = await apiPost(ngoToken, form({ title: "T", body: "B" }, [{ name: "setup.pdf", bytes: elfBytes() }]));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("setup.pdf");
    expect(count()).toBe(before.n);
    expect(blobs()).toEqual(before.blobs);
    const tricky = await apiPost(ngoToken, form({ title: "Nombre raro", body: "B", actingFor: String(biciId) }, [{ name: "../../../etc/<script>alert(1)</script>.pdf", bytes: pdf }]));
    expect(tricky.status).toBe(201);
    const filed = (await tricky.json()) as { number: string; attachments: Array<{ fileName: string; sha256: string }> };
    expect(filed.attachments[0]?.fileName).not.toMatch(/[<>/\\]/);
    expect(blobs()).toContain(filed.attachments[0]?.sha256);
    const html = await (await fetch(new URL(`/submissions/${filed.number}`, server.url))).text();
    expect(html).not.toContain("<script>alert(1)");
  });

  it("refuses six attachments, a clause of another process, and an organization one does not represent (403)", async () => {
    const before = { n: count(), blobs: blobs() };
    const six = await apiPost(ngoToken, form({ title: "T", body: "B" }, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, bytes: PNG_1PX, type: "image/png" }))));
    expect(six.status).toBe(400);
    expect(((await six.json()) as { error: { fields: Record<string, string[]> } }).error.fields.attachments).toBeDefined();
    const other = await apiPost(ngoToken, form({ title: "T", body: "B", clauses: "not-a-clause-of-this-process" }));
    expect(other.status).toBe(400);
    const forOrg = await apiPost(verifiedToken, form({ title: "T", body: "B", actingFor: String(biciId) }, [{ name: "a.png", bytes: PNG_1PX, type: "image/png" }]));
    expect(forOrg.status).toBe(403);
    expect(count()).toBe(before.n);
    expect(blobs()).toEqual(before.blobs);
    await expect.poll(() => staged()).toEqual([]);
  });

  it("refuses a filing one second after the deadline and discards its attachments", async () => {
    const before = { n: count(), blobs: blobs() };
    const process = server.inspect.db.select().from(phases).all().find((p) => p.kind === "annotation" && p.endsAt.getTime() > Date.now());
    offsetMs = (process?.endsAt.getTime() ?? 0) - Date.now() + 1000;
    try {
      const late = await apiPost(ngoToken, form({ title: "Tarde", body: "B", actingFor: String(biciId) }, [{ name: "late.png", bytes: Buffer.concat([PNG_1PX, Buffer.from("late")]), type: "image/png" }]));
      expect(late.status).toBe(403);
      expect(((await late.json()) as { error: { code: string } }).error.code).toBe("phase_closed");
    } finally {
      offsetMs = 0;
    }
    expect(count()).toBe(before.n);
    expect(blobs()).toEqual(before.blobs);
    await expect.poll(() => staged()).toEqual([]);
  });
});

/** Starts a multipart upload that declares `length` bytes but sends only its head (with a file part begun). */
function openUpload(headers: Record<string, string>, length: number): { req: ClientRequest; response: Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> } {
  const boundary = "----redacta-open";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n${"x".repeat(1024)}`);
  const req = httpRequest(new URL(`/api/v1/processes/${SLUG}/submissions`, server.url), {
    method: "POST",
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(length) },
  });
  const response = new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", (error) => (/EPIPE|ECONNRESET|socket hang up/.test(String(error)) ? undefined : reject(error)));
  });
  req.write(head);
  return { req, response };
}

describe("uploads before authentication", () => {
  it("answers an anonymous or badly-authenticated multipart upload 401 before reading its body, staging nothing", async () => {
    const before = staged();
    // 40 MB declared, only the head sent: the answer must come while the body is still owed.
    const anonymous = openUpload({}, 40 * 1024 * 1024);
    const refused = await anonymous.response;
    anonymous.req.destroy();
    expect(refused.status).toBe(401);
    expect(staged()).toEqual(before);
    const forged = openUpload({ authorization: "Bearer not-a-token" }, 40 * 1024 * 1024);
    const bad = await forged.response;
    forged.req.destroy();
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: "invalid_token" } });
    expect(staged()).toEqual(before);
  }, 20_000);

  it("answers a form upload without a session 401, and a signed-in non-filer 403, before reading the body", async () => {
    const boundary = "----redacta-form";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`;
    const send = (cookie: string | null) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(new URL(`/processes/${SLUG}/submissions/new`, server.url), {
          method: "POST",
          headers: { ...(cookie ? { cookie } : {}), origin: new URL(server.url).origin, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(30 * 1024 * 1024) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", (error) => (/EPIPE|ECONNRESET|socket hang up/.test(String(error)) ? undefined : reject(error)));
        req.write(head);
      });
    expect(await send(null)).toBe(401);
    const resident = new TestClient(server.url);
    await resident.login("resident@example.org");
    expect(await send(`${COOKIE.session}=${resident.cookie(COOKIE.session) ?? ""}`)).toBe(403);
    expect(staged()).toEqual([]);
  }, 20_000);

  it("refuses uploads beyond the server-wide staging budget with 503 and Retry-After, and takes them again once the budget frees", async () => {
    const fit = Math.floor(UPLOAD_BUDGET_BYTES / MAX_UPLOAD_BODY_BYTES);
    const open = Array.from({ length: fit }, () => openUpload({ authorization: `Bearer ${ngoToken}` }, MAX_UPLOAD_BODY_BYTES));
    try {
      // Every one of them is being staged (its file exists in the staging area).
      await expect.poll(() => staged().length, { timeout: 10_000 }).toBe(fit);
      const over = openUpload({ authorization: `Bearer ${ngoToken}` }, MAX_UPLOAD_BODY_BYTES);
      const answer = await over.response;
      over.req.destroy();
      expect(answer.status).toBe(503);
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
      expect(staged().length).toBe(fit);
    } finally {
      for (const upload of open) upload.req.destroy();
    }
    await expect.poll(() => staged(), { timeout: 10_000 }).toEqual([]);
    // Once they are gone, an upload is read again (this one is refused for its empty title: 400).
    await expect.poll(async () => (await apiPost(ngoToken, form({ title: "", body: "B" }))).status, { timeout: 10_000 }).toBe(400);
  }, 30_000);
});

describe("paper channel, withdrawal and CSRF", () => {
  it("staff register a paper submission from the same sequence (audited); a resident gets 403", async () => {
    const editor = new TestClient(server.url);
    await editor.login("editor@example.org");
    const today = new Date().toISOString().slice(0, 10);
    const fields = { _csrf: await editor.csrf(), filerName: "Rosa Martín", filerContact: "Calle Mayor 1", receivedAt: today, title: "En papel", body: "Escrito." };
    const response = await editor.fetch(`/admin/processes/${SLUG}/submissions/paper`, { method: "POST", headers: { origin: new URL(server.url).origin }, body: form(fields, [{ name: "escaneo.pdf", bytes: pdf }]) });
    expect(response.status).toBe(302);
    const number = /VRI-\d{4}-\d{6}/.exec(response.headers.get("location") ?? "")?.[0] ?? "";
    const filed = (await (await fetch(new URL(`/api/v1/submissions/${number}`, server.url))).json()) as { channel: string; filerName: string | null };
    expect(filed.channel).toBe("paper");
    expect(filed.filerName).toBeNull();
    const resident = new TestClient(server.url);
    await resident.login("resident@example.org");
    const refused = await resident.fetch(`/admin/processes/${SLUG}/submissions/paper`, { method: "POST", headers: { origin: new URL(server.url).origin }, body: form({ ...fields, _csrf: await resident.csrf() }) });
    expect(refused.status).toBe(403);
  });

  it("refuses a form without the CSRF token and stores nothing; the filer withdraws, staying in the register", async () => {
    const before = { n: count(), blobs: blobs() };
    const client = new TestClient(server.url);
    await client.login("verified@example.org");
    const forged = await client.fetch(`/processes/${SLUG}/submissions/new`, { method: "POST", headers: { origin: new URL(server.url).origin }, body: form({ title: "T", body: "B" }, [{ name: "a.png", bytes: Buffer.concat([PNG_1PX, Buffer.from("csrf")]), type: "image/png" }]) });
    expect(forged.status).toBe(403);
    expect(count()).toBe(before.n);
    expect(blobs()).toEqual(before.blobs);
    await expect.poll(() => staged()).toEqual([]);
    const filed = (await (await apiPost(verifiedToken, form({ title: "Para retirar", body: "B" }))).json()) as { number: string };
    const withdrawn = await client.postForm(`/submissions/${filed.number}`, { reason: "Ya no procede" });
    expect(withdrawn.status).toBe(302);
    const after = (await (await fetch(new URL(`/api/v1/submissions/${filed.number}`, server.url))).json()) as { withdrawn: { reason: string } | null };
    expect(after.withdrawn?.reason).toBe("Ya no procede");
    const other = new TestClient(server.url);
    await other.login("ngo@example.org");
    expect((await other.postForm(`/submissions/${filed.number}`, { reason: "x" })).status).toBe(403);
  });
});

describe("registry", () => {
  it("numbers 100 concurrent HTTP filings uniquely and without gaps", async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => apiPost(i % 2 ? ngoToken : verifiedToken, form({ title: `Concurrente ${i}`, body: "B" }, [{ name: "a.png", bytes: PNG_1PX, type: "image/png" }]))),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const seqs = server.inspect.db.select({ seq: submissions.registrySeq }).from(submissions).orderBy(submissions.registrySeq).all().map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  }, 60_000);

  it("publishes the public key; serves attachments only to who may see them, as downloads", async () => {
    const key = await (await fetch(new URL("/.well-known/redacta-registry-key", server.url))).text();
    expect(key).toContain("BEGIN PUBLIC KEY");
    const privateOne = await apiPost(verifiedToken, form({ title: "Privada", body: "B" }, [{ name: "foto.png", bytes: PNG_1PX, type: "image/png" }]));
    const filed = (await privateOne.json()) as { number: string; attachments: Array<{ url: string }> };
    const url = filed.attachments[0]?.url ?? "";
    expect((await fetch(new URL(url, server.url))).status).toBe(401);
    const resident = await apiSignIn(server, "resident@example.org");
    expect((await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${resident}` } })).status).toBe(403);
    const own = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${verifiedToken}` } });
    expect(own.status).toBe(200);
    expect(own.headers.get("content-disposition")).toMatch(/^attachment; filename="foto\.png"/);
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await own.arrayBuffer()).equals(PNG_1PX)).toBe(true);
    // Anonymous register: listed, no name, no attachments.
    const anon = (await (await fetch(new URL(`/api/v1/submissions/${filed.number}`, server.url))).json()) as { filerName: string | null; attachments: unknown };
    expect(anon.filerName).toBeNull();
    expect(anon.attachments).toBeNull();
    // Nor its hash or signature (with the text public they would reveal the name by guessing),
    // and the verifier tells a wrong hash nothing but that the number exists.
    expect(anon).toMatchObject({ hash: null, signature: null });
    const guess = (await (await fetch(new URL(`/api/v1/submissions/${filed.number}/verify?hash=sha256:${"2".repeat(64)}`, server.url))).json()) as Record<string, unknown>;
    expect(guess).toMatchObject({ valid: false, hashMatches: false, hash: null, signature: null, filedAt: null });
  });

  it("keeps a UTF-8 file name's accents, and sends one with quotes and a bidi override as a clean, fully encoded download name", async () => {
    const accented = (await (await apiPost(ngoToken, form({ title: "Acentos", body: "B", actingFor: String(biciId) }, [{ name: "alegación ñ.png", bytes: Buffer.concat([PNG_1PX, Buffer.from("utf8")]), type: "image/png" }]))).json()) as {
      attachments: Array<{ fileName: string }>;
    };
    expect(accented.attachments[0]?.fileName).toBe("alegación ñ.png");
    const filed = (await (await apiPost(ngoToken, form({ title: "Nombre con trampa", body: "B", actingFor: String(biciId) }, [{ name: "o'brien\u202Egnp.exe (1).png", bytes: Buffer.concat([PNG_1PX, Buffer.from("bidi")]), type: "image/png" }]))).json()) as {
      attachments: Array<{ url: string; fileName: string }>;
    };
    expect(filed.attachments[0]?.fileName).toBe("o'briengnp.exe (1).png");
    const download = await fetch(new URL(filed.attachments[0]?.url ?? "", server.url));
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="o'briengnp.exe (1).png"; filename*=UTF-8''o%27briengnp.exe%20%281%29.png`);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    await download.arrayBuffer();
  });

  it("exports the register as CSV and lists submissions on their clause page", async () => {
    const csv = await (await fetch(new URL(`/processes/${SLUG}/submissions.csv`, server.url))).text();
    expect(csv.split("\r\n")[0]).toContain('"number"');
    expect(csv).toContain("Asociación Ciclista Bici Villanueva");
    const clausePage = await (await fetch(new URL(`/processes/${SLUG}/clauses/${clauseId}`, server.url))).text();
    expect(clausePage).toMatch(/VRI-\d{4}-\d{6}/);
  });
});
