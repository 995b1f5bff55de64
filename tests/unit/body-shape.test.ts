import { describe, expect, it } from "vitest";
import {
  checkBodyShape,
  checkJson,
  checkMultipart,
  checkUrlEncoded,
  MAX_FIELD_INDEX,
  MAX_FIELD_NAME_BYTES,
  MAX_FIELD_VALUE_BYTES,
  MAX_FIELDS,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  MAX_REPEATS_PER_NAME,
} from "../../server/security/body-shape";

/** A small seeded generator (mulberry32) so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the limits say about a body, from the real parser's reading, first violation first. */
function expectedFromParser(body: string): "ok" | "too_many_fields" | "too_many_repeats" {
  const counts = new Map<string, number>();
  let fields = 0;
  for (const [name] of new URLSearchParams(body)) {
    fields += 1;
    if (fields > MAX_FIELDS) return "too_many_fields";
    const seen = (counts.get(name) ?? 0) + 1;
    if (seen > MAX_REPEATS_PER_NAME) return "too_many_repeats";
    counts.set(name, seen);
  }
  return "ok";
}

async function multipart(fields: Array<[string, string | Blob]>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get("content-type") ?? "" };
}

describe("form bodies", () => {
  it("agrees with URLSearchParams on field and repeat counts for random bodies", () => {
    const names = ["a", "b", "%61", "c+d", "c%20d", "é", "%C3%A9", "x[]", ""];
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const count = Math.floor(next() * 1400);
      const parts: string[] = [];
      // Some bodies repeat one name a lot, some spread over several.
      const spread = 1 + Math.floor(next() * names.length);
      for (let i = 0; i < count; i++) {
        const name = names[Math.floor(next() * spread)]!;
        const sep = next() < 0.05 ? "&&" : "&";
        parts.push(next() < 0.1 ? name : `${name}=v${i}`, sep);
      }
      const body = parts.join("");
      const failure = checkUrlEncoded(Buffer.from(body));
      const expected = expectedFromParser(body);
      expect(failure?.reason ?? "ok", `seed ${seed}`).toBe(expected);
    }
  });

  it("refuses 40,000 repeated fields, the body that froze the server", () => {
    const failure = checkUrlEncoded(Buffer.from("a=&".repeat(40_000)));
    expect(failure).toEqual({ reason: "too_many_repeats", limit: MAX_REPEATS_PER_NAME, field: "a" });
  });

  it("counts a name and its percent-encoded spelling as one name", () => {
    const body = Array.from({ length: MAX_REPEATS_PER_NAME + 1 }, (_, i) => (i % 2 ? "a=1" : "%61=1")).join("&");
    expect(checkUrlEncoded(Buffer.from(body))?.reason).toBe("too_many_repeats");
  });

  it("refuses a long name and a long value, and accepts them at the limit", () => {
    expect(checkUrlEncoded(Buffer.from(`${"n".repeat(MAX_FIELD_NAME_BYTES + 1)}=1`))?.reason).toBe("field_name_too_long");
    expect(checkUrlEncoded(Buffer.from(`${"n".repeat(MAX_FIELD_NAME_BYTES)}=1`))).toBeNull();
    expect(checkUrlEncoded(Buffer.from(`text=${"x".repeat(MAX_FIELD_VALUE_BYTES + 1)}`))).toMatchObject({ reason: "field_too_long", field: "text" });
    expect(checkUrlEncoded(Buffer.from(`text=${"x".repeat(MAX_FIELD_VALUE_BYTES)}`))).toBeNull();
    expect(checkUrlEncoded(Buffer.from(`text=${"x".repeat(2000)}`), { maxFieldValueBytes: 1000 })?.reason).toBe("field_too_long");
  });

  it("refuses an array index that would build a huge sparse array, and accepts one at the limit", () => {
    expect(checkUrlEncoded(Buffer.from("x%5B99999999%5D=1"))).toEqual({ reason: "field_index_too_large", limit: MAX_FIELD_INDEX, field: "x[99999999]" });
    expect(checkUrlEncoded(Buffer.from(`a[0].b[${MAX_FIELD_INDEX + 1}]=1`))).toMatchObject({ reason: "field_index_too_large" });
    expect(checkUrlEncoded(Buffer.from(`a[0].b[${MAX_FIELD_INDEX}]=1&items[3]=x`))).toBeNull();
  });

  it("accepts the longest text field a form allows (65,535 characters), percent-encoded", () => {
    const body = new URLSearchParams({ body: "€".repeat(65_535), csrf: "t" }).toString();
    expect(checkBodyShape("application/x-www-form-urlencoded", Buffer.from(body))).toBeNull();
  });
});

describe("multipart bodies", () => {
  it("agrees with the real multipart encoder on part counts", async () => {
    for (const count of [0, 1, 10, MAX_FIELDS, MAX_FIELDS + 1]) {
      const { body, contentType } = await multipart(Array.from({ length: count }, (_, i) => [`f${i}`, `value ${i}`]));
      expect(checkBodyShape(contentType, body)?.reason ?? "ok", `${count} parts`).toBe(count > MAX_FIELDS ? "too_many_fields" : "ok");
    }
  });

  it("refuses repeated names and a long plain field, but lets a file be as large as the route allows", async () => {
    const repeated = await multipart(Array.from({ length: MAX_REPEATS_PER_NAME + 1 }, () => ["tag", "x"]));
    expect(checkBodyShape(repeated.contentType, repeated.body)).toMatchObject({ reason: "too_many_repeats", field: "tag" });
    const long = await multipart([["text", "x".repeat(MAX_FIELD_VALUE_BYTES + 1)]]);
    expect(checkBodyShape(long.contentType, long.body)).toMatchObject({ reason: "field_too_long", field: "text" });
    const file = await multipart([["file", new File(["x".repeat(MAX_FIELD_VALUE_BYTES + 1)], "draft.md")]]);
    expect(checkBodyShape(file.contentType, file.body)).toBeNull();
  });

  it("refuses a huge array index in a part's name", async () => {
    const sparse = await multipart([["x[99999999]", "1"]]);
    expect(checkBodyShape(sparse.contentType, sparse.body)).toMatchObject({ reason: "field_index_too_large", field: "x[99999999]" });
  });

  it("refuses a body without its boundary, without a closing boundary, or with huge part headers", () => {
    expect(checkBodyShape("multipart/form-data", Buffer.from("--x\r\n\r\n--x--"))?.reason).toBe("malformed_multipart");
    expect(checkMultipart(Buffer.from('--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n'), "x")?.reason).toBe("malformed_multipart");
    const headers = `--x\r\ncontent-disposition: form-data; name="a"\r\nx-pad: ${"p".repeat(9000)}\r\n\r\n1\r\n--x--\r\n`;
    expect(checkMultipart(Buffer.from(headers), "x")?.reason).toBe("part_headers_too_long");
  });
});

describe("JSON bodies", () => {
  it("measures depth outside strings only, escapes included", () => {
    expect(checkJson("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH))).toBeNull();
    expect(checkJson("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1))?.reason).toBe("json_too_deep");
    expect(checkJson(JSON.stringify({ text: "[".repeat(500) + '\\"[[' }))).toBeNull();
    expect(checkJson('{"a":"\\\\"' + ",[".repeat(MAX_JSON_DEPTH + 1) + "}")?.reason).toBe("json_too_deep");
  });

  it("agrees with JSON.parse's nesting on random documents", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const depth = Math.floor(next() * (MAX_JSON_DEPTH + 10));
      let value: unknown = next() < 0.5 ? 'a "quoted" [string]' : 1;
      for (let i = 0; i < depth; i++) value = next() < 0.5 ? [value, "]"] : { k: value, "}": "{" };
      const text = JSON.stringify(value);
      expect(checkJson(text)?.reason ?? "ok", `seed ${seed}`).toBe(depth > MAX_JSON_DEPTH ? "json_too_deep" : "ok");
    }
  });

  it("counts values and checks JSON whatever the declared type, since request.json() ignores it", () => {
    const many = JSON.stringify(Array.from({ length: MAX_JSON_VALUES + 1 }, () => 0));
    expect(checkJson(many)?.reason).toBe("json_too_many_values");
    const deep = Buffer.from("[".repeat(100_000));
    expect(checkBodyShape("text/plain", deep)?.reason).toBe("json_too_deep");
    expect(checkBodyShape(undefined, Buffer.from("  \n{" + '"a":'.repeat(10) + "1}"))).toBeNull();
  });
});
