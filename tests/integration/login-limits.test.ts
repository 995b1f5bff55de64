import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../support/api";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  // X-Forwarded-For from the (trusted) proxy lets one test act from several addresses.
  server = await startTestServer({ env: { TRUST_PROXY: "true" } });
});

afterAll(async () => {
  await server.stop();
});

function loginFrom(client: TestClient, ip: string, email: string, password: string): Promise<Response> {
  return client.postForm("/login", { email, password }, { headers: { "x-forwarded-for": ip } });
}

describe("login rate limits", () => {
  it("checks at most 5 passwords out of 40 parallel guesses from one address; the rest get 429", async () => {
    const attacker = new TestClient(server.url);
    await attacker.csrf();
    const statuses = await Promise.all(Array.from({ length: 40 }, (_x, i) => loginFrom(attacker, "203.0.113.7", "resident@example.org", `guess number ${i}`).then((r) => r.status)));
    // 400 = the password was checked and wrong; 429 = refused before any check.
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
  });

  it("does not lock out the owner logging in from another address with the right password", async () => {
    const attacker = new TestClient(server.url);
    for (let i = 0; i < 6; i++) await loginFrom(attacker, "203.0.113.8", "verified@example.org", `wrong ${i}`);
    expect((await loginFrom(attacker, "203.0.113.8", "verified@example.org", DEMO_PASSWORD)).status).toBe(429);
    const owner = new TestClient(server.url);
    expect((await loginFrom(owner, "198.51.100.20", "verified@example.org", DEMO_PASSWORD)).status).toBe(303);
  });

  it("lets a known device in when guesses from many addresses have locked the account", async () => {
    const email = "ngo@example.org";
    const owner = new TestClient(server.url);
    expect((await loginFrom(owner, "198.51.100.30", email, DEMO_PASSWORD)).status).toBe(303);
    expect(owner.cookie("redacta_device")).toBeTruthy();
    expect((await owner.postForm("/logout", {})).status).toBe(303);

    // 5 addresses × 5 wrong guesses: each address stays within its pair limit, but together
    // they pass the per-account cap of 20, after which guesses are refused unchecked.
    const statuses: number[] = [];
    for (let a = 1; a <= 5; a++) {
      const attacker = new TestClient(server.url);
      for (let i = 0; i < 5; i++) statuses.push((await loginFrom(attacker, `203.0.113.${100 + a}`, email, `wrong ${a}.${i}`)).status);
    }
    expect(statuses.filter((s) => s === 400).length).toBe(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    // A browser that never logged in to this account is refused, right password or not…
    expect((await loginFrom(new TestClient(server.url), "198.51.100.31", email, DEMO_PASSWORD)).status).toBe(429);
    // …and so is a forged device cookie…
    const forger = new TestClient(server.url);
    forger.setCookie("redacta_device", `${(owner.cookie("redacta_device") ?? "").split(".").slice(0, 2).join(".")}.${"A".repeat(43)}`);
    expect((await loginFrom(forger, "198.51.100.33", email, DEMO_PASSWORD)).status).toBe(429);
    // …but the owner's known device gets in, from wherever they are now.
    expect((await loginFrom(owner, "198.51.100.32", email, DEMO_PASSWORD)).status).toBe(303);
  });
});
