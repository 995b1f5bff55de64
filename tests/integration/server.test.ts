import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CLOSE } from "../../collab/close-codes";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("one server", () => {
  it("serves the home page with the demo council, security headers and a CSP nonce on every script", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const html = await response.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain("Ordenanza de Movilidad Sostenible");
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it("compresses HTML for clients that accept it", async () => {
    const response = await fetch(server.url, { headers: { "accept-encoding": "gzip" } });
    expect(response.headers.get("content-encoding")).toBe("gzip");
  });

  it("caches fingerprinted assets for a year", async () => {
    const html = await (await fetch(server.url)).text();
    const asset = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const response = await fetch(new URL(asset ?? "", server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("max-age=31536000");
    expect(response.headers.get("cache-control")).toContain("immutable");
  });

  it("answers unknown pages with a translated 404 page, without stack traces", async () => {
    for (const [lang, title] of [
      ["es", "No encontramos esta página"],
      ["en", "We couldn't find this page"],
      ["fr", "Page introuvable"],
      ["ca", "No trobem aquesta pàgina"],
    ] as const) {
      const response = await fetch(new URL("/no-such-page", server.url), { headers: { "accept-language": lang } });
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain(title.replace("'", "&#x27;"));
      expect(html).not.toMatch(/at .+\.(ts|js):\d+/);
    }
  });

  it("switches language with a cookie and remembers it", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/language", { locale: "ca", redirectTo: "/processes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/processes");
    const page = await (await client.get("/processes")).text();
    expect(page).toContain('<html lang="ca">');
    expect(page).toContain("Processos");
  });

  it("refuses a language switch that redirects off-site", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/language", { locale: "en", redirectTo: "//evil.example/" });
    expect(response.headers.get("location")).toBe("/");
  });

  it("answers 413 to a body over 1 MiB and stores nothing", async () => {
    const client = new TestClient(server.url);
    const before = server.inspect.sqlite.prepare("SELECT count(*) AS n FROM users").get();
    const response = await client.postForm("/language", { locale: "en", padding: "x".repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("demasiado grande");
    expect(server.inspect.sqlite.prepare("SELECT count(*) AS n FROM users").get()).toEqual(before);
  });

  it("refuses a cross-site form post with 403", async () => {
    const client = new TestClient(server.url);
    const response = await client.postForm("/language", { locale: "en" }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const missing = await client.postForm("/language", { locale: "en" }, { csrf: false });
    expect(missing.status).toBe(403);
  });
});

describe("WebSocket upgrades on the same port", () => {
  function closeCodeOf(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(server.url.replace("http", "ws") + path);
      ws.on("close", (code) => resolve(code));
      ws.on("error", () => resolve(-1));
      setTimeout(() => reject(new Error("no close")), 5000);
    });
  }

  it("closes an unknown collaboration document with the named close code", async () => {
    expect(await closeCodeOf("/collab/no-such-document")).toBe(CLOSE.UNKNOWN_DOCUMENT);
  });

  it("refuses upgrades on other paths", async () => {
    expect(await closeCodeOf("/elsewhere")).toBe(-1);
  });
});

describe("process lifecycle", () => {
  it("shuts down gracefully on SIGTERM: stops listening, closes the database, exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redacta-sigterm-"));
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...process.env, NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: join(dir, "x.db"), SEED_DEMO: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.on("exit", (code) => reject(new Error(`exited early with ${code}: ${output}`)));
        setTimeout(() => reject(new Error(`no start: ${output}`)), 30_000);
      });
      expect((await fetch(url)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain("shutting down");
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
