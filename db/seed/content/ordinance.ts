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

/*
 * The text is written as a real draft would be: headings carry only the title of each unit
 * ("Objeto"), because "Artículo 1" or "Capítulo II" is derived from position when the
 * document is rendered. For the same reason the text never cites other articles by number —
 * a cross-reference would go stale as soon as residents' amendments add or move an article.
 */

const PREAMBLE: string[] = [
  "La movilidad de las personas es una de las funciones esenciales de la ciudad y, a la vez, una de las principales fuentes de ruido, contaminación atmosférica, siniestralidad y ocupación del espacio público. En Villanueva del Río, con algo más de 58.000 habitantes, el vehículo privado concentra todavía cerca de la mitad de los desplazamientos internos, pese a que dos de cada tres tienen menos de tres kilómetros y podrían hacerse a pie, en bicicleta o en transporte público.",
  "El artículo 25.2.g) de la Ley 7/1985, de 2 de abril, reguladora de las Bases del Régimen Local, atribuye al municipio competencias propias en materia de tráfico, estacionamiento de vehículos y movilidad, así como de transporte colectivo urbano, y el artículo 7 del texto refundido de la Ley sobre Tráfico, Circulación de Vehículos a Motor y Seguridad Vial, aprobado por el Real Decreto Legislativo 6/2015, de 30 de octubre, habilita a los municipios para ordenar y controlar el tráfico en las vías urbanas de su titularidad, regular mediante ordenanza sus usos y sancionar las infracciones que en ellas se cometan.",
  "A este marco se añaden obligaciones nuevas. La Ley 7/2021, de 20 de mayo, de cambio climático y transición energética, exige a los municipios de más de 50.000 habitantes adoptar planes de movilidad urbana sostenible que incluyan zonas de bajas emisiones, cuyos requisitos mínimos desarrolla el Real Decreto 1052/2022, de 27 de diciembre. Por su parte, el Real Decreto 970/2020, de 10 de noviembre, incorporó al Reglamento General de Circulación la figura de los vehículos de movilidad personal, cuyo uso cotidiano en el municipio ha crecido de manera notable en los últimos años y requiere reglas claras de convivencia con los peatones.",
  "La presente ordenanza da cumplimiento a esas obligaciones y sustituye a la Ordenanza Municipal de Circulación de 2004, cuyo texto, pensado casi exclusivamente para el automóvil, había quedado superado. Ordena la prioridad de los modos de desplazamiento empezando por el peatón, regula la circulación de bicicletas y vehículos de movilidad personal, refuerza la prioridad del autobús urbano, actualiza el régimen de aparcamiento y de carga y descarga, delimita la zona de bajas emisiones del casco antiguo y establece un régimen sancionador proporcionado y coherente con la legislación estatal.",
  "En su elaboración se han observado los principios de buena regulación del artículo 129 de la Ley 39/2015, de 1 de octubre, del Procedimiento Administrativo Común de las Administraciones Públicas. El borrador se somete a consulta y participación ciudadana a través de la plataforma municipal de participación, con carácter previo a su aprobación inicial por el Pleno conforme al artículo 49 de la Ley 7/1985, de modo que vecinas, vecinos, asociaciones y entidades puedan formular observaciones y propuestas de redacción a cada uno de sus preceptos.",
];

const OUTLINE: RegulationOutline = {
  title: ORDINANCE.title,
  preamble: PREAMBLE,
  chapters: [
    {
      heading: "Disposiciones generales",
      articles: [
        {
          heading: "Objeto",
          paragraphs: [
            "Esta ordenanza tiene por objeto regular los usos de las vías y espacios públicos urbanos del término municipal de Villanueva del Río para hacerlos compatibles de forma equitativa entre los distintos usuarios, garantizar la seguridad vial y la accesibilidad universal, y reducir las emisiones contaminantes y el ruido derivados del tráfico.",
            "En lo no previsto por esta ordenanza será de aplicación el texto refundido de la Ley sobre Tráfico, Circulación de Vehículos a Motor y Seguridad Vial, aprobado por el Real Decreto Legislativo 6/2015, de 30 de octubre, y sus reglamentos de desarrollo.",
          ],
        },
        {
          heading: "Ámbito de aplicación",
          paragraphs: [
            "Esta ordenanza se aplica en todas las vías urbanas de titularidad municipal y en las travesías cuya competencia corresponda al Ayuntamiento, así como en las vías y terrenos privados que sean utilizados por una colectividad indeterminada de usuarios.",
            "Quedan obligados a su cumplimiento los titulares y usuarios de las vías y terrenos mencionados, ya sea como peatones, conductores de cualquier tipo de vehículo o titulares de actividades que ocupen la vía pública.",
          ],
        },
        {
          heading: "Definiciones",
          paragraphs: [
            "A los efectos de esta ordenanza, además de las definiciones del anexo I del Real Decreto Legislativo 6/2015, se entiende por:",
            [
              "Zona peatonal: vía o conjunto de vías reservadas al tránsito de peatones, en las que la circulación de vehículos queda limitada a los supuestos expresamente autorizados.",
              "Calle de coexistencia: vía de plataforma única en la que los peatones tienen prioridad y comparten el espacio con los vehículos, que no pueden superar los 10 km/h.",
              "Vehículo de movilidad personal (VMP): vehículo de una o más ruedas dotado de una única plaza y propulsado exclusivamente por motores eléctricos, capaz de alcanzar una velocidad máxima por diseño comprendida entre 6 y 25 km/h.",
              "Zona de bajas emisiones (ZBE): ámbito delimitado en el que se aplican restricciones de acceso, circulación y estacionamiento de vehículos en función de su clasificación ambiental.",
              "Distintivo ambiental: etiqueta asignada por la Dirección General de Tráfico según el potencial contaminante del vehículo (0 emisiones, ECO, C o B).",
            ],
          ],
        },
        {
          heading: "Principios de la movilidad sostenible",
          paragraphs: [
            "La actuación municipal en materia de movilidad se regirá por los siguientes principios:",
            [
              "Prioridad de los desplazamientos a pie, en bicicleta y en transporte público sobre los realizados en vehículo privado motorizado.",
              "Seguridad vial, con especial protección de los usuarios más vulnerables: menores, personas mayores y personas con discapacidad o movilidad reducida.",
              "Accesibilidad universal de los itinerarios peatonales y del transporte público.",
              "Reducción de las emisiones contaminantes, de gases de efecto invernadero y del ruido.",
              "Participación de la ciudadanía en la planificación y evaluación de las políticas de movilidad.",
            ],
          ],
        },
        {
          heading: "Competencias municipales",
          paragraphs: [
            "Corresponde a la Alcaldía, o a la concejalía en que delegue, la ordenación y el control del tráfico en las vías urbanas, la señalización, la autorización de usos especiales de la vía pública y la incoación y resolución de los procedimientos sancionadores previstos en esta ordenanza.",
            "La Policía Local ejercerá las funciones de vigilancia, regulación del tráfico y denuncia de las infracciones, sin perjuicio de las que la normativa atribuya a otros agentes de la autoridad.",
            "El Ayuntamiento aprobará y revisará cada seis años el Plan de Movilidad Urbana Sostenible, que servirá de referencia para la aplicación de esta ordenanza.",
          ],
        },
      ],
    },
    {
      heading: "De los peatones",
      articles: [
        {
          heading: "Prioridad peatonal",
          paragraphs: [
            "Los peatones tienen prioridad de paso sobre los vehículos en los pasos señalizados, en las zonas peatonales, en las calles de coexistencia y al cruzar cualquier vía por la que un vehículo vaya a girar.",
            "Las aceras, paseos y demás espacios reservados a peatones no podrán ser ocupados por vehículos, salvo para acceder a garajes y vados debidamente autorizados y sin obstaculizar el paso.",
          ],
        },
        {
          heading: "Zonas peatonales",
          paragraphs: [
            "Las zonas peatonales se delimitarán mediante decreto de Alcaldía y se señalizarán en cada uno de sus accesos. La delimitación inicial comprende la Plaza Mayor y las calles Real, Feria, Sol y Alcazaba.",
            "En las zonas peatonales solo podrán circular, a velocidad no superior a 10 km/h, los siguientes vehículos:",
            [
              "Los de servicios de urgencia, seguridad, limpieza y mantenimiento municipal.",
              "Los de carga y descarga, de 7:00 a 11:00 horas en días laborables.",
              "Los de residentes con plaza de garaje en la zona, para acceder a ella por el itinerario más corto.",
              "Los que transporten a personas titulares de la tarjeta de estacionamiento para personas con discapacidad.",
              "Las bicicletas, a paso de peatón y cediendo siempre el paso a estos.",
            ],
          ],
        },
        {
          heading: "Calles de coexistencia y zonas 30",
          paragraphs: [
            "En las calles de coexistencia la velocidad máxima será de 10 km/h y los peatones podrán utilizar toda la anchura de la vía. El estacionamiento solo se permitirá en los lugares señalizados.",
            "Con carácter general, la velocidad máxima en las vías urbanas de un único carril por sentido será de 30 km/h, y de 20 km/h en las vías de plataforma única de calzada y acera, conforme al artículo 50 del Reglamento General de Circulación. El Ayuntamiento podrá fijar límites de 50 km/h en las vías de dos o más carriles por sentido que así se señalicen.",
          ],
        },
        {
          heading: "Caminos escolares seguros",
          paragraphs: [
            "El Ayuntamiento, en colaboración con los centros educativos y las asociaciones de familias, establecerá itinerarios escolares seguros con señalización específica, ensanchamiento de aceras y reducción de la velocidad a 20 km/h en su entorno.",
            "En un radio de 100 metros alrededor de los accesos de los centros educativos de infantil y primaria podrá restringirse la circulación de vehículos motorizados durante los quince minutos anteriores y posteriores a la entrada y salida del alumnado, salvo para residentes y servicios autorizados.",
          ],
        },
        {
          heading: "Ocupación y accesibilidad de las aceras",
          paragraphs: [
            "Toda ocupación de las aceras con terrazas, expositores, andamios u otros elementos requerirá licencia y deberá respetar un itinerario peatonal accesible libre de obstáculos de al menos 1,80 metros de anchura, conforme a la Orden TMA/851/2021, de 23 de julio.",
            "Queda prohibido depositar en las aceras bicicletas, vehículos de movilidad personal o cualquier otro objeto que reduzca dicho itinerario o dificulte la orientación de personas con discapacidad visual.",
          ],
        },
      ],
    },
    {
      heading: "De las bicicletas y los vehículos de movilidad personal",
      sections: [
        {
          heading: "Disposiciones comunes",
          articles: [
            {
              heading: "Normas generales de circulación",
              paragraphs: [
                "Las bicicletas y los vehículos de movilidad personal circularán preferentemente por los carriles y pistas bici y, en su defecto, por la calzada, ocupando la parte central del carril cuando la vía tenga un solo carril por sentido.",
                "Se prohíbe su circulación por las aceras y demás espacios reservados a peatones, salvo las bicicletas conducidas por menores de doce años acompañados, que lo harán a paso de peatón.",
                "Queda prohibido circular utilizando auriculares conectados a aparatos receptores o reproductores de sonido, o teléfonos móviles sostenidos con la mano, así como transportar a otra persona en vehículos diseñados para una sola plaza.",
              ],
            },
            {
              heading: "Alumbrado y elementos reflectantes",
              paragraphs: [
                "Cuando circulen entre la puesta y la salida del sol, o en condiciones de visibilidad reducida, las bicicletas y los vehículos de movilidad personal llevarán encendida una luz de posición delantera blanca y otra trasera roja, y sus conductores vestirán alguna prenda o elemento reflectante visible a 150 metros.",
              ],
            },
            {
              heading: "Carriles y pistas bici",
              paragraphs: [
                "La red municipal de vías ciclistas, cuyo trazado figura en el Plan de Movilidad Urbana Sostenible, está reservada a bicicletas y vehículos de movilidad personal, con una velocidad máxima de 20 km/h.",
                "Los peatones solo podrán cruzar los carriles bici por los lugares señalizados y los vehículos a motor no podrán detenerse ni estacionar sobre ellos en ningún caso.",
              ],
            },
          ],
        },
        {
          heading: "Bicicletas",
          articles: [
            {
              heading: "Aparcamiento de bicicletas",
              paragraphs: [
                "Las bicicletas se estacionarán preferentemente en los aparcabicis. Cuando no exista ninguno a menos de 50 metros, podrán amarrarse a elementos del mobiliario urbano siempre que no dañen el elemento, no obstaculicen el paso de peatones ni el acceso a portales, paradas o pasos de peatones.",
                "Las bicicletas que permanezcan amarradas más de treinta días en el mismo lugar, o que presenten signos evidentes de abandono, podrán ser retiradas por los servicios municipales previa advertencia colocada en el propio vehículo con setenta y dos horas de antelación.",
              ],
            },
            {
              heading: "Registro municipal de bicicletas",
              paragraphs: [
                "El Ayuntamiento mantendrá un registro voluntario y gratuito de bicicletas, vinculado al número de bastidor, con el fin de facilitar su identificación y devolución en caso de robo o pérdida.",
              ],
            },
            {
              heading: "Transporte de menores y de carga",
              paragraphs: [
                "Las bicicletas podrán llevar un menor de hasta siete años en un asiento adicional homologado, o transportar carga en remolques y semirremolques homologados, siempre que la persona conductora sea mayor de edad.",
                "Las bicicletas de carga destinadas al reparto de mercancías podrán utilizar las zonas de carga y descarga en los mismos horarios que los vehículos comerciales.",
              ],
            },
          ],
        },
        {
          heading: "Vehículos de movilidad personal",
          articles: [
            {
              heading: "Requisitos de los vehículos",
              paragraphs: [
                "Solo podrán circular por las vías urbanas los vehículos de movilidad personal que dispongan del certificado de circulación previsto en el Manual de características de los vehículos de movilidad personal aprobado por la Dirección General de Tráfico.",
                "Los vehículos cuya velocidad máxima por diseño supere los 25 km/h tienen la consideración de ciclomotores o motocicletas y se rigen por las normas aplicables a estos.",
              ],
            },
            {
              heading: "Circulación de vehículos de movilidad personal",
              paragraphs: [
                "Los vehículos de movilidad personal no podrán circular por las aceras, zonas peatonales, travesías, autovías ni túneles urbanos. Su velocidad máxima será de 25 km/h en calzada y de 20 km/h en los carriles bici.",
                "La edad mínima para conducirlos será de dieciséis años. Las personas menores de esa edad solo podrán utilizarlos en espacios cerrados al tráfico y bajo la supervisión de una persona adulta.",
                "Es obligatorio el uso de casco de protección homologado por las personas menores de dieciocho años y, con carácter general, cuando se circule por vías con límite de velocidad de 50 km/h.",
              ],
            },
            {
              heading: "Servicios de alquiler compartido",
              paragraphs: [
                "La prestación de servicios de alquiler sin base fija de bicicletas o vehículos de movilidad personal en la vía pública requerirá autorización municipal, que se otorgará en régimen de concurrencia por un plazo máximo de tres años y con un límite de 400 vehículos por operador.",
                "Los operadores deberán:",
                [
                  "Estacionar sus vehículos únicamente en las zonas reservadas que el Ayuntamiento señalice a tal efecto.",
                  "Retirar en un plazo máximo de dos horas los vehículos mal estacionados tras el aviso municipal.",
                  "Suscribir un seguro de responsabilidad civil que cubra los daños a terceros con un capital mínimo de 1.000.000 de euros.",
                  "Facilitar al Ayuntamiento, de forma anonimizada, los datos de uso necesarios para la planificación de la movilidad.",
                ],
              ],
            },
            {
              heading: "Seguro de responsabilidad civil",
              paragraphs: [
                "Las personas titulares de vehículos de movilidad personal destinados a actividades económicas, de turismo o de ocio deberán contar con un seguro de responsabilidad civil por los daños que puedan causar a terceros.",
              ],
            },
          ],
        },
      ],
    },
    {
      heading: "Del transporte público",
      articles: [
        {
          heading: "Prioridad del transporte público colectivo",
          paragraphs: [
            "El autobús urbano tiene prioridad en la planificación y gestión del tráfico. El Ayuntamiento implantará carriles reservados, prioridad semafórica y plataformas de parada en las vías en que la velocidad comercial del servicio sea inferior a 14 km/h.",
            "Los conductores de los demás vehículos deberán facilitar la incorporación al tráfico de los autobuses urbanos que, habiendo señalizado su intención, salgan de una parada.",
          ],
        },
        {
          heading: "Carriles reservados al transporte público",
          paragraphs: [
            "Los carriles bus solo podrán ser utilizados por autobuses de transporte regular de viajeros, taxis con pasaje o en servicio, vehículos de emergencia y, cuando así se señalice, bicicletas.",
            "Los demás vehículos únicamente podrán invadir el carril bus para acceder a un garaje o para girar a la derecha en la intersección inmediata, y nunca podrán detenerse ni estacionar en él.",
          ],
        },
        {
          heading: "Paradas",
          paragraphs: [
            "Las paradas del transporte público se señalizarán con marca vial amarilla en zigzag y en ellas queda prohibido detenerse o estacionar a cualquier otro vehículo. Se dotarán de marquesina, información en tiempo real y accesos adaptados cuando la anchura de la acera lo permita.",
          ],
        },
        {
          heading: "Servicio de taxi",
          paragraphs: [
            "Los taxis podrán detenerse en la vía pública para tomar o dejar pasajeros siempre que no obstaculicen la circulación ni pongan en peligro la seguridad vial, y estacionar en espera de servicio únicamente en las paradas señalizadas.",
            "Los taxis calificados como 0 emisiones o ECO tendrán acceso a la zona de bajas emisiones en servicio y sin pasaje.",
          ],
        },
        {
          heading: "Transporte escolar y discrecional",
          paragraphs: [
            "Los autobuses de transporte escolar y discrecional efectuarán la subida y bajada de viajeros exclusivamente en los puntos que el Ayuntamiento autorice. El estacionamiento de autobuses en espera solo se permitirá en el aparcamiento de autocares de la avenida del Ferial, de 8:00 a 22:00 horas.",
          ],
        },
      ],
    },
    {
      heading: "Del aparcamiento y la carga y descarga",
      sections: [
        {
          heading: "Estacionamiento",
          articles: [
            {
              heading: "Normas generales de estacionamiento",
              paragraphs: [
                "Los vehículos se estacionarán paralelamente al bordillo, salvo que la señalización indique otra disposición, dejando un espacio no inferior a 20 centímetros entre vehículos y de forma que no impidan la salida de otros ya estacionados.",
                "Queda prohibido estacionar en doble fila, sobre aceras, pasos de peatones, carriles bici y carriles bus, en vados autorizados, en las plazas reservadas sin título habilitante y en los lugares que obstaculicen gravemente la circulación.",
              ],
            },
            {
              heading: "Estacionamiento regulado",
              paragraphs: [
                "El Ayuntamiento podrá establecer zonas de estacionamiento regulado con limitación horaria, en las que el estacionamiento se someterá al pago de la tasa fijada en la ordenanza fiscal correspondiente, de lunes a viernes de 9:00 a 14:00 y de 17:00 a 20:00 horas, y los sábados de 9:00 a 14:00 horas.",
                "En las zonas de estacionamiento regulado se distinguirán:",
                [
                  "Plazas azules, de rotación, con una duración máxima de dos horas.",
                  "Plazas verdes, preferentes para residentes del barrio con distintivo municipal, en las que el resto de usuarios podrá estacionar un máximo de una hora.",
                ],
                "Los vehículos con distintivo ambiental 0 emisiones quedarán exentos del pago de la tasa, aunque no de la limitación horaria.",
              ],
            },
            {
              heading: "Plazas reservadas para personas con movilidad reducida",
              paragraphs: [
                "Se reservará al menos una plaza de estacionamiento para personas con movilidad reducida por cada cuarenta plazas o fracción en las zonas de estacionamiento regulado, y en las proximidades de los centros sanitarios, educativos, administrativos y deportivos.",
                "Los vehículos que exhiban la tarjeta de estacionamiento para personas con discapacidad podrán estacionar sin limitación de tiempo en las plazas de estacionamiento regulado, conforme al Real Decreto 1056/2014, de 12 de diciembre.",
              ],
            },
          ],
        },
        {
          heading: "Carga y descarga",
          articles: [
            {
              heading: "Zonas de carga y descarga",
              paragraphs: [
                "Las operaciones de carga y descarga se realizarán en las zonas reservadas y señalizadas a tal efecto, de lunes a sábado de 8:00 a 13:00 horas y de 16:00 a 18:00 horas, por un tiempo máximo de treinta minutos, que se acreditará mediante disco horario o aplicación móvil municipal.",
                "Fuera de dichos horarios, las zonas de carga y descarga podrán ser utilizadas para el estacionamiento de turismos por un tiempo máximo de dos horas.",
              ],
            },
            {
              heading: "Condiciones de las operaciones",
              paragraphs: [
                "Las mercancías se cargarán y descargarán por el lado del vehículo más próximo al bordillo, sin depositarlas en la calzada o en la acera, con el personal suficiente para terminar la operación lo antes posible y evitando ruidos innecesarios.",
                "En el interior de la zona de bajas emisiones, la distribución de mercancías con vehículos de más de 3.500 kilogramos de masa máxima autorizada solo se permitirá de 7:00 a 10:00 horas.",
              ],
            },
          ],
        },
        {
          heading: "Retirada e inmovilización de vehículos",
          articles: [
            {
              heading: "Retirada de vehículos de la vía pública",
              paragraphs: [
                "La Policía Local podrá ordenar la retirada de un vehículo de la vía pública y su traslado al depósito municipal en los supuestos del artículo 105 del Real Decreto Legislativo 6/2015 y, en particular, cuando:",
                [
                  "Esté estacionado en un carril bus, en un carril bici, en un paso de peatones o en una plaza reservada a personas con movilidad reducida sin la tarjeta correspondiente.",
                  "Obstaculice la entrada o salida de un vado autorizado, de un garaje o de un servicio de urgencias.",
                  "Permanezca estacionado en zona de estacionamiento regulado sin título habilitante o por tiempo superior al doble del abonado.",
                  "Se encuentre en presunta situación de abandono, conforme a la normativa de residuos.",
                ],
                "Los gastos de retirada y depósito serán de cuenta del titular del vehículo, según la ordenanza fiscal correspondiente, y su pago será requisito previo a la devolución.",
              ],
            },
          ],
        },
      ],
    },
    {
      heading: "De la zona de bajas emisiones",
      articles: [
        {
          heading: "Delimitación",
          paragraphs: [
            "Se establece la zona de bajas emisiones del Casco Antiguo, delimitada por la ronda de la Muralla, el paseo de la Ribera, la avenida de Andalucía y la calle Santa Clara, incluidas estas vías en su perímetro. Su delimitación gráfica figura en el plano anexo y podrá ampliarse mediante modificación de esta ordenanza.",
            "La zona se señalizará en todos sus accesos conforme al Real Decreto 1052/2022 y la señal de zona de bajas emisiones del Catálogo oficial de señales de circulación.",
          ],
        },
        {
          heading: "Restricciones de acceso y circulación",
          paragraphs: [
            "Podrán acceder y circular libremente por la zona de bajas emisiones los vehículos con distintivo ambiental 0 emisiones, ECO y C, así como las bicicletas y los vehículos de movilidad personal.",
            "Los vehículos con distintivo B podrán acceder de 7:00 a 21:00 horas para estacionar en aparcamientos públicos o privados situados en el interior de la zona, y los vehículos sin distintivo ambiental no podrán acceder salvo en los supuestos exceptuados por esta ordenanza.",
          ],
        },
        {
          heading: "Excepciones",
          paragraphs: [
            "Quedan exceptuados de las restricciones de acceso, previa inscripción en el registro municipal de vehículos autorizados, los siguientes vehículos:",
            [
              "Los de personas empadronadas en la zona y los de titulares de plaza de garaje en ella.",
              "Los que transporten a personas titulares de la tarjeta de estacionamiento para personas con discapacidad.",
              "Los de servicios de emergencia, seguridad, sanitarios, de limpieza y de mantenimiento de servicios públicos.",
              "Los vehículos históricos, conforme al Reglamento de Vehículos Históricos.",
              "Los de personas que acrediten asistencia a tratamientos médicos periódicos en centros sanitarios de la zona.",
            ],
          ],
        },
        {
          heading: "Calendario de implantación",
          paragraphs: [
            "Las restricciones se aplicarán progresivamente: durante los seis primeros meses de vigencia la detección de accesos no autorizados dará lugar únicamente a un aviso informativo; a partir del séptimo mes se aplicará el régimen sancionador a los vehículos sin distintivo ambiental, y a partir del 1 de enero de 2029, a los vehículos con distintivo B fuera del horario permitido.",
          ],
        },
        {
          heading: "Control y protección de datos",
          paragraphs: [
            "El cumplimiento de las restricciones se controlará mediante cámaras de lectura de matrículas situadas en los accesos a la zona. Las imágenes se utilizarán exclusivamente para la comprobación del distintivo ambiental y de las autorizaciones, y se suprimirán en el plazo de treinta días salvo que sean necesarias para un procedimiento sancionador.",
            "El tratamiento de los datos se ajustará al Reglamento (UE) 2016/679 y a la Ley Orgánica 3/2018, de 5 de diciembre, de Protección de Datos Personales y garantía de los derechos digitales.",
          ],
        },
        {
          heading: "Episodios de alta contaminación",
          paragraphs: [
            "Cuando se active el protocolo municipal por episodios de alta contaminación por dióxido de nitrógeno, la Alcaldía podrá extender temporalmente la restricción a los vehículos con distintivo B y C, reducir la velocidad máxima en las vías de acceso y reforzar el servicio de autobús urbano, comunicándolo con al menos doce horas de antelación.",
          ],
        },
      ],
    },
    {
      heading: "Régimen sancionador",
      articles: [
        {
          heading: "Infracciones",
          paragraphs: [
            "Constituyen infracciones administrativas las acciones u omisiones contrarias a esta ordenanza, que se clasifican en leves, graves y muy graves.",
            "Las infracciones en materia de tráfico, circulación y seguridad vial se tipifican y sancionan conforme a los artículos 74 a 77 del Real Decreto Legislativo 6/2015. Las demás infracciones de esta ordenanza se tipifican al amparo del título XI de la Ley 7/1985.",
          ],
        },
        {
          heading: "Infracciones leves",
          paragraphs: [
            "Son infracciones leves, entre otras:",
            [
              "Amarrar bicicletas o vehículos de movilidad personal a elementos del mobiliario urbano no destinados a ello cuando exista un aparcabicis libre a menos de 50 metros.",
              "Circular en bicicleta o vehículo de movilidad personal sin el alumbrado o los elementos reflectantes obligatorios.",
              "Exceder el tiempo máximo de estacionamiento en zonas de estacionamiento regulado o de carga y descarga.",
              "Cualquier otro incumplimiento de esta ordenanza que no esté calificado como grave o muy grave.",
            ],
          ],
        },
        {
          heading: "Infracciones graves",
          paragraphs: [
            "Son infracciones graves, entre otras:",
            [
              "Circular con un vehículo de movilidad personal o una bicicleta por las aceras o zonas peatonales, salvo en los casos permitidos.",
              "Estacionar en carriles bus o bici, en pasos de peatones, en doble fila o en plazas reservadas a personas con movilidad reducida.",
              "Acceder a la zona de bajas emisiones con un vehículo que no cumpla los requisitos establecidos y no esté exceptuado.",
              "Circular utilizando auriculares o sosteniendo el teléfono móvil con la mano.",
              "Incumplir los operadores de alquiler compartido la obligación de retirar los vehículos mal estacionados.",
            ],
          ],
        },
        {
          heading: "Infracciones muy graves",
          paragraphs: [
            "Son infracciones muy graves, además de las previstas en el artículo 77 del Real Decreto Legislativo 6/2015, la conducción temeraria de bicicletas o vehículos de movilidad personal por zonas peatonales poniendo en peligro a los peatones y la prestación de servicios de alquiler compartido sin autorización municipal.",
          ],
        },
        {
          heading: "Sanciones",
          paragraphs: [
            "Las infracciones leves se sancionarán con multa de hasta 100 euros; las graves, con multa de 200 euros, y las muy graves, con multa de 500 euros. La prestación de servicios de alquiler compartido sin autorización se sancionará con multa de 1.501 a 3.000 euros, conforme al artículo 141 de la Ley 7/1985.",
            "Las personas denunciadas podrán abonar la multa con una reducción del 50 por ciento dentro de los veinte días naturales siguientes a la notificación de la denuncia, en los términos del artículo 94 del Real Decreto Legislativo 6/2015.",
            "Las sanciones por infracciones leves cometidas por menores de edad podrán sustituirse, con el consentimiento de sus representantes legales, por la asistencia a un curso municipal de educación vial.",
          ],
        },
        {
          heading: "Graduación de las sanciones",
          paragraphs: [
            "Dentro de los límites legales, la cuantía de las multas se graduará atendiendo a la gravedad y trascendencia del hecho, el riesgo generado para los usuarios vulnerables, los antecedentes del infractor, la reincidencia y el criterio de proporcionalidad.",
          ],
        },
        {
          heading: "Procedimiento sancionador",
          paragraphs: [
            "El procedimiento sancionador se ajustará a lo dispuesto en el título V del Real Decreto Legislativo 6/2015 para las infracciones de tráfico y, para las demás, a la Ley 39/2015 y a la Ley 40/2015, de 1 de octubre, de Régimen Jurídico del Sector Público.",
            "Las notificaciones se practicarán preferentemente en la Dirección Electrónica Vial o, en su defecto, en el domicilio que conste en los registros de la Dirección General de Tráfico.",
          ],
        },
        {
          heading: "Personas responsables",
          paragraphs: [
            "La responsabilidad por las infracciones recaerá directamente en el autor del hecho. El titular del vehículo está obligado a identificar verazmente al conductor responsable cuando sea requerido para ello, y su incumplimiento sin causa justificada será sancionado conforme al artículo 11 del Real Decreto Legislativo 6/2015.",
            "Cuando la persona autora sea menor de dieciocho años, responderán solidariamente con ella sus padres, tutores o guardadores legales.",
          ],
        },
      ],
    },
  ],
  provisions: [
    {
      type: "additional",
      heading: "Evaluación de la ordenanza",
      paragraphs: [
        "El Ayuntamiento publicará cada dos años en la plataforma municipal de participación un informe de evaluación de esta ordenanza que incluirá, al menos, la evolución del reparto modal, la siniestralidad, la calidad del aire en la zona de bajas emisiones y el número de denuncias por tipo de infracción.",
      ],
    },
    {
      type: "additional",
      heading: "Actualización de cuantías",
      paragraphs: [
        "Las cuantías de las multas se entenderán automáticamente actualizadas cuando lo sean las previstas en la legislación estatal sobre tráfico y seguridad vial.",
      ],
    },
    {
      type: "transitional",
      heading: "Autorizaciones de alquiler compartido vigentes",
      paragraphs: [
        "Los operadores que a la entrada en vigor de esta ordenanza presten servicios de alquiler compartido de bicicletas o vehículos de movilidad personal dispondrán de un plazo de seis meses para obtener la autorización municipal, durante el cual deberán respetar las zonas de estacionamiento señalizadas.",
      ],
    },
    {
      type: "transitional",
      heading: "Distintivos de residentes",
      paragraphs: [
        "Los distintivos de residente expedidos conforme a la normativa anterior conservarán su validez hasta su fecha de caducidad, y en todo caso hasta el 31 de diciembre de 2027.",
      ],
    },
    {
      type: "derogatory",
      heading: "Derogación normativa",
      paragraphs: [
        "Queda derogada la Ordenanza Municipal de Circulación de Villanueva del Río, aprobada por el Pleno el 15 de marzo de 2004, así como cuantas disposiciones municipales de igual o inferior rango se opongan a lo establecido en esta ordenanza.",
      ],
    },
    {
      type: "final",
      heading: "Habilitación para el desarrollo",
      paragraphs: [
        "Se faculta a la Alcaldía para dictar cuantas resoluciones sean necesarias para el desarrollo y aplicación de esta ordenanza, incluida la delimitación de zonas peatonales, calles de coexistencia y zonas de estacionamiento regulado.",
      ],
    },
    {
      type: "final",
      heading: "Entrada en vigor",
      paragraphs: [
        "Esta ordenanza entrará en vigor una vez publicado su texto íntegro en el Boletín Oficial de la Provincia y transcurrido el plazo previsto en el artículo 65.2 de la Ley 7/1985, de 2 de abril, reguladora de las Bases del Régimen Local.",
      ],
    },
  ],
};

/** The outline of the demo ordinance, for tests and importers that need the plain text. */
export const ORDINANCE_OUTLINE: Readonly<RegulationOutline> = OUTLINE;

/** Builds the ordinance document (fresh clause ids each time). */
export function ordinanceDocument() {
  return buildRegulation(OUTLINE);
}
