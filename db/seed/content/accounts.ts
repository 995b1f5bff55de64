/** The password of every demo account. These accounts exist only in the demo seed. */
export const DEMO_PASSWORD = "redacta-demo";

/** Demo organizations; unverified ones show staff what verification looks like. */
export const DEMO_ORGANIZATIONS = [
  {
    slug: "bici-villanueva",
    name: "Asociación Ciclista Bici Villanueva",
    description: "Promueve la bicicleta como medio de transporte cotidiano en Villanueva del Río desde 2009.",
    verified: true,
  },
  {
    slug: "avv-casco-antiguo",
    name: "Asociación Vecinal del Casco Antiguo",
    description: "Vecinas y vecinos del casco histórico: movilidad, comercio de proximidad y patrimonio.",
    verified: true,
  },
  {
    slug: "comerciantes-centro",
    name: "Asociación de Comerciantes del Centro",
    description: "Pequeño comercio del centro urbano. Pendiente de verificación por el Ayuntamiento.",
    verified: false,
  },
] as const;

/** Demo accounts, one per role. */
export const DEMO_ACCOUNTS = [
  { email: "admin@example.org", name: "Marta Gil (Administración)", verified: true, staffRoles: ["admin"], organizations: [] },
  { email: "editor@example.org", name: "Jordi Puig (Área de Movilidad)", verified: true, staffRoles: ["editor"], organizations: [] },
  { email: "moderator@example.org", name: "Lucía Romero (Participación)", verified: true, staffRoles: ["moderator"], organizations: [] },
  { email: "resident@example.org", name: "Carmen Ortega", verified: false, staffRoles: [], organizations: [] },
  { email: "verified@example.org", name: "Antonio Ruiz", verified: true, staffRoles: [], organizations: [] },
  { email: "ngo@example.org", name: "Elena Navarro (Bici Villanueva)", verified: true, staffRoles: [], organizations: ["bici-villanueva"] },
] as const;
