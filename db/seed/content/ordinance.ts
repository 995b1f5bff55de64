import { buildRegulation, type RegulationOutline } from "../../../collab/schema";
import type { PhaseKind } from "../../schema";

/** The demo ordinance's process data; phase windows in days relative to the seed time. */
export const ORDINANCE = {
  slug: "ordenanza-movilidad-sostenible",
  kind: "regulation" as const,
  title: "Ordenanza de Movilidad Sostenible",
  summary: "Borrador de la nueva ordenanza municipal que ordena el uso del espacio público.",
  department: "Área de Movilidad y Espacio Público",
  changelog: "Borrador inicial sometido a consulta pública.",
  phases: [
    ["information", -21, -14],
    ["annotation", -14, 16],
    ["amendments", -7, 23],
    ["consolidation", 23, 37],
    ["final_vote", 37, 44],
    ["results", 44, 51],
    ["implementation", 51, 400],
  ] as Array<[PhaseKind, number, number]>,
};

const OUTLINE: RegulationOutline = {
  title: ORDINANCE.title,
  preamble: ["El Ayuntamiento de Villanueva del Río somete a consulta pública el presente borrador."],
  chapters: [
    {
      heading: "Disposiciones generales",
      articles: [{ heading: "Objeto", paragraphs: ["Esta ordenanza regula la movilidad en el término municipal."] }],
    },
  ],
};

/** Builds the ordinance document (fresh clause ids each time). */
export function ordinanceDocument() {
  return buildRegulation(OUTLINE);
}
