import type { Node as PMNode } from "prosemirror-model";
import { newClauseId } from "../../collab/schema/clause-id";
import { documentSchema as s, type ArticleType } from "../../collab/schema/document-schema";

/**
 * Deterministic generated regulations for benchmarks and property tests: the same seed always
 * gives the same document (same ids, same words), so runs are comparable.
 */

/** A small seeded PRNG (mulberry32): fast, deterministic, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "el la los las de del en por para con sin sobre ayuntamiento vía pública vehículo peatón bicicleta carril " +
  "estacionamiento zona plazo autorización licencia persona titular municipal servicio transporte horario " +
  "ordenanza artículo norma sanción infracción leve grave muy procedimiento resolución órgano competente " +
  "movilidad acceso residente comercio carga descarga velocidad máxima señalización prioridad uso espacio"
).split(" ");

const HEADINGS = ["Objeto", "Ámbito de aplicación", "Definiciones", "Prioridad peatonal", "Carriles bici", "Horarios", "Autorizaciones", "Infracciones", "Sanciones", "Procedimiento", "Señalización", "Accesibilidad"];

/** Generator options. */
export interface GenerateOptions {
  seed: number;
  /** Number of ordinary articles (provisions are added on top). */
  articles: number;
  /** Articles per chapter (default 15). */
  perChapter?: number;
  /** Average words per paragraph (default 28). */
  words?: number;
}

function makeIds(rand: () => number): () => string {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  return () => newClauseId(bytes);
}

function sentence(rand: () => number, words: number): string {
  const n = Math.max(4, Math.round(words * (0.6 + rand() * 0.8)));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? "texto");
  const text = out.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function article(rand: () => number, id: () => string, words: number, type: ArticleType = "article"): PMNode {
  const blocks: PMNode[] = [];
  const paragraphs = 1 + Math.floor(rand() * 3);
  for (let p = 0; p < paragraphs; p++) blocks.push(s.nodes.paragraph.create({ id: id() }, s.text(sentence(rand, words))));
  if (rand() < 0.15) {
    const items = 2 + Math.floor(rand() * 3);
    blocks.push(
      s.nodes.list.create(
        { id: id(), ordered: true },
        Array.from({ length: items }, () => s.nodes.list_item.create({ id: id() }, s.text(sentence(rand, Math.ceil(words / 2))))),
      ),
    );
  }
  const heading = HEADINGS[Math.floor(rand() * HEADINGS.length)] ?? "Disposición";
  return s.nodes.article.create({ id: id(), type }, [s.nodes.heading.create(null, s.text(heading)), ...blocks]);
}

/** A regulation with `articles` articles in chapters (some split in sections) plus provisions. */
export function generateRegulation(options: GenerateOptions): PMNode {
  const rand = seededRandom(options.seed);
  const id = makeIds(rand);
  const words = options.words ?? 28;
  const perChapter = options.perChapter ?? 15;
  const chapters: PMNode[] = [];
  let made = 0;
  let chapterNo = 0;
  while (made < options.articles) {
    chapterNo++;
    const count = Math.min(perChapter, options.articles - made);
    const arts = Array.from({ length: count }, () => article(rand, id, words));
    made += count;
    const heading = s.nodes.heading.create(null, s.text(`Capítulo de prueba ${chapterNo}`));
    // Every third chapter groups its articles in two sections when it has enough of them.
    if (chapterNo % 3 === 0 && arts.length >= 2) {
      const half = Math.ceil(arts.length / 2);
      const sections = [arts.slice(0, half), arts.slice(half)].map((group, i) =>
        s.nodes.section.create({ id: id() }, [s.nodes.heading.create(null, s.text(`Sección de prueba ${i + 1}`)), ...group]),
      );
      chapters.push(s.nodes.chapter.create({ id: id() }, [heading, ...sections]));
    } else {
      chapters.push(s.nodes.chapter.create({ id: id() }, [heading, ...arts]));
    }
  }
  const provisions = [article(rand, id, words, "additional"), article(rand, id, words, "transitional"), article(rand, id, words, "final")];
  const doc = s.nodes.doc.create(null, [
    s.nodes.title.create(null, s.text(`Reglamento generado ${options.seed}`)),
    s.nodes.preamble.create(null, [s.nodes.paragraph.create({ id: id() }, s.text(sentence(rand, 60)))]),
    ...chapters,
    ...provisions,
  ]);
  doc.check();
  return doc;
}

/** Options for deriving a next version. */
export interface EditOptions {
  seed: number;
  /** Share of articles whose paragraphs get reworded (default 0.1). */
  editShare?: number;
  /** Articles added, removed and moved (defaults 3, 2, 2). */
  add?: number;
  remove?: number;
  move?: number;
}

/**
 * A next version of a generated regulation: some paragraphs reworded, some articles added,
 * removed, or moved to another chapter; kept clauses keep their ids, as publishing does.
 */
export function editRegulation(doc: PMNode, options: EditOptions): PMNode {
  const rand = seededRandom(options.seed);
  const id = makeIds(rand);
  const share = options.editShare ?? 0.1;
  const json = doc.toJSON() as DocJson;
  const chapters = (json.content ?? []).filter((n) => n.type === "chapter");
  const containers = chapters.flatMap((ch) => [ch, ...(ch.content ?? []).filter((n) => n.type === "section")]);
  const articleSlots = () =>
    containers.flatMap((container) => (container.content ?? []).map((node, index) => ({ container, index, node })).filter((x) => x.node.type === "article"));

  for (const slot of articleSlots()) {
    if (rand() >= share) continue;
    const para = (slot.node.content ?? []).find((n) => n.type === "paragraph");
    const textNode = para?.content?.[0];
    if (!textNode || typeof textNode.text !== "string") continue;
    const words = textNode.text.split(" ");
    const at = Math.floor(rand() * words.length);
    words.splice(at, rand() < 0.5 ? 1 : 0, WORDS[Math.floor(rand() * WORDS.length)] ?? "nuevo", "modificado");
    textNode.text = words.join(" ");
  }
  for (let i = 0; i < (options.remove ?? 2); i++) {
    const slots = articleSlots().filter((x) => (x.container.content ?? []).filter((n) => n.type === "article").length > 1);
    const victim = slots[Math.floor(rand() * slots.length)];
    if (victim) victim.container.content?.splice(victim.index, 1);
  }
  for (let i = 0; i < (options.move ?? 2); i++) {
    const slots = articleSlots().filter((x) => (x.container.content ?? []).filter((n) => n.type === "article").length > 1);
    const moving = slots[Math.floor(rand() * slots.length)];
    const target = containers[Math.floor(rand() * containers.length)];
    if (!moving || !target) continue;
    const [node] = moving.container.content?.splice(moving.index, 1) ?? [];
    if (node) target.content?.push(node);
  }
  for (let i = 0; i < (options.add ?? 3); i++) {
    const target = containers[Math.floor(rand() * containers.length)];
    const fresh = article(rand, id, 28).toJSON() as DocJson;
    target?.content?.splice(1 + Math.floor(rand() * ((target.content?.length ?? 1) - 1)), 0, fresh);
  }
  const next = s.nodeFromJSON(json);
  next.check();
  return next;
}

interface DocJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
  text?: string;
}
