/**
 * The demo's formal submissions (allegations) to the mobility ordinance: two organizations (one
 * online with a PDF report, one brought on paper), a resident who signs publicly, one who does
 * not, and a correction. Filed through the real registry at seed time (server/services/submissions/demo.ts),
 * so every one has a real number, hash and signature. Clauses are named by article heading.
 */
export interface DemoSubmission {
  key: string;
  /** Online filer's e-mail, or "paper" for a registration by the editor. */
  by: string;
  organization: string | null;
  signedPublicly: boolean;
  title: string;
  body: string;
  clauses: string[];
  /** Attach the demo PDF report. */
  pdf: boolean;
  /** Key of the submission it corrects. */
  corrects?: string;
  /** Paper only: name and contact as written on the form. */
  paper?: { name: string; contact: string; receivedDaysAgo: number };
  /** Days before seeding it was filed. */
  daysAgo: number;
}

export const DEMO_SUBMISSIONS: readonly DemoSubmission[] = [
  {
    key: "bici",
    by: "ngo@example.org",
    organization: "bici-villanueva",
    signedPublicly: true,
    title: "Alegaciones de Bici Villanueva a la red de carriles y a las zonas peatonales",
    body:
      "La Asociación Ciclista Bici Villanueva presenta las siguientes alegaciones.\n\n" +
      "Primera. Las zonas peatonales deben permitir el paso de bicicletas a velocidad de peatón fuera de las horas de mayor afluencia, como ya ocurre en otras ciudades de nuestro tamaño.\n\n" +
      "Segunda. Adjuntamos el informe de aforos de 2026, que muestra que el 38 % de los desplazamientos en bicicleta cruzan el casco histórico.",
    clauses: ["Zonas peatonales", "Prioridad peatonal"],
    pdf: true,
    daysAgo: 6,
  },
  {
    key: "resident-public",
    by: "verified@example.org",
    organization: null,
    signedPublicly: true,
    title: "Calles de coexistencia en el barrio de la Estación",
    body: "Solicito que las calles del barrio de la Estación se incluyan expresamente entre las calles de coexistencia, porque los niños van andando al colegio por la calzada.",
    clauses: ["Calles de coexistencia y zonas 30"],
    pdf: false,
    daysAgo: 5,
  },
  {
    key: "resident-anonymous",
    by: "verified@example.org",
    organization: null,
    signedPublicly: false,
    title: "Definición de vehículo de movilidad personal",
    body: "La definición de vehículo de movilidad personal no dice nada de los patinetes con asiento. Propongo incluirlos para que las normas de circulación sean claras.",
    clauses: ["Definiciones"],
    pdf: false,
    daysAgo: 4,
  },
  {
    key: "avv-paper",
    by: "paper",
    organization: "avv-casco-antiguo",
    signedPublicly: true,
    title: "Escrito de la Asociación Vecinal del Casco Antiguo sobre carga y descarga",
    body: "La Asociación Vecinal del Casco Antiguo pide que el horario de carga y descarga en las zonas peatonales termine a las 11:00 y no a las 12:00, para que las terrazas y los vecinos convivan mejor.",
    clauses: ["Zonas peatonales"],
    pdf: true,
    paper: { name: "Asociación Vecinal del Casco Antiguo (presenta: Rosa Martín)", contact: "Calle Mayor 12, 41000 Villanueva del Río · 955 000 000", receivedDaysAgo: 3 },
    daysAgo: 2,
  },
  {
    key: "bici-correction",
    by: "ngo@example.org",
    organization: "bici-villanueva",
    signedPublicly: true,
    title: "Corrección: el informe de aforos es de 2025",
    body: "Corregimos la alegación segunda de nuestro escrito: el informe de aforos adjunto es de 2025, no de 2026. El resto del escrito se mantiene.",
    clauses: ["Zonas peatonales"],
    pdf: false,
    corrects: "bici",
    daysAgo: 1,
  },
];
