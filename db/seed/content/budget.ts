import { buildBudget, type BudgetOutline } from "../../../collab/schema";
import type { PhaseKind } from "../../schema";

/** The demo participatory budget's process data; phase windows in days relative to the seed time. */
export const BUDGET = {
  slug: "presupuestos-participativos-2027",
  kind: "budget" as const,
  title: "Presupuestos Participativos 2027",
  summary: "Reparto de 2 millones de euros entre los cuatro distritos.",
  department: "Área de Hacienda y Participación Ciudadana",
  changelog: "Propuesta inicial de reparto por distritos.",
  phases: [
    ["information", -10, 5],
    ["debate", -3, 20],
    ["amendments", 5, 25],
    ["final_vote", 30, 45],
    ["results", 45, 60],
    ["implementation", 60, 420],
  ] as Array<[PhaseKind, number, number]>,
};

const PREAMBLE: string[] = [
  "El Ayuntamiento de Villanueva del Río destina 2.000.000,00 euros del capítulo de inversiones del presupuesto municipal de 2027 a proyectos decididos por la ciudadanía. El reparto entre los cuatro distritos tiene en cuenta su población, su superficie y un índice de necesidades sociales elaborado por los servicios municipales.",
  "La propuesta inicial recoge los proyectos más apoyados en las asambleas de distrito celebradas en otoño, una vez revisada por los servicios técnicos su viabilidad, su coste y su competencia municipal. Cada partida indica el programa presupuestario en que se imputará, según la clasificación por programas de la Orden EHA/3565/2008, de 3 de diciembre.",
  "Durante la fase de debate cualquier persona empadronada puede comentar cada partida y proponer cambios de importe o de descripción, siempre que la suma de cada distrito se mantenga. La propuesta final se someterá a votación de las personas empadronadas mayores de dieciséis años.",
];

/*
 * Amounts are integer cents so sums are exact. Each district's lines add up to its total and
 * the districts add up to the budget total; the unit test beside this file checks both.
 */
const OUTLINE: BudgetOutline = {
  title: BUDGET.title,
  preamble: PREAMBLE,
  currency: "EUR",
  totalCents: 2_000_000_00,
  districts: [
    {
      name: "Centro",
      totalCents: 520_000_00,
      lines: [
        { code: "CEN-01", programme: "1532", description: "Renovación del pavimento de la calle Feria con plataforma única y rigola central de granito.", amountCents: 168_500_00 },
        { code: "CEN-02", programme: "1340", description: "Doce aparcabicis cubiertos con 120 plazas junto a la Plaza Mayor, el mercado de abastos y el centro de salud.", amountCents: 46_800_00 },
        { code: "CEN-03", programme: "1711", description: "Sombra vegetal y riego por goteo en la plaza de San Francisco: 28 árboles de alineación y pérgola con trepadoras.", amountCents: 92_300_00 },
        { code: "CEN-04", programme: "3321", description: "Ampliación del horario de la Biblioteca Municipal Casa de la Cultura a sábados por la tarde y domingos por la mañana en época de exámenes.", amountCents: 38_400_00 },
        { code: "CEN-05", programme: "3360", description: "Restauración del lienzo de muralla almohade de la ronda de la Muralla e iluminación ornamental de bajo consumo.", amountCents: 124_000_00 },
        { code: "CEN-06", programme: "1650", description: "Sustitución de 210 luminarias de vapor de sodio por LED de luz cálida en el casco antiguo.", amountCents: 50_000_00 },
      ],
    },
    {
      name: "Norte",
      totalCents: 480_000_00,
      lines: [
        { code: "NOR-01", programme: "3421", description: "Cubierta y cerramiento lateral de la pista polideportiva del barrio de Los Olivos.", amountCents: 176_000_00 },
        { code: "NOR-02", programme: "1532", description: "Itinerario escolar seguro del CEIP Virgen del Carmen: ensanche de aceras, pasos elevados y señalización.", amountCents: 98_750_00 },
        { code: "NOR-03", programme: "1711", description: "Parque infantil inclusivo en la plaza de la Constitución con juegos accesibles y suelo de caucho continuo.", amountCents: 85_250_00 },
        { code: "NOR-04", programme: "2311", description: "Adecuación de un local municipal como centro de día para personas mayores con comedor social.", amountCents: 72_000_00 },
        { code: "NOR-05", programme: "4411", description: "Seis marquesinas con información en tiempo real en la línea 3 del autobús urbano.", amountCents: 48_000_00 },
      ],
    },
    {
      name: "Ribera",
      totalCents: 450_000_00,
      lines: [
        { code: "RIB-01", programme: "1711", description: "Recuperación del sendero fluvial entre el puente de Hierro y el molino de la Aceña, con pasarela de madera de 320 metros.", amountCents: 142_600_00 },
        { code: "RIB-02", programme: "1340", description: "Carril bici segregado de 1,4 km en el paseo de la Ribera, conectado con la red del centro.", amountCents: 121_400_00 },
        { code: "RIB-03", programme: "1721", description: "Control de especies invasoras y plantación de ribera autóctona en las márgenes del arroyo Salado.", amountCents: 46_000_00 },
        { code: "RIB-04", programme: "3370", description: "Equipamiento del local juvenil de la Ribera: insonorización de una sala de ensayo y préstamo de instrumentos.", amountCents: 39_500_00 },
        { code: "RIB-05", programme: "1600", description: "Separación de pluviales en la calle Alfarería para acabar con las inundaciones en episodios de lluvia intensa.", amountCents: 64_000_00 },
        { code: "RIB-06", programme: "3380", description: "Escenario desmontable y gradas para las fiestas y actividades culturales al aire libre del barrio.", amountCents: 36_500_00 },
      ],
    },
    {
      name: "Sur",
      totalCents: 550_000_00,
      lines: [
        { code: "SUR-01", programme: "3421", description: "Reforma de los vestuarios del campo de fútbol municipal de Las Huertas con agua caliente solar.", amountCents: 134_200_00 },
        { code: "SUR-02", programme: "3321", description: "Sala de estudio de 40 puestos con wifi y horario ampliado en el centro cívico Sur.", amountCents: 87_300_00 },
        { code: "SUR-03", programme: "1532", description: "Accesibilidad de la avenida de Andalucía: rebaje de 34 bordillos y pavimento podotáctil en los pasos de peatones.", amountCents: 112_500_00 },
        { code: "SUR-04", programme: "1711", description: "Huertos urbanos comunitarios en la parcela municipal de la calle Jazmín, con 60 parcelas y punto de compostaje.", amountCents: 58_000_00 },
        { code: "SUR-05", programme: "3231", description: "Patio sombreado y renaturalizado en el CEIP Miguel Hernández, con fuente de agua potable.", amountCents: 96_000_00 },
        { code: "SUR-06", programme: "1630", description: "Treinta papeleras de recogida selectiva y cinco fuentes de agua potable en el parque del Sur.", amountCents: 27_800_00 },
        { code: "SUR-07", programme: "9240", description: "Dinamización vecinal: programa anual de talleres de participación y mediación comunitaria en el distrito.", amountCents: 34_200_00 },
      ],
    },
  ],
};

/** The outline of the demo budget, for tests and importers that need the plain figures. */
export const BUDGET_OUTLINE: Readonly<BudgetOutline> = OUTLINE;

/** Builds the budget document (fresh clause ids each time). */
export function budgetDocument() {
  return buildBudget(OUTLINE);
}
