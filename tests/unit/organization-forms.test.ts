import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { seedDemo } from "../../db/seed/demo";
import { ValidationError } from "../../server/errors";
import { contentHash } from "../../server/services/documents/content-hash";
import { applyForOrganization } from "../../server/services/organization-applications";
import { ApplicationSchema, isWebUrl, normalizeRegistrationNumber, organizationNameKey, RejectApplicationSchema } from "../../server/services/organization-forms";
import { demoUser } from "../support/submissions";

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

  it("refuses invisible format characters in names (bidi overrides, zero-width spaces)", () => {
    expect(errorsOf({ ...VALID, name: "Asociación\u202E Amigos" }).name).toEqual(["organizations.error.controlCharacters"]);
    expect(errorsOf({ ...VALID, name: "Asociación\u200B Amigos del Parque" }).name).toEqual(["organizations.error.controlCharacters"]);
  });

  it("admits only ASCII letters and digits in a registration number, so a Cyrillic look-alike cannot pass for another", () => {
    expect(errorsOf({ ...VALID, registrationNumber: "G41000999" }).registrationNumber).toBeUndefined();
    // "G" is not Cyrillic, but "В" (Ve) looks like "B" and "О" like "O".
    expect(errorsOf({ ...VALID, registrationNumber: "В41000999" }).registrationNumber).toEqual(["organizations.error.registrationNumberInvalid"]);
    expect(errorsOf({ ...VALID, registrationNumber: "B٤١000999" }).registrationNumber).toEqual(["organizations.error.registrationNumberInvalid"]);
  });

  it("compares names for look-alikes: accents, case, spacing, punctuation and Cyrillic letters set aside", () => {
    const key = organizationNameKey("Asociación Ciclista Bici Villanueva");
    for (const alike of ["ASOCIACION CICLISTA BICI-VILLANUEVA", "Asociación  Ciclista Bici Villanueva.", "Аsociaciоn Ciclista Bici Villanueva", "Asociación Ciclista Bicl Vi1lanueva", "Ａｓｏｃｉａｃｉｏｎ Ciclista Bici Villanueva"]) {
      expect(organizationNameKey(alike)).toBe(key);
    }
    expect(organizationNameKey("Asociación Ciclista Bici Villanueva Norte")).not.toBe(key);
  });
});

describe("applying as a look-alike of a verified organization", () => {
  it("is refused on the name, storing nothing; a distinct name is accepted", async () => {
    const database = openDatabase(":memory:");
    try {
      await seedDemo(database.db, { now: new Date(), hashPassword: async () => "not-a-real-hash", contentHash });
      const resident = demoUser(database.db, "resident@example.org");
      const input = ApplicationSchema.parse({ ...VALID, name: "Asociacion Ciclista Bici-Villanueva", registrationNumber: "X1234567" });
      let error: unknown = null;
      try {
        applyForOrganization(database.db, resident, input, new Date());
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ name: ["organizations.error.nameTaken"] });
      expect(applyForOrganization(database.db, resident, { ...input, name: "Asociación Amigos del Parque" }, new Date()).slug).toBe("asociacion-amigos-del-parque");
    } finally {
      database.close();
    }
  });
});
