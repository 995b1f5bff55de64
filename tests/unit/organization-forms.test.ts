import { describe, expect, it } from "vitest";
import { ApplicationSchema, isWebUrl, normalizeRegistrationNumber, RejectApplicationSchema } from "../../server/services/organization-forms";

const VALID = {
  name: "Asociación Amigos del Parque",
  registrationNumber: "AND41-2015-00777",
  kind: "association",
  address: "Paseo del Río 1",
  contactEmail: "info@example.org",
};

const errorsOf = (input: Record<string, unknown>) => {
  const result = ApplicationSchema.safeParse(input);
  return result.success ? {} : result.error.flatten().fieldErrors;
};

describe("the organization application schema", () => {
  it("accepts a minimal application and turns missing optional fields into empty text", () => {
    expect(ApplicationSchema.parse(VALID)).toMatchObject({ website: "", contactPhone: "", description: "" });
  });

  it.each(["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://example.org", "example.org", "https://"])("refuses the web address %s", (website) => {
    expect(isWebUrl(website)).toBe(false);
    expect(errorsOf({ ...VALID, website }).website).toEqual(["organizations.error.websiteInvalid"]);
  });

  it("accepts http and https web addresses", () => {
    expect(isWebUrl("https://example.org/about")).toBe(true);
    expect(isWebUrl("http://example.org")).toBe(true);
  });

  it("counts code points, not UTF-16 units, against the limits", () => {
    expect(errorsOf({ ...VALID, name: "🚲".repeat(160) }).name).toBeUndefined();
    expect(errorsOf({ ...VALID, name: "🚲".repeat(161) }).name).toEqual(["organizations.error.nameTooLong"]);
  });

  it("refuses control characters in single-line fields", () => {
    expect(errorsOf({ ...VALID, name: "Asociación\u0000" }).name).toEqual(["organizations.error.controlCharacters"]);
    expect(errorsOf({ ...VALID, description: "línea 1\nlínea 2" }).description).toBeUndefined();
  });

  it("normalizes registration numbers so typing variants collide", () => {
    expect(normalizeRegistrationNumber("and41 2015.00777")).toBe(normalizeRegistrationNumber("AND41-2015-00777"));
    expect(normalizeRegistrationNumber("g-41/000.999")).toBe("G41000999");
  });

  it("requires a reason to reject", () => {
    expect(RejectApplicationSchema.safeParse({ intent: "reject", organizationId: "3", reason: "  " }).success).toBe(false);
    expect(RejectApplicationSchema.parse({ intent: "reject", organizationId: "3", reason: " Falta el NIF. " })).toEqual({ intent: "reject", organizationId: 3, reason: "Falta el NIF." });
  });
});
