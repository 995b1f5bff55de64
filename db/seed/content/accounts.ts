/** The password of every demo account. These accounts exist only in the demo seed. */
export const DEMO_PASSWORD = "redacta-demo";

/**
 * Demo organizations with their application details: two verified (each with a public profile)
 * and one application waiting in the staff queue. `applicant` applied for it (an account below).
 * Registration numbers are stored as the application form normalizes them (no spaces, dots or hyphens).
 */
export const DEMO_ORGANIZATIONS = [
  {
    slug: "bici-villanueva",
    name: "Asociación Ciclista Bici Villanueva",
    description: "Promueve la bicicleta como medio de transporte cotidiano en Villanueva del Río desde 2009.",
    verified: true,
    registrationNumber: "AND41200900317",
    kind: "association",
    address: "Calle del Molino 12, 41000 Villanueva del Río",
    website: "https://bici-villanueva.example.org",
    contactEmail: "hola@bici-villanueva.example.org",
    contactPhone: "+34 955 000 111",
    applicant: "ngo@example.org",
  },
  {
    slug: "avv-casco-antiguo",
    name: "Asociación Vecinal del Casco Antiguo",
    description: "Vecinas y vecinos del casco histórico: movilidad, comercio de proximidad y patrimonio.",
    verified: true,
    registrationNumber: "AND41198700042",
    kind: "association",
    address: "Plaza de la Iglesia 3, 41000 Villanueva del Río",
    website: "https://cascoantiguo.example.org",
    contactEmail: "junta@cascoantiguo.example.org",
    contactPhone: "",
    applicant: "vecinos@example.org",
  },
  {
    slug: "comerciantes-centro",
    name: "Asociación de Comerciantes del Centro",
    description: "Pequeño comercio del centro urbano. Pendiente de verificación por el Ayuntamiento.",
    verified: false,
    registrationNumber: "G41000999",
    kind: "business",
    address: "Calle Real 40, 41000 Villanueva del Río",
    website: "",
    contactEmail: "comercio-centro@example.org",
    contactPhone: "955 000 222",
    applicant: "comercio@example.org",
  },
] as const;

/** Demo accounts, one per role, and the representatives of the demo organizations. */
export const DEMO_ACCOUNTS = [
  { email: "admin@example.org", name: "Marta Gil (Administración)", verified: true, staffRoles: ["admin"], organizations: [] },
  { email: "editor@example.org", name: "Jordi Puig (Área de Movilidad)", verified: true, staffRoles: ["editor"], organizations: [] },
  { email: "moderator@example.org", name: "Lucía Romero (Participación)", verified: true, staffRoles: ["moderator"], organizations: [] },
  { email: "resident@example.org", name: "Carmen Ortega", verified: false, staffRoles: [], organizations: [] },
  { email: "verified@example.org", name: "Antonio Ruiz", verified: true, staffRoles: [], organizations: [] },
  { email: "ngo@example.org", name: "Elena Navarro (Bici Villanueva)", verified: true, staffRoles: [], organizations: ["bici-villanueva"] },
  { email: "vecinos@example.org", name: "Rosa Domínguez (AV Casco Antiguo)", verified: true, staffRoles: [], organizations: ["avv-casco-antiguo"] },
  { email: "comercio@example.org", name: "Pablo Serrano (Comerciantes del Centro)", verified: false, staffRoles: [], organizations: ["comerciantes-centro"] },
] as const;
